"""The audit report as a Chinese Word document (检查报告) for one site."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table

from reports import labels

BODY_FONT = "宋体"  # SimSun: on every Chinese Windows desktop, the usual body face of notices
HEADING_FONT = "黑体"  # SimHei
CHINESE_NUMBERS = "一二三四五六七八九十"
FINDINGS_WIDTHS = (Cm(1.2), Cm(8.6), Cm(5.4), Cm(1.8))
COLUMNS_WIDTHS = (Cm(4.6), Cm(2.6), Cm(1.6), Cm(2.6), Cm(2.0), Cm(3.6))
EVIDENCE_ITEMS = 5  # list items of evidence shown in a cell before "等共N项"


def write_audit_docx(report: Mapping[str, Any], path: str | Path) -> Path:
    """Write the 检查报告 of one audit report (SPEC §4) to ``path``."""
    path = Path(path)
    build_audit_docx(report).save(str(path))
    return path


def build_audit_docx(report: Mapping[str, Any]) -> DocumentType:
    document = Document()
    _set_up_page_and_styles(document)
    site = report.get("site") or {}
    verdict = report.get("verdict") or {}
    findings = report.get("findings") or []
    headings = _Numbered(document)

    title = document.add_paragraph(f"{site.get('name') or '政府网站'}检查报告", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(f"监测时间点：{report.get('as_of') or '—'}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    headings.add("基本情况")
    _key_value_table(document, [
        ("网站名称", site.get("name")),
        ("主办单位", site.get("organizer")),
        ("网站标识码", site.get("site_code")),
        ("网址", site.get("url")),
        ("监测时间点", report.get("as_of")),
        ("检查时间", f"{labels.format_time(report.get('started_at'))} 至 "
                     f"{labels.format_time(report.get('finished_at'))}"),
        ("检查结论", labels.verdict_label(verdict.get("result"))),
    ])
    document.add_paragraph(labels.TIME_NOTE)

    headings.add("检查结论")
    conclusion = document.add_paragraph("检查结论：")
    conclusion.add_run(labels.verdict_label(verdict.get("result"))).bold = True
    for number, reason in enumerate(labels.verdict_reasons(verdict), start=1):
        document.add_paragraph(f"{number}. {reason}")
    stats = report.get("stats") or {}
    if stats:
        document.add_paragraph("；".join(f"{labels.stats_label(k)}：{labels.format_scalar(v, k)}"
                                        for k, v in stats.items()) + "。")

    headings.add("发现问题")
    _add_findings(document, findings)

    headings.add("栏目情况")
    _add_columns(document, report.get("columns") or [], labels.marked_columns(findings))

    not_checked = labels.not_checked(report)
    unchecked = labels.unchecked_counts(report)
    if not_checked or unchecked:
        headings.add("未检查事项")
        document.add_paragraph("以下内容因无法检查而未作判定，不计为问题。")
        rows = [(labels.check_label(check), reason or "原因不明") for check, reason in not_checked]
        rows += [(f"未检查页面（{why}）", f"{count}个") for why, count in unchecked]
        _key_value_table(document, rows)

    for key, label, extra in labels.report_extras(report):
        headings.add(label)
        if isinstance(extra, Mapping):
            _key_value_table(document, [(labels.evidence_label(str(k)), labels.value_text(v, str(k)))
                                        for k, v in extra.items()])
        else:
            document.add_paragraph(labels.value_text(extra, key))
    return document


class _Numbered:
    """Level-1 headings numbered the Chinese way: 一、 二、 …"""

    def __init__(self, document: DocumentType) -> None:
        self.document = document
        self.count = 0

    def add(self, text: str) -> None:
        number = CHINESE_NUMBERS[self.count] if self.count < len(CHINESE_NUMBERS) else str(self.count + 1)
        self.count += 1
        self.document.add_heading(f"{number}、{text}", level=1)


def _add_findings(document: DocumentType, findings: list[dict[str, Any]]) -> None:
    if not findings:
        document.add_paragraph("未发现问题。")
        return
    counts = labels.count_by_severity(findings)
    document.add_paragraph(f"共发现问题{len(findings)}条，其中" + "，".join(
        f"{labels.severity_label(s)}{n}条" for s, n in counts.items()) + "。")
    for index, group in enumerate(labels.group_findings(findings)):
        number = CHINESE_NUMBERS[index] if index < len(CHINESE_NUMBERS) else str(index + 1)
        document.add_heading(f"（{number}）{group.label}（共{len(group.findings)}条）", level=2)
        table = _table(document, ("序号", "问题描述", "网址", "严重程度"), FINDINGS_WIDTHS)
        for row_number, finding in enumerate(group.findings, start=1):
            cells = table.add_row().cells
            cells[0].text = str(row_number)
            _describe(cells[1], finding)
            cells[2].text = finding.get("url") or "—"
            cells[3].text = labels.severity_label(finding.get("severity"))
        _set_widths(table, FINDINGS_WIDTHS)


def _describe(cell: Any, finding: Mapping[str, Any]) -> None:
    """The message, then where it was seen and the evidence, in smaller grey type."""
    cell.text = finding.get("message") or "—"
    details = []
    page = finding.get("page")
    if page and page != finding.get("url"):
        details.append(f"所在页面：{page}")
    evidence = labels.evidence_text(finding.get("evidence"), max_items=EVIDENCE_ITEMS)
    if evidence:
        details.append(evidence)
    for line in details:
        run = cell.add_paragraph().add_run(line)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _add_columns(document: DocumentType, columns: list[Mapping[str, Any]],
                 marks: Mapping[str, str]) -> None:
    if not columns:
        document.add_paragraph("未识别到栏目。")
        return
    table = _table(document, ("栏目", "类别", "条目数", "最近更新", "近7天新增", "状态"), COLUMNS_WIDTHS)
    for column in columns:
        cells = table.add_row().cells
        cells[0].text = column.get("name") or column.get("url") or "—"
        cells[1].text = labels.category_label(column.get("category"))
        cells[2].text = labels.format_scalar(column.get("items"))
        cells[3].text = labels.format_scalar(column.get("latest"))
        cells[4].text = labels.format_scalar(column.get("new_last_7_days"))
        cells[5].text = marks.get(column.get("url") or "", "")
    _set_widths(table, COLUMNS_WIDTHS)


def _key_value_table(document: DocumentType, rows: Iterable[tuple[str, Any]]) -> Table:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = labels.format_scalar(value) or "—"
    _set_widths(table, (Cm(3.6), Cm(13.4)))
    return table


def _table(document: DocumentType, header: Sequence[str], widths: Sequence[Any]) -> Table:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_as_header(table.rows[0])
    return table


def _repeat_as_header(row: Any) -> None:
    """A long table repeats its header row on every page."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _set_widths(table: Table, widths: Sequence[Any]) -> None:
    # Word takes the width of each cell, not of the column.
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _set_up_page_and_styles(document: DocumentType) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)

    normal = document.styles["Normal"]
    _use_font(normal, BODY_FONT)
    normal.font.size = Pt(10.5)  # 五号
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 14)):
        style = document.styles[name]
        _use_font(style, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)


def _use_font(style: BaseStyle, font: str) -> None:
    """Set a font for Latin and East Asian text alike; theme fonts would override it."""
    style.font.name = font
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
