"""List pages: the dated entries of a column page and of a homepage.

A column's list is a group of sibling rows (li, tr, dd, p, div …) under one parent. The
main list is the group with the most rows that carry both an article link and a date;
a list without any dates is still found when it is clearly the page's content list.
Hanweb pages hide their first list page in ``<script type="text/xml">`` data islands
(crawlers/extract/hanweb.py); when such an island exists its records are the list. One
row is read by crawlers/extract/rows.py.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

import lxml.etree
from lxml.html import HtmlElement

from crawlers.extract.dates import DateMatch, find_date
from crawlers.extract.dom import (
    INVISIBLE_TAGS, Doc, as_tree, base_href, class_words, is_chrome, is_chrome_block, is_element,
    is_hidden, squash, tree_memo, visible_text,
)
from crawlers.extract.hanweb import has_records, is_island, island_texts, parse_hanweb_records
from crawlers.extract.rows import (
    LABEL_JUNK, ROW_TAGS, ListEntry, Row, date_inside_link, is_nav_label, link_title, link_url,
    read_row, row_links, usable_href, year_from_url,
)
from crawlers.extract.scripted import needs_script

_EMPTY_PHRASES = ("暂无信息", "暂无数据", "暂无内容", "没有记录", "暂无记录", "暂无相关信息",
                  "暂无相关内容", "暂无文章", "没有相关信息", "没有找到相关")
# Boxes beside a page's own list (热点, 排行, 最新信息): their rows are never the column's list
# while another dated list stands on the page.
SIDE_BOX_WORDS = re.compile(
    r"(?<![a-z])(?:side|sidebar|aside|hot|rank|ranking|latest|tuijian|rdxx|zxxx|rdph)(?![a-z])", re.I)
_EMPTY_NOTICE_CHARS = 40  # a "暂无信息" notice is short; a longer text only mentions it
_TITLE_HEADERS = ("标题", "名称", "主题", "题目")
_DATE_HEADERS = ("日期", "时间", "发布")
_LIST_LOADER_HINTS = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)|fetch\(|XMLHttpRequest|axios|\.json\b|dataproxy|jpage", re.I)



# ---- public API -------------------------------------------------------------------------

def extract_list_items(doc: Doc, base_url: str, as_of: date | None) -> list[ListEntry]:
    """The main list of a column page, its rows in page order."""
    tree = as_tree(doc)
    base = base_href(tree, base_url)
    islands = island_texts(tree)
    if islands:
        lists = [parse_hanweb_records(text, base, as_of) for text in islands]
        return max(lists, key=len)
    rows = _main_list_rows(tree, base, as_of)
    return [row.entry() for row in rows]


def list_row_elements(doc: Doc, base_url: str, as_of: date | None) -> list[HtmlElement]:
    """The elements of the main list's rows, to weigh the list against the rest of a page."""
    tree = as_tree(doc)
    return [row.element for row in _main_list_rows(tree, base_href(tree, base_url), as_of)]


def dated_group_sizes(doc: Doc, base_url: str, as_of: date | None) -> list[int]:
    """How many dated link rows each list-like group of the page holds (page chrome left
    out), largest first: one big group is a column's list; several alike are an overview."""
    tree = as_tree(doc)
    base = base_href(tree, base_url)
    sizes = []
    for group in _row_groups(tree):
        if is_chrome(group[0].getparent()):
            continue
        rows = [row for element in group if (row := read_row(element, base, as_of))]
        dated = sum(1 for row in rows if row.dated_link)
        if dated:
            sizes.append(dated)
    return sorted(sizes, reverse=True)


def extract_dated_links(doc: Doc, base_url: str, as_of: date | None) -> list[ListEntry]:
    """For a homepage: every link whose own row (li, tr, dd, p or small block) carries a
    date, in page order, each URL once. Hanweb island records count where they stand."""
    tree = as_tree(doc)
    base = base_href(tree, base_url)
    # Keyed by element, which also keeps lxml's proxy (and so its identity) alive.
    rows_read: dict[HtmlElement, Row | None] = {}
    entries: list[ListEntry] = []
    seen: set[str] = set()

    def add(entry: ListEntry) -> None:
        if entry.url and entry.date and entry.url not in seen:
            seen.add(entry.url)
            entries.append(entry)

    for el in tree.iter("a", "script"):
        if not is_element(el):
            continue
        if el.tag == "script":
            if is_island(el):
                for entry in parse_hanweb_records(el.text or "", base, as_of):
                    add(entry)
            continue
        if usable_href(el) is None or _in_invisible(el):
            continue
        title = link_title(el)
        if is_nav_label(title):
            continue
        match = _dated_row_of(el, base, as_of, rows_read)
        url = link_url(el, base) if match is not None else None
        if match is not None and url is not None:
            match = year_from_url(match, url)
            add(ListEntry(title or None, url, match.date, match.text))
    return entries


def list_is_declared_empty(doc: Doc) -> bool:
    """True when the page says its list has nothing ("暂无信息" …), shows an empty Hanweb
    island, or has an empty list container that no script fills in, and lists no items."""
    return empty_list_area(doc) is not None


def empty_list_area(doc: Doc, scripts_ran: bool = False) -> str | None:
    """Why the page's list area is empty (an empty Hanweb island, a short "暂无信息" notice,
    an empty list container or table), or None when it shows items or no list area at all.

    ``scripts_ran``: the page is a browser copy, so a container no script filled is empty
    even when the page carries list-loading scripts."""
    tree = as_tree(doc)
    islands = island_texts(tree)
    if islands:
        return "数据岛无记录" if not any(has_records(text) for text in islands) else None
    # A sidebar may say 暂无数据 while the page's own list is full.
    if extract_list_items(tree, "http://localhost/", None):
        return None
    for el in tree.iter():
        # Only elements whose own text (or a child's tail) carries the phrase are looked at.
        if not is_element(el) or el.tag in INVISIBLE_TAGS or not any(
                p in (el.text or "") + "".join(c.tail or "" for c in el) for p in _EMPTY_PHRASES):
            continue
        if _in_invisible(el) or is_hidden(el) or is_chrome(el):
            continue
        text = visible_text(el)
        if len(text) <= _EMPTY_NOTICE_CHARS and any(p in text for p in _EMPTY_PHRASES):
            return f"页面显示“{text}”"
    if not scripts_ran and (_scripts_load_lists(tree) or needs_script(tree)):
        return None
    for el in tree.iter("ul", "ol", "tbody", "dl", "div"):
        if _is_empty_list_container(el):
            return "列表区为空"
    for table in tree.iter("table"):
        if not is_chrome(table) and _header_only_table(table):
            return "列表表格只有表头"
    return None


def list_heading(doc: Doc, as_of: date | None = None) -> str | None:
    """The heading written above the page's main list (the column name on many sites)."""
    tree = as_tree(doc)
    rows = _main_list_rows(tree, "http://localhost/", as_of)
    if not rows:
        return None
    container = rows[0].element.getparent()
    node, steps = container, 0
    while node is not None and steps < 4:
        for candidate in _heading_candidates(node):
            text = _heading_text(candidate)
            if text:
                return text
        node, steps = node.getparent(), steps + 1
    return None


# ---- homepage rows ----------------------------------------------------------------------



def _in_invisible(el: HtmlElement) -> bool:
    node = el
    while node is not None:
        if node.tag in INVISIBLE_TAGS:
            return True
        node = node.getparent()
    return False


def _dated_row_of(link: HtmlElement, base: str, as_of: date | None,
                  rows_read: dict[HtmlElement, Row | None]) -> DateMatch | None:
    """The date of the row a homepage link stands in, climbing a few small blocks."""
    inside = date_inside_link(link, as_of)
    if inside is not None:
        return inside
    node, steps = link.getparent(), 0
    while node is not None and steps < 4 and node.tag not in ("body", "html"):
        if node.tag in ("li", "tr", "dd", "dt", "p"):
            if node not in rows_read:
                rows_read[node] = read_row(node, base, as_of)
            row = rows_read[node]
            return row.match if row is not None and row.link is link else None
        links = row_links(node)
        if links is None or len([a for a in links if usable_href(a)]) > 1:
            return None
        match = find_date(visible_text(node, skip=lambda el: el.tag == "a"), as_of)
        if match is not None:
            return match
        node, steps = node.getparent(), steps + 1
    return None


# ---- groups -------------------------------------------------------------------------------

def _row_groups(tree: HtmlElement) -> Iterable[list[HtmlElement]]:
    """Sibling elements of one tag under one parent: the candidate lists."""
    for parent in tree.iter(lxml.etree.Element):  # elements only, comments left out in C
        if not len(parent) or parent.tag in INVISIBLE_TAGS or is_hidden(parent):
            continue
        by_tag: dict[str, list[HtmlElement]] = {}
        for child in parent.iterchildren(*ROW_TAGS):
            if not is_hidden(child):
                by_tag.setdefault(child.tag, []).append(child)
        yield from by_tag.values()


def _main_list_rows(tree: HtmlElement, base: str, as_of: date | None) -> tuple[Row, ...]:
    """The rows of the page's main list, found once per page: the list reader and the
    page-shape test both ask."""
    return tree_memo(tree, ("main_list_rows", base, as_of),
                     lambda: tuple(_find_main_list_rows(tree, base, as_of)))


def _find_main_list_rows(tree: HtmlElement, base: str, as_of: date | None) -> list[Row]:
    best_dated: tuple[tuple, list[Row]] | None = None
    best_plain: tuple[tuple, list[Row]] | None = None
    chrome_of = _ChromeMemo()
    for order, group in enumerate(_row_groups(tree)):
        if len(group) < 3 and not any(_may_be_dated_link(element) for element in group):
            continue  # neither a dated group nor three article links: nothing to read
        rows = [row for element in group if (row := read_row(element, base, as_of))]
        if not rows:
            continue
        chrome = chrome_of(group[0].getparent())
        dated = sum(1 for row in rows if row.dated_link)
        linked = [row for row in rows if row.href and not row.is_nav]
        if dated:
            key = (not in_side_box(group[0]), dated, not chrome, len(linked), -order)
            if best_dated is None or key > best_dated[0]:
                best_dated = (key, rows)
        articles = sum(1 for row in linked if row.article_like)
        if not chrome and articles >= 3 and articles >= 0.7 * len(linked):
            key = (articles, -order)
            if best_plain is None or key > best_plain[0]:
                best_plain = (key, rows)
    if best_dated is not None:
        dated_count = best_dated[0][1]
        plain_count = best_plain[0][0] if best_plain else 0
        # A couple of dated links (a sidebar, a footer) do not outweigh a real content list.
        if dated_count >= 3 or plain_count < max(5, 3 * dated_count):
            return _keep_rows(_with_paged_blocks(best_dated[1], base, as_of))
    if best_plain is not None:
        return [row for row in best_plain[1] if row.href and not row.is_nav]
    return []


def _may_be_dated_link(element: HtmlElement) -> bool:
    """Whether ``read_row`` could make a dated link of ``element``: that takes a link of its
    own, and a bare link (no element inside it) has no date of its own, its text being its
    title. (Told without reading the row; most small groups of a page are such.)"""
    if element.tag == "a":
        return next(element.iterchildren(lxml.etree.Element), None) is not None
    return next(element.iter("a"), None) is not None


class _ChromeMemo:
    """``is_chrome`` for many elements of one tree, each ancestor looked at once."""

    def __init__(self) -> None:
        self.known: dict[HtmlElement, bool] = {}  # keeps the proxies, so their identity, alive

    def __call__(self, el: HtmlElement | None) -> bool:
        path = []
        node = el
        while node is not None and node not in self.known:
            path.append(node)
            node = node.getparent()
        answer = self.known[node] if node is not None else False
        for node in reversed(path):  # from the outermost down to ``el``
            answer = self.known[node] = answer or is_chrome_block(node)
        return answer


def _with_paged_blocks(rows: list[Row], base: str, as_of: date | None) -> list[Row]:
    """The rows of a list whose pages are all in the markup, one block per page, shown one at
    a time by a client-side pager (``<div ms-visible="$showStatic(2)"><ul>…``, hidden
    ``div.page-2`` …): the sibling blocks built exactly like the chosen one, holding nothing
    but their list, add their rows in page order."""
    container = rows[0].element.getparent()
    row_tag = rows[0].element.tag
    if container is None:
        return rows
    block, path = container, [container.tag]
    for _ in range(3):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        blocks = [sib for sib in parent if is_element(sib) and sib.tag == block.tag
                  and _numbered_alike(sib.get("class"), block.get("class"))]
        if len(blocks) >= 2 and block in blocks:
            lists = [_list_at(sib, path[:-1]) for sib in blocks]
            if all(lst is not None and _only_list_inside(sib, lst)
                   for sib, lst in zip(blocks, lists)):
                merged: list[Row] = []
                for lst in lists:
                    if lst is container:
                        merged.extend(rows)
                        continue
                    merged.extend(row for child in lst if is_element(child) and child.tag == row_tag
                                  and (row := read_row(child, base, as_of)))
                return merged
        block = parent
        path.append(block.tag)
    return rows


def _numbered_alike(first: str | None, second: str | None) -> bool:
    """Classes equal but for their numbers (``page-1`` and ``page-2``)."""
    return re.sub(r"\d+", "#", first or "") == re.sub(r"\d+", "#", second or "")


def _list_at(block: HtmlElement, path_down: list[str]) -> HtmlElement | None:
    """The element reached from ``block`` by the tags of ``path_down`` (innermost last),
    each step the only child of its tag."""
    node = block
    for tag in reversed(path_down):
        children = [child for child in node if is_element(child) and child.tag == tag]
        if len(children) != 1:
            return None
        node = children[0]
    return node


def _only_list_inside(block: HtmlElement, lst: HtmlElement) -> bool:
    """A block that holds its list and no text of its own (a sidebar box has a heading)."""
    outside = visible_text(block, skip=lambda el: el is lst)
    return not outside and len(lst) > 0


def in_side_box(el: HtmlElement) -> bool:
    """``el`` stands in an aside or a box named as one (side, hot, rank, latest …)."""
    for node in el.iterancestors():
        if node.tag == "aside" or SIDE_BOX_WORDS.search(class_words(node)):
            return True
    return False


def _keep_rows(rows: list[Row]) -> list[Row]:
    """Dated rows always; undated link rows only when the group is mostly dated."""
    listed = [row for row in rows if (row.href or row.match) and not row.is_nav]
    dated = sum(1 for row in listed if row.match)
    mostly_dated = dated * 2 >= len(listed)
    return [row for row in listed if row.match or (mostly_dated and row.href)]


# ---- empty lists and headings --------------------------------------------------------------

def _scripts_load_lists(tree: HtmlElement) -> bool:
    return any(_LIST_LOADER_HINTS.search(script.text or "") for script in tree.iter("script"))


def _is_empty_list_container(el: HtmlElement) -> bool:
    if not is_element(el) or "list" not in class_words(el) or is_chrome(el):
        return False
    return not any(is_element(child) for child in el) and not squash(el.text)


def _header_only_table(table: HtmlElement) -> bool:
    """A list table with its header row (标题 | 日期 …) and no row under it."""
    rows = [tr for tr in table.iter("tr") if is_element(tr)]
    if len(rows) != 1:
        return False
    cells = [cell for cell in rows[0] if is_element(cell) and cell.tag in ("th", "td")]
    texts = [squash(visible_text(cell)) for cell in cells]
    # A list's header names its titles and its dates (a table of materials does not).
    return len(cells) >= 2 and any(any(w in t for w in _TITLE_HEADERS) for t in texts) \
        and any(any(w in t for w in _DATE_HEADERS) for t in texts)


def _heading_candidates(node: HtmlElement) -> Iterable[HtmlElement]:
    sibling, seen = node.getprevious(), 0
    while sibling is not None and seen < 3:
        if is_element(sibling):
            yield sibling
            seen += 1
        sibling = sibling.getprevious()


_HEADING_TOKENS = ("title", "tit", "hd", "head", "lm", "lanmu", "bt", "name")


def _is_heading(el: HtmlElement) -> bool:
    if el.tag in ("h1", "h2", "h3", "h4", "h5", "caption", "legend"):
        return True
    tokens = re.split(r"[\s_-]+", class_words(el))
    return any(token.startswith(_HEADING_TOKENS) or token.endswith(_HEADING_TOKENS)
               for token in tokens if token)


def _heading_text(el: HtmlElement) -> str | None:
    is_heading = _is_heading(el)
    if not is_heading or is_chrome(el):
        return None
    text = visible_text(el, skip=lambda e: e.tag == "a" and is_nav_label(visible_text(e)))
    text = squash(LABEL_JUNK.sub(" ", text))
    return text if 2 <= len(text) <= 20 else None
