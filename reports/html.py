"""The audit report as one self-contained Chinese HTML page (no external assets)."""
from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from jinja2 import Environment, FileSystemLoader

from reports import labels

TEMPLATES = Path(__file__).parent / "templates"


FOLD_AFTER = 5  # list items and table rows shown before the rest is folded


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # A missing optional field renders empty (shown as "—"), so a partial report still renders.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        check_label=labels.check_label,
        severity_label=labels.severity_label,
        category_label=labels.category_label,
        status_label=labels.status_label,
        evidence_label=labels.evidence_label,
        stats_label=labels.stats_label,
        format_scalar=labels.format_scalar,
        format_time=labels.format_time,
        time_note=labels.TIME_NOTE,
        value_kind=labels.value_kind,
        record_columns=labels.record_columns,
        shown_items=labels.shown_items,
        is_web_url=labels.is_web_url,
        fold_text=labels.fold_text,
        fold_after=FOLD_AFTER,
    )
    return env


def render_audit_html(report: Mapping[str, Any],
                      pictures: Mapping[str, bytes] | None = None) -> str:
    """Render an audit report (SPEC §4, ``govpatrol.audit/1``) as an HTML page; ``pictures``
    (page url -> PNG taken by the audit) are shown inline beside their findings."""
    findings = report.get("findings") or []
    verdict = report.get("verdict") or {}
    return _environment().get_template("audit.html.j2").render(
        report=report,
        site=report.get("site") or {},
        verdict=verdict,
        verdict_text=labels.verdict_label(verdict.get("result")),
        reasons=labels.verdict_reasons(verdict),
        stats=report.get("stats") or {},
        severity_counts=labels.count_by_severity(findings),
        groups=labels.group_findings(findings),
        columns=report.get("columns") or [],
        column_marks=labels.marked_columns(findings),
        not_checked=labels.not_checked(report),
        unchecked=labels.unchecked_counts(report),
        check_statuses=report.get("checks") or {},
        extras=labels.report_extras(report),
        pictures={url: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
                  for url, png in (pictures or {}).items()},
    )
