"""The 问题网站 notice (通报) as a Word document laid out like an official 公文.

Title in 方正小标宋简体 (宋体 where it is not installed), level-1 headings in 黑体, level-2 in
楷体, body in 仿宋 三号 with a fixed 28 pt line; the attachments (name lists with the
screenshots) follow on landscape pages.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from reports import labels
from reports.docx_report import CHINESE_NUMBERS, _set_widths, _table, _use_font
from reports.notice_model import CHANGE_LABELS, NoticeData, Subject, cn_date

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"  # declared as its altName: Word and LibreOffice substitute it
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
BODY_FONT = "仿宋"
BODY_STYLE = "通报正文"
BODY_SIZE = Pt(16)  # 三号
LINE = Pt(28)  # a fixed line: 22 lines to the page, as 公文 are set
SCREENSHOT_WIDTH = Cm(5.6)
SITE_WIDTHS = (Cm(1.1), Cm(3.4), Cm(3.4), Cm(4.2), Cm(7.6), Cm(6.0))
ACCOUNT_WIDTHS = (Cm(1.1), Cm(5.0), Cm(7.0), Cm(12.6))
INCOMPLETE_WIDTHS = (Cm(1.1), Cm(2.4), Cm(5.0), Cm(6.4), Cm(2.6), Cm(2.2), Cm(6.0))


def write_notice_docx(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    build_notice_docx(data).save(str(path))
    return path


def build_notice_docx(data: NoticeData) -> DocumentType:
    document = Document()
    _set_up(document)
    title = document.add_paragraph(data.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _body(document, data.intro())
    headings = _Headings(document)

    headings.level1("总体情况")
    for text in data.overview() or ["本次未检查任何网站或政务新媒体账号。"]:
        _body(document, text)

    headings.level1("主要问题")
    _add_problems(document, data, headings)

    if data.previous or data.changes:
        headings.level1("问题变化情况")
        since = f"与上次通报（{data.previous.period_text}）相比" if data.previous else "与以往检查相比"
        _body(document, f"{since}，问题变化情况如下。")
        for kind in CHANGE_LABELS:
            lines = data.change_lines(kind)
            headings.level2(f"{CHANGE_LABELS[kind]}问题（{len(data.changes_of(kind))}个）")
            if lines:
                _numbered(document, lines)
            else:
                _body(document, "无。")

    headings.level1("整改要求")
    for text in data.requirements():
        _body(document, text)

    _add_attachment_list(document, data)
    _add_signature(document, data)
    for number, (key, name) in enumerate(data.attachments(), start=1):
        _attachment_page(document, number, name)
        {"sites": _sites_table, "accounts": _accounts_tables,
         "incomplete": _incomplete_table}[key](document, data)
    return document


class _Headings:
    """一、 二、 … headings in 黑体 and （一）（二）… under them in 楷体."""

    def __init__(self, document: DocumentType) -> None:
        self.document = document
        self.first = 0
        self.second = 0

    def level1(self, text: str) -> None:
        self.document.add_heading(f"{_chinese_number(self.first)}、{text}", level=1)
        self.first += 1
        self.second = 0

    def level2(self, text: str) -> None:
        self.document.add_heading(f"（{_chinese_number(self.second)}）{text}", level=2)
        self.second += 1


def _chinese_number(index: int) -> str:
    return CHINESE_NUMBERS[index] if index < len(CHINESE_NUMBERS) else str(index + 1)


def _add_problems(document: DocumentType, data: NoticeData, headings: _Headings) -> None:
    groups = data.indicators
    if not groups and not data.problem_accounts:
        _body(document, "本次检查未发现问题。")
        return
    for group in groups:
        headings.level2(f"{group.title}（{len(group.entries)}个网站）")
        _numbered(document, [entry.sentence() for entry in group.entries])
    if data.problem_accounts:
        headings.level2("政务新媒体")
        for part, accounts in (("出现单项否决情形", data.veto_accounts),
                               ("出现扣分情形", data.deduct_accounts)):
            if accounts:
                _body(document, f"{part}：{'、'.join(a.label for a in accounts)}。")
                _numbered(document, data.account_lines(accounts))


def _add_attachment_list(document: DocumentType, data: NoticeData) -> None:
    attachments = data.attachments()
    if not attachments:
        return
    _body(document, "")
    for number, (_key, name) in enumerate(attachments, start=1):
        lead = "附件：" if number == 1 else "　　　"
        text = f"{lead}{number}. {name}" if len(attachments) > 1 else f"附件：{name}"
        _body(document, text)


def _add_signature(document: DocumentType, data: NoticeData) -> None:
    _body(document, "")
    for text in (data.issuer, cn_date(data.issued_on)):
        if text:
            paragraph = _body(document, text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Cm(1.2)


def _attachment_page(document: DocumentType, number: int, name: str) -> None:
    """A landscape section of its own: "附件N" at the top left, the list's title centred."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    label = document.add_paragraph()
    _run(label, f"附件{number}", HEADING_FONT, BODY_SIZE)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, name, TITLE_FONT, Pt(18))


def _sites_table(document: DocumentType, data: NoticeData) -> None:
    table = _table(document, ("序号", "网站名称", "主办单位", "网址", "问题描述", "截图"), SITE_WIDTHS)
    for number, site in enumerate(data.problem_sites, start=1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = site.name
        cells[2].text = site.organizer or "—"
        cells[3].text = site.url or "—"
        _problem_cell(cells[4], site)
        _screenshot_cell(cells[5], site)
    _set_widths(table, SITE_WIDTHS)


def _problem_cell(cell: _Cell, subject: Subject) -> None:
    """单项否决 said first and in bold, then one line per indicator."""
    lines = subject.problem_lines()
    paragraph = cell.paragraphs[0]
    if subject.failed:
        paragraph.add_run("出现单项否决情形（不合格）").bold = True
        paragraph = cell.add_paragraph()
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(f"{index + 1}. {line}")


def _screenshot_cell(cell: _Cell, subject: Subject) -> None:
    if subject.screenshot is None:
        cell.text = "无截图"
        return
    paragraph = cell.paragraphs[0]
    paragraph.add_run().add_picture(str(subject.screenshot), width=SCREENSHOT_WIDTH)
    caption = cell.add_paragraph().add_run(subject.shown_url or "")
    caption.font.size = Pt(7)
    caption.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _accounts_tables(document: DocumentType, data: NoticeData) -> None:
    for number, (part, accounts) in enumerate((("出现单项否决情形", data.veto_accounts),
                                               ("出现扣分情形", data.deduct_accounts))):
        if not accounts:
            continue
        heading = document.add_paragraph()
        _run(heading, f"{_chinese_number(number)}、{part}", HEADING_FONT, Pt(14))
        table = _table(document, ("序号", "账号名称（平台）", "账号地址", "问题描述"), ACCOUNT_WIDTHS)
        for row_number, account in enumerate(accounts, start=1):
            cells = table.add_row().cells
            cells[0].text = str(row_number)
            cells[1].text = account.label
            cells[2].text = account.url or "—"
            _problem_cell(cells[3], account)
        _set_widths(table, ACCOUNT_WIDTHS)


def _incomplete_table(document: DocumentType, data: NoticeData) -> None:
    header = ("序号", "类型", "名称", "网址", "监测时间点", "检查状态", "原因")
    table = _table(document, header, INCOMPLETE_WIDTHS)
    for number, subject in enumerate(data.incomplete, start=1):
        values = (str(number), subject.kind_label, subject.label, subject.url or "—",
                  labels.format_scalar(subject.as_of), labels.status_label(subject.status),
                  subject.error or "—")
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    _set_widths(table, INCOMPLETE_WIDTHS)


def _body(document: DocumentType, text: str) -> Paragraph:
    return document.add_paragraph(text, style=BODY_STYLE)


def _numbered(document: DocumentType, lines: Sequence[str]) -> None:
    for number, line in enumerate(lines, start=1):
        _body(document, f"{number}. {line}")


def _run(paragraph: Paragraph, text: str, font: str, size: Pt) -> None:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


# ---------------------------------------------------------------------------------------
# Page, styles and fonts

def _set_up(document: DocumentType) -> None:
    section = document.sections[0]
    # GB/T 9704 page: A4, 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_numbers(section.footer.paragraphs[0])

    styles = document.styles
    normal = styles["Normal"]
    _use_font(normal, BODY_FONT)
    normal.font.size = Pt(10.5)  # tables; the running text has a style of its own
    _chinese_language(normal)

    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.font.size = BODY_SIZE
    _fixed_lines(body, first_line_indent=True)

    title = styles["Title"]
    _use_font(title, TITLE_FONT)
    title.font.size = Pt(22)  # 二号
    title.font.bold = False
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.space_after = Pt(18)
    _no_border(title)

    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        style = styles[name]
        _use_font(style, font)
        style.font.size = BODY_SIZE
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fixed_lines(style, first_line_indent=True)
    _declare_fallback(document, TITLE_FONT, TITLE_FALLBACK)


def _fixed_lines(style: ParagraphStyle, *, first_line_indent: bool) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if first_line_indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号


def _chinese_language(style: ParagraphStyle) -> None:
    """Mark text as Chinese, so that Word picks the East Asian font for it."""
    properties = style.element.get_or_add_rPr()
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def _no_border(style: ParagraphStyle) -> None:
    """The default Title style draws a rule under the title; a 通报 has none."""
    properties = style.element.pPr
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


def _page_numbers(paragraph: Paragraph) -> None:
    """"— 1 —" centred at the foot of every page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _declare_fallback(document: DocumentType, font: str, fallback: str) -> None:
    """Name ``fallback`` as ``font``'s alternative in the font table (w:altName), the way a
    document says what to use on a machine without the font."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith("/fontTable")), None)
    if not isinstance(part, Part):
        return
    table = parse_xml(part.blob)
    entry = OxmlElement("w:font")
    entry.set(qn("w:name"), font)
    for tag, value in (("w:altName", fallback), ("w:charset", "86"), ("w:family", "auto"),
                       ("w:pitch", "variable")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        entry.append(child)
    table.append(entry)
    # python-docx keeps parts it does not model as raw bytes.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
