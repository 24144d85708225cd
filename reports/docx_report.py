"""The audit report as a Chinese Word document (检查报告) for one site."""
from __future__ import annotations

import io
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
TEXT_WIDTH = Cm(17)  # A4 less the 2 cm margins: every table spans it
FINDINGS_HEADER = ("序号", "问题描述", "网址", "证据", "严重程度")
COLUMNS_HEADER = ("栏目", "类别", "条目数", "最近更新", "近7天新增", "状态")
EVIDENCE_ITEMS = 5  # list items of evidence shown in a cell before "……另有N条"
EM = Cm(0.37)  # one Chinese character at 五号 (10.5 pt); Latin letters take about half
CELL_PADDING = Cm(0.4)
PICTURE_WIDTH = Cm(5)


def write_audit_docx(report: Mapping[str, Any], path: str | Path,
                     pictures: Mapping[str, bytes] | None = None) -> Path:
    """Write the 检查报告 of one audit report (SPEC §4) to ``path``; ``pictures`` (page url ->
    PNG taken by the audit) go into the evidence cells of their findings."""
    path = Path(path)
    build_audit_docx(report, pictures).save(str(path))
    return path


def build_audit_docx(report: Mapping[str, Any],
                     pictures: Mapping[str, bytes] | None = None) -> DocumentType:
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
    _add_findings(document, findings, pictures or {})

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


def _add_findings(document: DocumentType, findings: list[dict[str, Any]],
                  pictures: Mapping[str, bytes]) -> None:
    if not findings:
        document.add_paragraph("未发现问题。")
        return
    counts = labels.count_by_severity(findings)
    document.add_paragraph(f"共发现问题{len(findings)}条，其中" + "，".join(
        f"{labels.severity_label(s)}{n}条" for s, n in counts.items()) + "。")
    for index, group in enumerate(labels.group_findings(findings)):
        number = CHINESE_NUMBERS[index] if index < len(CHINESE_NUMBERS) else str(index + 1)
        document.add_heading(f"（{number}）{group.label}（共{len(group.findings)}条）", level=2)
        table = _table(document, FINDINGS_HEADER)
        for row_number, finding in enumerate(group.findings, start=1):
            cells = table.add_row().cells
            cells[0].text = str(row_number)
            _describe(cells[1], finding)
            cells[2].text = finding.get("url") or "—"
            _evidence(cells[3], finding.get("evidence"))
            cells[4].text = labels.severity_label(finding.get("severity"))
        widths = fit_widths(table)
        for row, finding in zip(table.rows[1:], group.findings):
            png = pictures.get(finding.get("url") or "")
            if png:  # fitted to the text first, so the picture takes the column it is given
                width = min(PICTURE_WIDTH, widths[3] - CELL_PADDING)
                row.cells[3].add_paragraph().add_run().add_picture(io.BytesIO(png), width=width)
                _small(row.cells[3].add_paragraph(), "检查时拍下的页面截图")


def _describe(cell: Any, finding: Mapping[str, Any]) -> None:
    """The message, then the page it was seen on in smaller grey type."""
    cell.text = finding.get("message") or "—"
    page = finding.get("page")
    if page and page != finding.get("url"):
        _small(cell.add_paragraph(), f"所在页面：{page}")


def _evidence(cell: Any, evidence: Mapping[str, Any] | None) -> None:
    """One line per entry of the evidence, labelled, long lists cut short with a count."""
    lines = [f"{labels.evidence_label(k)}：{labels.value_text(v, k, max_items=EVIDENCE_ITEMS)}"
             for k, v in labels.shown_items(evidence)] or ["—"]
    for index, line in enumerate(lines):
        _small(cell.paragraphs[0] if index == 0 else cell.add_paragraph(), line)


def _small(paragraph: Any, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _add_columns(document: DocumentType, columns: list[Mapping[str, Any]],
                 marks: Mapping[str, str]) -> None:
    if not columns:
        document.add_paragraph("未识别到栏目。")
        return
    table = _table(document, COLUMNS_HEADER)
    for column in columns:
        cells = table.add_row().cells
        cells[0].text = column.get("name") or column.get("url") or "—"
        cells[1].text = labels.category_label(column.get("category"))
        cells[2].text = labels.format_scalar(column.get("items"))
        cells[3].text = labels.format_scalar(column.get("latest"))
        cells[4].text = labels.format_scalar(column.get("new_last_7_days"))
        cells[5].text = marks.get(column.get("url") or "", "")
    fit_widths(table)


def _key_value_table(document: DocumentType, rows: Iterable[tuple[str, Any]]) -> Table:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = labels.format_scalar(value) or "—"
    fit_widths(table)
    return table


def _table(document: DocumentType, header: Sequence[str], widths: Sequence[Any] = ()) -> Table:
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


def fit_widths(table: Table, total: int = TEXT_WIDTH) -> list[int]:
    """Give each column the width its longest line needs, as far as the page allows: narrow
    columns (序号, 严重程度, dates) keep what they need and the wide ones share the rest in
    proportion to their text. Sets the table grid and every cell (Word reads the cells,
    LibreOffice the grid); returns the widths in EMU."""
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    natural = [max((_line_width(line) for text in column for line in text.splitlines() or [""]),
                   default=EM) + CELL_PADDING for column in zip(*rows)]
    widths = _share(natural, int(total))
    _set_widths(table, widths)
    return widths


def _set_widths(table: Table, widths: Sequence[Any]) -> None:
    """Fixed column widths, in the grid and in every cell."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _line_width(line: str) -> int:
    return int(sum(EM if ord(ch) >= 0x2E80 else EM * 0.55 for ch in line))


def _share(natural: Sequence[int], total: int) -> list[int]:
    """Columns that need less than an even share get what they need; the others divide what
    is left by their needs. Room to spare goes to the widest column."""
    widths: dict[int, int] = {}
    remaining, open_columns = total, list(range(len(natural)))
    while open_columns:
        share = remaining / len(open_columns)
        small = [i for i in open_columns if natural[i] <= share]
        if not small:
            need = sum(natural[i] for i in open_columns)
            for i in open_columns:
                widths[i] = int(remaining * natural[i] / need)
            break
        for i in small:
            widths[i] = int(natural[i])
            remaining -= widths[i]
            open_columns.remove(i)
    result = [widths[i] for i in range(len(natural))]
    if result:
        result[result.index(max(result))] += total - sum(result)
    return result


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
