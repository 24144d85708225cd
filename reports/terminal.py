"""A short summary of an audit report on the terminal (rich)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reports import labels

TOP_FINDINGS = 12  # with the lines around them the summary stays a screenful
SEVERITY_STYLES = {"veto": "bold red", "deduct": "dark_orange", "warn": "yellow"}
VERDICT_STYLES = {"pass": "bold green", "fail": "bold red", "unchecked": "bold yellow"}
FORMAT_NAMES = {"json": "JSON", "html": "HTML", "docx": "Word", "xlsx": "Excel"}


def print_summary(report: Mapping[str, Any], console: Console,
                  paths: Mapping[str, Path] | None = None) -> None:
    """Verdict, counts by severity and by check, the top findings, and where reports went."""
    site = report.get("site") or {}
    verdict = report.get("verdict") or {}
    findings = report.get("findings") or []

    # Text objects throughout: messages and names may hold "[...]", which is not markup here.
    console.print(Text.assemble((site.get("name") or "政府网站", "bold"), "  ", site.get("url") or "",
                                "  监测时间点 ", str(report.get("as_of") or "—")))
    if report.get("homepage_error"):
        console.print(Text(f"首页无法读取：{report['homepage_error']}；依赖首页内容的检查未能进行，"
                           "结论不完整。", style="bold red"))
    result = verdict.get("result")
    console.print(Text.assemble("检查结论：", (labels.verdict_label(result),
                                          VERDICT_STYLES.get(result, "bold"))))
    for reason in labels.verdict_reasons(verdict):
        console.print(Text("  · " + reason))

    stats = report.get("stats") or {}
    if stats:
        console.print(Text("  ".join(f"{labels.stats_label(k)} {labels.format_scalar(v, k)}"
                                     for k, v in stats.items()), style="dim"))

    counts = labels.count_by_severity(findings)
    line = Text(f"发现问题 {len(findings)} 条")
    for severity, count in counts.items():
        line.append("  ")
        line.append(f"{labels.severity_label(severity)} {count}", SEVERITY_STYLES.get(severity, ""))
    console.print(line)

    groups = labels.group_findings(findings)
    if groups:
        console.print(_checks_table(groups))
        _print_top_findings(console, findings)

    for check, reason in labels.not_checked(report):
        console.print(Text(f"未检查：{labels.check_label(check)}（{reason or '原因不明'}）", style="dim"))
    unchecked = labels.unchecked_counts(report)
    if unchecked:
        console.print(Text("未检查页面：" + "，".join(f"{why} {n}" for why, n in unchecked), style="dim"))

    for fmt, path in (paths or {}).items():
        console.print(Text.assemble(f"{FORMAT_NAMES.get(fmt, fmt)}报告：", (str(path), "cyan")),
                      soft_wrap=True)


def _checks_table(groups: list[labels.FindingGroup]) -> Table:
    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("检查项")
    for severity in labels.SEVERITY_LABELS:
        table.add_column(labels.severity_label(severity), justify="right",
                         style=SEVERITY_STYLES[severity])
    table.add_column("合计", justify="right")
    for group in groups:
        counts = group.counts()
        table.add_row(group.label, *(str(counts.get(s, "")) for s in labels.SEVERITY_LABELS),
                      str(len(group.findings)))
    return table


def _print_top_findings(console: Console, findings: list[dict[str, Any]]) -> None:
    ordered = labels.sorted_findings(findings)
    for finding in ordered[:TOP_FINDINGS]:
        severity = finding.get("severity")
        console.print(Text.assemble(
            (f"[{labels.severity_label(severity)}] ", SEVERITY_STYLES.get(severity, "")),
            (labels.check_label(finding.get("check")) + "  ", "bold"),
            finding.get("message") or "",
            ("  " + (finding.get("url") or ""), "dim"),
        ))
    if len(ordered) > TOP_FINDINGS:
        console.print(Text(f"… 另有 {len(ordered) - TOP_FINDINGS} 条，详见报告", style="dim"))
