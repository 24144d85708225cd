"""Public messages (领导信箱, 留言, 咨询): list rows, detail pages, status words.

Shapes seen on real sites:
- plain HTML tables whose header cells name the columns (编号 / 标题 / 状态 / 来信时间 /
  回复时间 / 回复单位 …), and li/div rows whose spans carry labels (``留言时间：2026-11-02``);
- Hanweb JACT: the list page holds no rows, its script POSTs to
  ``/jact/front/dataproxy_mailpublist.do`` and gets JavaScript back,
  ``dataStore = ["<tr><td>编号</td><td><a href='mailpubdetail.do?…'>标题</a></td><td>已办结</td>
  <td>2024-01-02</td><td>37</td></tr>", …];`` (crawlers/extract/hanweb.py reads the call and
  the reply; the rows' cells are read here);
- detail pages: JACT ``div.jact_main`` tables, older Hanweb ``table.viewform``, 珠海-style
  ``table.detail td.R``, label/value ``<p>`` or ``<dl>`` forms.

The column vocabulary and the status vocabulary live here and nowhere else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import islice

from lxml.html import HtmlElement

from checks.replies import is_mailbox_status_answered
from crawlers.extract.dates import find_date, parse_date
from crawlers.extract.dom import (
    Doc, as_tree, base_href, contains, is_element, raw_text, squash, visible_text,
)
from crawlers.extract.rows import link_title
from crawlers.urls import try_normalize

# ---- vocabularies ---------------------------------------------------------------------------

# Field -> its labels (spaces and colons removed). List fields first, then detail-only fields.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "信件编号", "留言编号", "咨询编号", "受理编号", "信件号", "来信编号"),
    "title": ("标题", "主题", "信件标题", "留言标题", "咨询标题", "信件主题", "留言主题", "来信标题",
              "来信主题"),
    "status": ("状态", "办理状态", "办结状态", "处理状态", "回复状态", "答复状态", "信件状态"),
    "sent": ("来信时间", "留言时间", "提交时间", "写信时间", "日期", "来信日期", "留言日期",
             "咨询时间", "提问时间", "发信时间", "提交日期", "写信日期"),
    "replied": ("回复时间", "答复时间", "办结时间", "回复日期", "答复日期", "办结日期", "处理时间"),
    "reply_unit": ("回复单位", "办理单位", "答复单位", "处理单位", "答复机构", "回复部门", "办理部门",
                   "答复部门", "承办单位"),
    "ignored": ("点击数", "点击", "点击量", "浏览次数", "浏览量", "访问量", "满意度", "序号", "操作", "详情",
                "查看", "评价"),
    # detail pages only
    "author": ("来信人", "姓名", "咨询人", "留言人", "写信人", "提问人", "网友"),
    "content": ("来信内容", "内容", "留言内容", "咨询内容", "信件内容", "问题描述", "提问内容"),
    "reply": ("回复内容", "答复内容", "受理意见", "办理结果", "回复意见", "答复意见", "处理结果",
              "处理意见"),
}
LABELS: dict[str, str] = {label: name for name, labels in _FIELD_LABELS.items() for label in labels}

_LIST_FIELDS = frozenset({"number", "title", "status", "sent", "replied", "reply_unit"})
_DETAIL_FIELDS = frozenset({"author", "content", "reply"})
# Labels that also head ordinary article lists (标题 | 日期): alone they do not make a mailbox.
_GENERIC_LABELS = frozenset({"标题", "主题", "日期", "序号", "点击数", "点击", "浏览次数", "操作", "详情",
                             "查看"})
# JACT replies: 编号, 标题, 办结状态, 日期, 点击数 unless a header row says otherwise.
_NO_REPLY_TEXT = ("暂无", "未回复", "暂未回复", "待回复", "尚未回复", "无", "暂无回复", "暂无答复")

_LABEL_JUNK = re.compile(r"[\s\u3000:：【】\[\]()（）*]+")
_LABEL_ALTERNATION = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted(LABELS, key=len, reverse=True))
# A label followed by a colon, not in the middle of a longer Chinese word.
_LABELLED = re.compile(rf"(?<![\u4e00-\u9fff])(?P<label>{_LABEL_ALTERNATION})\s*[:：]")
_ROW_MAX_ELEMENTS = 80  # a message row is a line or two of fields, not a page section
_ROW_TAGS = ("li", "div", "dl", "p", "section", "article")
_BLOCK_TAGS = frozenset({"p", "li", "div", "table", "dl", "ul", "ol", "section", "article"})


def label_field(text: str | None) -> str | None:
    """The field a label cell or span names (``来信时间：`` -> sent), None for other text."""
    return LABELS.get(_LABEL_JUNK.sub("", text or ""))


# ---- list rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MessageRow:
    number: str | None
    title: str | None
    url: str | None
    sent: date | None
    status: str | None
    replied: date | None
    reply_unit: str | None


def extract_message_rows(doc: Doc, base_url: str, as_of: date) -> list[MessageRow]:
    """The messages a list page shows, in page order; [] when it shows no message list.

    Tables are read through their header cells; without such a table, li/div rows whose
    spans carry labels (``状态：已回复``) are read. Script-fed lists (JACT ``dataStore``) are
    read by ``parse_jact_datastore``.
    """
    tree = as_tree(doc)
    base = base_href(tree, base_url)
    rows: list[MessageRow] = []
    for table in tree.iter("table"):
        rows.extend(_table_rows(table, base, as_of))
    if rows:
        return rows
    return _labelled_rows(tree, base, as_of)


def _direct_rows(table: HtmlElement) -> list[HtmlElement]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def row_cells(row: HtmlElement) -> list[HtmlElement]:
    return [cell for cell in row if is_element(cell) and cell.tag in ("td", "th")]


def header_fields(row: HtmlElement) -> list[str] | None:
    """The field of each cell when ``row`` is a message list header, else None."""
    cells = row_cells(row)
    texts = [squash(visible_text(cell)) for cell in cells]
    if len(cells) < 2 or any(text and label_field(text) is None for text in texts):
        return None
    fields = [label_field(text) or "ignored" for text in texts]
    if len(_LIST_FIELDS & set(fields)) < 2 or _DETAIL_FIELDS & set(fields):
        return None
    if not {"title", "number"} & set(fields):
        return None
    specific = [text for text, f in zip(texts, fields)
                if f in _LIST_FIELDS and _LABEL_JUNK.sub("", text) not in _GENERIC_LABELS]
    return fields if specific else None


def _table_rows(table: HtmlElement, base: str, as_of: date) -> list[MessageRow]:
    fields: list[str] | None = None
    rows: list[MessageRow] = []
    for tr in _direct_rows(table):
        if fields is None:
            fields = header_fields(tr)
            continue
        cells = row_cells(tr)
        if len(cells) < 2 or header_fields(tr) is not None:
            continue  # a "暂无数据" row spanning the table, or a repeated header
        row = row_from_cells(cells, fields, base, as_of)
        if row is not None:
            rows.append(row)
    return rows


def row_from_cells(cells: list[HtmlElement], fields: list[str] | tuple[str, ...], base: str,
                    as_of: date) -> MessageRow | None:
    values: dict[str, HtmlElement] = {}
    for cell, name in zip(cells, fields):
        values.setdefault(name, cell)
    title_cell = values.get("title")
    link = first_link(title_cell) if title_cell is not None else None
    if link is None:
        link = next((a for cell in cells if (a := first_link(cell)) is not None), None)
    title = None
    if title_cell is not None:
        title = (link_title(link) if link is not None and contains(title_cell, link)
                 else squash(visible_text(title_cell))) or None

    def text(name: str) -> str | None:
        cell = values.get(name)
        return (squash(visible_text(cell)) or None) if cell is not None else None

    number = text("number")
    if not (title or number):
        return None
    return MessageRow(
        number=number, title=title, url=_link_url(link, base),
        sent=parse_date(text("sent"), as_of), status=text("status"),
        replied=parse_date(text("replied"), as_of), reply_unit=text("reply_unit"))


def _labelled_rows(tree: HtmlElement, base: str, as_of: date) -> list[MessageRow]:
    """li/div rows whose text carries labelled fields, innermost row elements only."""
    candidates: list[tuple[HtmlElement, dict[str, str]]] = []
    for el in tree.iter(*_ROW_TAGS):
        if not _may_hold_labels(el):
            continue  # nothing labelled: no message row
        if _more_nodes_than(el, _ROW_MAX_ELEMENTS):
            continue  # a block of rows, never one row (and reading its text costs the page)
        fields = _labelled_fields(visible_text(el))
        if not fields:
            continue
        if _DETAIL_FIELDS & fields.keys():
            continue  # a detail page's block, not a list row
        has_when = bool({"sent", "replied", "status"} & fields.keys())
        has_what = bool({"number", "title"} & fields.keys()) or first_link(el) is not None
        specific = bool({"number", "status", "replied", "reply_unit"} & fields.keys()) or (
            "sent" in fields and fields.get("_sent_label") not in _GENERIC_LABELS)
        if has_when and has_what and specific:
            candidates.append((el, fields))
    candidates = _absorb_linkless_parts(candidates)
    chosen = [(el, fields) for el, fields in candidates
              if not any(other is not el and contains(el, other) for other, _ in candidates)]
    rows = []
    for el, fields in chosen:
        link = first_link(el)
        title = fields.get("title") or (link_title(link) if link is not None else None)
        rows.append(MessageRow(
            number=fields.get("number"), title=title or None, url=_link_url(link, base),
            sent=parse_date(fields.get("sent"), as_of), status=fields.get("status"),
            replied=parse_date(fields.get("replied"), as_of), reply_unit=fields.get("reply_unit")))
    return rows


def _more_nodes_than(el: HtmlElement, limit: int) -> bool:
    """More than ``limit`` nodes (elements, comments) below ``el``; counting stops there."""
    return sum(1 for _ in islice(el.iterdescendants(), limit + 1)) > limit


def _absorb_linkless_parts(candidates: list[tuple[HtmlElement, dict[str, str]]]
                           ) -> list[tuple[HtmlElement, dict[str, str]]]:
    """Drop a link-less candidate (the info line of a row) when the row around it is itself a
    candidate holding exactly one link and no other candidate: the row is the message."""
    dropped: set[int] = set()
    for index, (el, _) in enumerate(candidates):
        if first_link(el) is not None:
            continue
        outer = [other for other, _ in candidates if other is not el and contains(other, el)]
        if not outer:
            continue
        nearest = max(outer, key=_depth)
        inside = [other for other, _ in candidates if other is not nearest and contains(nearest, other)]
        if len(inside) == 1 and len(_links(nearest)) == 1:
            dropped.add(index)
    return [pair for index, pair in enumerate(candidates) if index not in dropped]


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _links(el: HtmlElement) -> set[str]:
    return {href for a in el.iter("a") if (href := _usable_href(a))}


def _may_hold_labels(el: HtmlElement) -> bool:
    """Every label ends in a colon: an element whose text holds none (most of a page) is told
    so without reading its visible text."""
    raw = raw_text(el)
    return ":" in raw or "：" in raw


def _element_fields(el: HtmlElement) -> dict[str, str]:
    """``_labelled_fields`` of the element's visible text."""
    return _labelled_fields(visible_text(el)) if _may_hold_labels(el) else {}


def _labelled_fields(text: str) -> dict[str, str]:
    """``label：value`` pairs of a text, each value running to the next label."""
    found: dict[str, str] = {}
    matches = list(_LABELLED.finditer(text))
    for match, after in zip(matches, matches[1:] + [None]):
        name = label_field(match["label"])
        end = after.start() if after is not None else len(text)
        value = squash(text[match.end():end])
        if name is None or name in found:
            continue
        found[name] = value
        if name == "sent":
            found["_sent_label"] = _LABEL_JUNK.sub("", match["label"])
    return found


def _usable_href(link: HtmlElement) -> str | None:
    href = squash(link.get("href"))
    if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
        return None
    return href


def first_link(el: HtmlElement) -> HtmlElement | None:
    return next((link for link in el.iter("a") if _usable_href(link)), None)


def _link_url(link: HtmlElement | None, base: str) -> str | None:
    if link is None:
        return None
    return try_normalize(squash(link.get("href")), base)


# ---- detail pages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MessageDetail:
    number: str | None
    title: str | None
    sent: date | None
    status: str | None
    replied: date | None
    reply_unit: str | None
    has_reply: bool


def parse_message_detail(doc: Doc, as_of: date) -> MessageDetail | None:
    """The letter and its reply on a message's own page; None when the page is not one."""
    tree = as_tree(doc)
    fields = _detail_fields(tree)
    says_what = bool({"content", "reply", "author"} & fields.keys())
    says_when = bool({"sent", "replied", "status"} & fields.keys())
    if not (says_what and says_when):
        return None
    sent = parse_date(fields.get("sent"), as_of)
    replied = parse_date(fields.get("replied"), as_of)
    status = fields.get("status") or None
    reply_text = _LABEL_JUNK.sub("", fields.get("reply") or "")
    answered = is_mailbox_status_answered(status)
    if replied is None and answered is not False and reply_text not in _NO_REPLY_TEXT:
        replied = _reply_block_date(tree, fields, as_of)
    has_reply = replied is not None or answered is True or (
        bool(reply_text) and reply_text not in _NO_REPLY_TEXT and answered is not False)
    title = fields.get("title") or _heading(tree)
    return MessageDetail(number=fields.get("number") or None, title=title or None, sent=sent,
                         status=status, replied=replied, reply_unit=fields.get("reply_unit") or None,
                         has_reply=has_reply)


_REPLY_BLOCK = re.compile(r"reply|answer|huifu|dafu|\bhf|\bdf|hfnr|dfnr|hui_fu|da_fu", re.I)


def _reply_block_date(tree: HtmlElement, fields: dict[str, str], as_of: date) -> date | None:
    """A reply date written without its own label: beside the replying unit
    (``回复单位：县住建局 2026-11-10``) or in the reply's block (``div.reply``)."""
    unit = fields.get("reply_unit")
    if unit:
        found = find_date(unit, as_of)
        if found is not None:
            return found.date
    for el in tree.iter("div", "section", "dl", "table", "li", "p"):
        if _REPLY_BLOCK.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            found = find_date(visible_text(el), as_of)
            if found is not None:
                return found.date
    return None


def _detail_fields(tree: HtmlElement) -> dict[str, str]:
    """Label/value pairs from table cells, dt/dd pairs and ``label：value`` text blocks."""
    found: dict[str, str] = {}
    previous: list[str | None] | None = None  # the label row just above, if the last row was one
    for tr in tree.iter("tr"):
        cells = row_cells(tr)
        names = [label_field(visible_text(cell)) for cell in cells]
        for cell, following in zip(cells, cells[1:]):
            name = label_field(visible_text(cell))
            if name is not None and label_field(visible_text(following)) is None:
                found.setdefault(name, squash(visible_text(following)))
        if previous is not None and len(previous) == len(cells) and not any(names):
            # A header row of labels over a row of values (回复内容 | 回复时间 | 回复单位).
            for name, cell in zip(previous, cells):
                if name is not None:
                    found.setdefault(name, squash(visible_text(cell)))
        previous = names if cells and all(names) else None
    for dl in tree.iter("dl"):
        terms = [el for el in dl if is_element(el) and el.tag in ("dt", "dd")]
        for term, value in zip(terms, terms[1:]):
            if term.tag == "dt" and value.tag == "dd":
                name = label_field(visible_text(term))
                if name is not None:
                    found.setdefault(name, squash(visible_text(value)))
    for el in tree.iter("p", "li", "div", "span", "h3", "h4", "td"):
        if next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
            continue  # read the innermost blocks only
        for name, value in _element_fields(el).items():
            if value and not name.startswith("_"):
                found.setdefault(name, value)
    return found


def _heading(tree: HtmlElement) -> str | None:
    for tag in ("h1", "h2"):
        for el in tree.iter(tag):
            text = squash(visible_text(el))
            if text:
                return text
    return None
