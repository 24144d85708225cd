"""The notice's workbook: 汇总, every subject inspected, one sheet per check with every finding
of the period (warnings included), and the 新发现 / 重复出现 / 已整改 list.

Every table has its header frozen and an autofilter, so that an inspector can sort and
filter by site, severity or change.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from checks.base import severity_rank
from reports import labels
from reports.labels import platform_label
from reports.notice_model import CHANGE_LABELS, NoticeData, Subject, cn_date
from reports.xlsx_report import (
    SEVERITY_FILLS, WRAP, append_check_counts, append_row, evidence_cell, finish_table, link_cell,
    set_widths, sheet_name, style_finding_row, style_header,
)

SUMMARY_SHEET = "汇总"
SUBJECTS_SHEET = "检查对象"
CHANGES_SHEET = "问题变化"
SUBJECT_HEADER = ("序号", "类型", "名称", "主办单位", "平台", "网址", "监测时间点", "检查状态",
                  "检查结论", "单项否决", "扣分", "预警", "判定依据")
SUBJECT_WIDTHS = (6, 12, 30, 26, 10, 44, 12, 10, 10, 10, 8, 8, 50)
FINDING_HEADER = ("名称", "类型", "主办单位", "严重程度", "问题描述", "网址", "所在页面", "证据",
                  "变化", "监测时间点")
FINDING_WIDTHS = (28, 12, 24, 10, 48, 50, 50, 70, 10, 12)
CHANGE_HEADER = ("变化", "名称", "检查项", "问题描述", "网址", "首次发现", "整改日期")
CHANGE_WIDTHS = (10, 30, 16, 50, 50, 12, 12)


def write_notice_xlsx(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    build_notice_xlsx(data).save(str(path))
    return path


def build_notice_xlsx(data: NoticeData) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    taken = {SUMMARY_SHEET, SUBJECTS_SHEET, CHANGES_SHEET}
    _write_subjects(workbook.create_sheet(SUBJECTS_SHEET), data)
    groups = labels.group_findings(f for _subject, f in data.findings)
    sheets: list[tuple[labels.FindingGroup, str]] = []
    for group in groups:
        name = sheet_name(group.label, taken)
        taken.add(name)
        sheets.append((group, name))
    for group, name in sheets:
        _write_findings(workbook.create_sheet(name), _with_subjects(data, group.check))
    _write_changes(workbook.create_sheet(CHANGES_SHEET), data)
    _write_summary(summary, data, sheets)
    return workbook


def _with_subjects(data: NoticeData, check: str) -> list[tuple[Subject, dict[str, Any]]]:
    """The findings of one check with the subject that has each, worst first, sites first."""
    rows = [(s, f) for s, f in data.findings if (f.get("check") or "unknown") == check]
    return sorted(rows, key=lambda row: (severity_rank(row[1].get("severity")),
                                         row[0].kind != "site", row[0].id))


def _write_summary(sheet: Worksheet, data: NoticeData,
                   sheets: list[tuple[labels.FindingGroup, str]]) -> None:
    sites, accounts = data.site_tally, data.account_tally
    rows: list[tuple[Any, ...]] = [
        ("项目", "内容"),
        ("通报标题", data.title),
        ("发布单位", data.issuer or "—"),
        ("检查期间", f"{cn_date(data.period_from)}至{cn_date(data.period_to)}"),
        ("整改期限", cn_date(data.deadline)),
        ("检查网站数", sites.checked),
        ("合格网站数", sites.passed),
        ("不合格网站数", sites.failed),
        ("网站合格率", sites.rate_text),
        ("未完成检查网站数", sites.incomplete),
        ("检查政务新媒体账号数", accounts.checked),
        ("合格账号数", accounts.passed),
        ("不合格账号数", accounts.failed),
        ("账号合格率", accounts.rate_text),
        ("未完成检查账号数", accounts.incomplete),
        ("存在问题的网站数", len(data.problem_sites)),
        ("存在问题的账号数", len(data.problem_accounts)),
    ]
    rows += [(f"{label}问题数", len(data.changes_of(kind))) for kind, label in CHANGE_LABELS.items()]
    if data.previous:
        rows.append(("上次通报", data.previous.period_text))
    for row in rows:
        append_row(sheet, row)
    style_header(sheet, 1)
    append_check_counts(sheet, sheets)
    set_widths(sheet, (24, 60, 10, 10, 10, 16))
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):
        cell.alignment = WRAP


def _write_subjects(sheet: Worksheet, data: NoticeData) -> None:
    append_row(sheet, SUBJECT_HEADER)
    for number, subject in enumerate(data.subjects, start=1):
        counts = labels.count_by_severity(subject.findings)
        verdict = labels.verdict_label(subject.verdict) if subject.complete else "未完成检查"
        append_row(sheet, (number, subject.kind_label, subject.name, subject.organizer,
                        _platform(subject), subject.url, subject.as_of,
                        labels.status_label(subject.status), verdict,
                        counts.get("veto", 0), counts.get("deduct", 0), counts.get("warn", 0),
                        "\n".join(subject.reasons) or subject.error or ""))
        link_cell(sheet.cell(sheet.max_row, 6))
        if subject.failed:
            sheet.cell(sheet.max_row, 9).fill = SEVERITY_FILLS["veto"]
    finish_table(sheet, SUBJECT_WIDTHS)


def _write_findings(sheet: Worksheet, rows: list[tuple[Subject, dict[str, Any]]]) -> None:
    append_row(sheet, FINDING_HEADER)
    for subject, finding in rows:
        severity = finding.get("severity")
        append_row(sheet, (subject.label, subject.kind_label, subject.organizer,
                           labels.severity_label(severity), finding.get("message"),
                           finding.get("url"), finding.get("page"), evidence_cell(finding),
                           CHANGE_LABELS.get(finding.get("change") or "", ""), subject.as_of))
        style_finding_row(sheet, severity, severity_column=4, link_columns=(6, 7))
    finish_table(sheet, FINDING_WIDTHS)


def _write_changes(sheet: Worksheet, data: NoticeData) -> None:
    append_row(sheet, CHANGE_HEADER)
    for kind in CHANGE_LABELS:
        for change in data.changes_of(kind):
            append_row(sheet, (change.kind_label, change.subject_label,
                            labels.check_label(change.check), change.message, change.url,
                            change.first_seen, change.fixed_on))
            link_cell(sheet.cell(sheet.max_row, 5))
    finish_table(sheet, CHANGE_WIDTHS)


def _platform(subject: Subject) -> str | None:
    return platform_label(subject.platform) if subject.platform else None
