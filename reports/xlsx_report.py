"""The audit report as an Excel workbook: 汇总, one sheet per check found, 栏目."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from reports import labels

SUMMARY_SHEET = "汇总"
COLUMNS_SHEET = "栏目"
FINDING_HEADER = ("严重程度", "问题描述", "网址", "所在页面", "证据")
FINDING_WIDTHS = (10, 48, 50, 50, 70)
COLUMN_HEADER = ("栏目", "类别", "条目数", "最近更新", "近7天新增", "状态", "网址")
COLUMN_WIDTHS = (24, 12, 10, 12, 12, 10, 60)
EVIDENCE_ITEMS = 50  # list items of evidence written in a cell before "等共N项"
CELL_LIMIT = 32767  # Excel's most characters in one cell
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE1E6")
SEVERITY_FILLS = {"veto": PatternFill("solid", fgColor="F4C7C3"),
                  "deduct": PatternFill("solid", fgColor="FCE8B2"),
                  "warn": PatternFill("solid", fgColor="FFF6D5")}
MARKED_FILL = PatternFill("solid", fgColor="FDECEA")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_audit_xlsx(report: Mapping[str, Any], path: str | Path) -> Path:
    """Write the workbook of one audit report (SPEC §4) to ``path``."""
    path = Path(path)
    build_audit_xlsx(report).save(str(path))
    return path


def build_audit_xlsx(report: Mapping[str, Any]) -> Workbook:
    workbook = Workbook()
    findings = report.get("findings") or []
    groups = labels.group_findings(findings)
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    sheet_names = {SUMMARY_SHEET, COLUMNS_SHEET}
    group_sheets = []
    for group in groups:
        name = sheet_name(group.label, sheet_names)
        sheet_names.add(name)
        group_sheets.append(name)
        _write_findings(workbook.create_sheet(name), group.findings)
    _write_summary(summary, report, list(zip(groups, group_sheets)))
    _write_columns(workbook.create_sheet(COLUMNS_SHEET), report.get("columns") or [],
                   labels.marked_columns(findings))
    return workbook


def _write_summary(sheet: Worksheet, report: Mapping[str, Any],
                   groups: list[tuple[labels.FindingGroup, str]]) -> None:
    site = report.get("site") or {}
    verdict = report.get("verdict") or {}
    findings = report.get("findings") or []
    rows: list[tuple[Any, ...]] = [
        ("项目", "内容"),
        ("网站名称", site.get("name")),
        ("主办单位", site.get("organizer")),
        ("网站标识码", site.get("site_code")),
        ("网址", site.get("url")),
        ("监测时间点", report.get("as_of")),
        ("检查开始", labels.format_time(report.get("started_at"))),
        ("检查结束", labels.format_time(report.get("finished_at"))),
        ("时间", labels.TIME_NOTE),
        ("检查结论", labels.verdict_label(verdict.get("result"))),
        ("判定依据", "\n".join(labels.verdict_reasons(verdict)) or "—"),
    ]
    rows += [(labels.stats_label(k), v) for k, v in (report.get("stats") or {}).items()]
    rows.append(("发现问题", len(findings)))
    rows += [(labels.severity_label(s), n) for s, n in labels.count_by_severity(findings).items()]
    rows += [(f"未检查：{labels.check_label(check)}", reason or "原因不明")
             for check, reason in labels.not_checked(report)]
    rows += [(f"未检查页面（{why}）", count) for why, count in labels.unchecked_counts(report)]
    for key, label, extra in labels.report_extras(report):
        if isinstance(extra, Mapping):
            rows += [(f"{label}：{labels.evidence_label(str(k))}", _summary_value(v, str(k)))
                     for k, v in extra.items()]
        else:
            rows.append((label, _summary_value(extra, key)))
    for row in rows:
        append_row(sheet, row)
    style_header(sheet, 1)
    append_check_counts(sheet, groups)
    set_widths(sheet, (28, 80, 10, 10, 10, 16))
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):
        link_cell(cell)  # before the alignment: a named style replaces it
        cell.alignment = WRAP


def _summary_value(value: Any, key: str) -> Any:
    """Counts stay numbers (they add up in Excel); anything else reads as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return labels.value_text(value, key)


def _write_findings(sheet: Worksheet, findings: list[dict[str, Any]]) -> None:
    append_row(sheet, FINDING_HEADER)
    for finding in findings:
        severity = finding.get("severity")
        append_row(sheet, (labels.severity_label(severity), finding.get("message"),
                           finding.get("url"), finding.get("page"), evidence_cell(finding)))
        style_finding_row(sheet, severity, severity_column=1, link_columns=(3, 4))
    finish_table(sheet, FINDING_WIDTHS)


def evidence_cell(finding: Mapping[str, Any]) -> str:
    return labels.evidence_text(finding.get("evidence"), max_items=EVIDENCE_ITEMS, separator="\n")


def style_finding_row(sheet: Worksheet, severity: str | None, *, severity_column: int,
                      link_columns: Sequence[int]) -> None:
    """The row just appended: its severity coloured, its URLs clickable, its text wrapped."""
    row = sheet.max_row
    if severity in SEVERITY_FILLS:
        sheet.cell(row, severity_column).fill = SEVERITY_FILLS[severity]
    for column in link_columns:
        link_cell(sheet.cell(row, column))
    for cell in sheet[row]:
        cell.alignment = WRAP


def _write_columns(sheet: Worksheet, columns: Iterable[Mapping[str, Any]],
                   marks: Mapping[str, str]) -> None:
    append_row(sheet, COLUMN_HEADER)
    for column in columns:
        mark = marks.get(column.get("url") or "", "")
        append_row(sheet, (column.get("name"), labels.category_label(column.get("category")),
                        column.get("items"), column.get("latest"), column.get("new_last_7_days"),
                        mark, column.get("url")))
        link_cell(sheet.cell(sheet.max_row, len(COLUMN_HEADER)))
        if mark:
            for cell in sheet[sheet.max_row]:
                cell.fill = MARKED_FILL
    finish_table(sheet, COLUMN_WIDTHS)


def append_check_counts(sheet: Worksheet, groups: Sequence[tuple[Any, str]]) -> None:
    """Under a summary: findings per check and severity, each row linking to its sheet."""
    if not groups:
        return
    sheet.append(())
    first = sheet.max_row + 1
    append_row(sheet, ("检查项", *labels.SEVERITY_LABELS.values(), "合计", "工作表"))
    style_header(sheet, first)
    for group, name in groups:
        counts = group.counts()
        append_row(sheet, (group.label, *(counts.get(s, 0) for s in labels.SEVERITY_LABELS),
                           len(group.findings), name))
        label_cell = sheet.cell(sheet.max_row, 1)
        label_cell.hyperlink = Hyperlink(ref=label_cell.coordinate, location=f"'{name}'!A1")


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row of plain values; text stays text even when it starts with "="."""
    sheet.append([_cell_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # a page title "=HYPERLINK(…)" must not become a formula


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = labels.format_scalar(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:CELL_LIMIT]


def link_cell(cell: Any) -> None:
    if labels.is_web_url(cell.value):
        cell.hyperlink = cell.value
        cell.style = "Hyperlink"


def style_header(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def finish_table(sheet: Worksheet, widths: Sequence[int]) -> None:
    """Header styled and frozen, autofilter over the whole table."""
    style_header(sheet, 1)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    set_widths(sheet, widths)


def set_widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def sheet_name(label: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, at most 31 characters."""
    base = _SHEET_NAME_FORBIDDEN.sub("_", label).strip("'")[:31] or "检查项"
    name, number = base, 2
    while name in taken:
        suffix = f"_{number}"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    return name
