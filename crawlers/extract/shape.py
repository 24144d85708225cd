"""What kind of page this is, for column discovery (SPEC §1): a list page with a list area of
dated items (filled, declared empty, or drawn by script), or a page that is not a column
(an article, a message or letter page, a form, a contact / site-map / guide page, a landing
page that only links to sub-columns).

Judged from the shape of the markup: a list area is a group of repeated link rows; an article
is a body of prose under a heading; a form asks for input; a landing page's rows lead to other
list pages. Class names are never required.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable
from urllib.parse import urlsplit

from crawlers.extract.article import looks_like_article
from crawlers.extract.dom import (
    INVISIBLE_TAGS, Doc, as_tree, is_chrome, is_chrome_block, is_element, is_hidden, visible_text,
)
from crawlers.extract.hanweb import find_jact_proxy
from crawlers.extract.listing import (
    dated_group_sizes, empty_list_area, extract_list_items, in_side_box, list_row_elements,
)
from crawlers.extract.mailbox import extract_message_rows, parse_message_detail
from crawlers.extract.paging import find_list_pages
from crawlers.extract.rows import ListEntry
from crawlers.extract.scripted import find_list_api, needs_script

LIST = "list"  # a list area with items
EMPTY = "empty"  # a list area that lists nothing
SCRIPTED = "scripted"  # a list area only script fills (render it or read its data)
NOT_COLUMNS = ("article", "message", "form", "landing", "text", "other")

_FORM_FIELDS = ("textarea", "select")
_TEXT_INPUTS = {"text", "email", "tel", "number", "", "password", "date", "file"}
_SEARCH_WORDS = re.compile(r"search|query|keyword|检索|搜索|查询|sousuo", re.I)
_COLUMN_URL = re.compile(r"(?:/|/index(?:_\d+)?\.s?html?|/col/col\d+/?(?:index\.html)?|/list\.\w+"
                         r"|[?&](?:catid|columnid|channelid|classid|typeid|lmid)=\w+[^/]*)$", re.I)
_PROSE_CHARS = 300  # this much text outside links, outside any list, is an article or a guide
_OVERVIEW_ROWS = 12  # an overview shows a few items per sub-column; a column page lists more
_SIDE_ROWS = 10  # a side box (最新信件, 热点信息) beside a form or a script-drawn list is shorter
_ARTICLE_CHARS = 100  # a shorter text with a publication date label is an article
_DATE_LABEL = re.compile(r"(?:发布|发表|公开|成文|印发)(?:日期|时间)\s*[:：]")


@dataclass(frozen=True)
class PageShape:
    kind: str  # list | empty | scripted | article | message | form | landing | text | other
    reason: str
    entries: tuple[ListEntry, ...] = ()

    @property
    def is_column(self) -> bool:
        return self.kind in (LIST, EMPTY, SCRIPTED)


def page_shape(doc: Doc, url: str, as_of: date | None, *, rendered: bool = False,
               column_signals: bool = False) -> PageShape:
    """The page's shape. ``rendered``: scripts have run (a browser copy), so an empty list
    area is really empty. ``column_signals``: the site itself says this is a column (a
    ColumnName meta, a Hanweb column address, a pager, a registry entry), which lets one or
    two dated rows count as a list."""
    tree = as_tree(doc)
    if looks_like_article(tree):
        return PageShape("article", "正文页面")
    rows = extract_message_rows(tree, url, as_of or date.today())
    if len(rows) < 2 and parse_message_detail(tree, as_of or date.today()) is not None:
        return PageShape("message", "留言详情页面")
    entries = tuple(extract_list_items(tree, url, as_of))
    dated = sum(1 for e in entries if e.date)
    if len(rows) >= 2:
        return PageShape(LIST, "留言列表", entries)
    if _is_form(tree) and dated < _SIDE_ROWS:
        return PageShape("form", "表单页面")
    if not rendered and dated < _SIDE_ROWS and find_list_api(tree, url) is not None:
        # The page names its list's data address; the few rows in the markup are a side box.
        return PageShape(SCRIPTED, "列表由脚本从接口生成")
    if not rendered and dated < _SIDE_ROWS and entries and needs_script(tree) \
            and _in_side_box(list_row_elements(tree, url, as_of)):
        # Script draws the page's own list; the rows in the markup stand in a side box.
        return PageShape(SCRIPTED, "列表由脚本生成(页面上只有侧栏条目)")
    # (Both tests only read the page; the column signals, which cost a pager search, are asked
    # only of the pages that read as prose beside a list.)
    if entries and _side_list(tree, url, as_of, entries) and not column_signals:
        return PageShape("article", "正文页面(旁边附有列表)")
    if 3 <= dated <= _OVERVIEW_ROWS and _overview(tree, url, as_of):
        return PageShape("landing", "栏目概览页(多个下级栏目的最新信息)")
    if dated >= 3 or (entries and dated and column_signals):
        return PageShape(LIST, "列表区有日期条目", entries)
    if entries:
        if _leads_to_lists(entries):
            return PageShape("landing", "只链接到下级栏目的导航页")
        if column_signals:
            return PageShape(LIST, "列表区有条目", entries)
        return PageShape("other", "条目太少或无日期，且网站未标明是栏目")
    if len(rows) >= 1:
        return PageShape(LIST, "留言列表")
    prose = _prose_chars(tree)
    body = tree.find("body")
    if prose >= _ARTICLE_CHARS and _DATE_LABEL.search(visible_text(body if body is not None else tree)):
        return PageShape("article", "正文页面(有发布日期)")
    if prose >= _PROSE_CHARS:
        return PageShape("text", "正文或指南页面")
    if not rendered and (find_list_api(tree, url) is not None or needs_script(tree)):
        return PageShape(SCRIPTED, "列表由脚本生成")
    reason = empty_list_area(tree, scripts_ran=rendered)
    if reason is not None:
        return PageShape(EMPTY, reason)
    if _link_only_landing(tree, url):
        return PageShape("landing", "只链接到下级栏目的导航页")
    return PageShape("other", "没有列表区")


def _side_list(tree, url: str, as_of: date | None, entries) -> bool:
    """A page of prose with a small list beside it (相关文章, 最新信息): an article or a
    document page (show.asp?id=…), however its body block is named."""
    rows = list_row_elements(tree, url, as_of)
    prose = _prose_chars(tree, rows)
    listed = sum(len(e.title or "") + 10 for e in entries)
    return prose >= _PROSE_CHARS and prose > listed


def _overview(tree, url: str, as_of: date | None) -> bool:
    """A section page showing the latest few items of each sub-column: three or more dated
    lists of about the same length, none of them the page's own list."""
    sizes = [n for n in dated_group_sizes(tree, url, as_of) if n >= 3]
    return len(sizes) >= 3 and sizes[0] <= 2 * sizes[1] and sizes[0] <= _OVERVIEW_ROWS


def _in_side_box(rows) -> bool:
    """The rows stand in a side box (an aside, a box of 热点 or 最新信息)."""
    return bool(rows) and in_side_box(rows[0])


def _is_form(tree) -> bool:
    """A page that asks for input (写信, 留言, 申请): a form with a text area or several
    fields, other than a search box."""
    for form in tree.iter("form"):
        if is_chrome(form):
            continue
        fields = [el for el in form.iter("input", *_FORM_FIELDS)
                  if el.tag in _FORM_FIELDS or (el.get("type") or "").lower() in _TEXT_INPUTS]
        textareas = [el for el in fields if el.tag == "textarea"]
        marker = f"{form.get('action', '')} {form.get('id', '')} {form.get('class', '')} {form.get('name', '')}"
        if textareas or (len(fields) >= 3 and not (_SEARCH_WORDS.search(marker) and len(fields) <= 4)):
            return True
    # Forms drawn without a <form> element: a text area among several inputs.
    if any(not is_chrome(el) for el in tree.iter("textarea")):
        return True
    return False


def _prose_chars(tree, rows=()) -> int:
    """Characters of text outside links, lists, the main list's rows and page chrome."""
    body = tree.find("body")
    if body is None:
        return 0
    row_set = set(rows)

    def skip(el) -> bool:
        return el.tag in ("a", "ul", "ol", "dl", "select", "form") or el.tag in INVISIBLE_TAGS \
            or is_hidden(el) or el in row_set or is_chrome_block(el)

    return len(re.sub(r"\s", "", visible_text(body, skip=skip)))


def _leads_to_lists(entries: tuple[ListEntry, ...]) -> bool:
    """Undated rows whose links are list pages (…/index.html, /col/col12/, ?catid=…)."""
    linked = [e for e in entries if e.url]
    if len(linked) < 2 or any(e.date for e in entries):
        return False
    to_lists = sum(1 for e in linked if _COLUMN_URL.search(_path_and_query(e.url)))
    return to_lists * 10 >= len(linked) * 7


def _link_only_landing(tree, url: str) -> bool:
    """A page whose content is links to other list pages and nothing dated."""
    links = [a for a in tree.iter("a") if is_element(a) and not is_chrome(a)
             and (a.get("href") or "").strip() and not (a.get("href") or "").startswith(("#", "javascript"))]
    if len(links) < 2:
        return False
    to_lists = sum(1 for a in links if _COLUMN_URL.search(a.get("href").strip()))
    return to_lists * 2 >= len(links)


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


_HANWEB_COLUMN = re.compile(r"/col/col\d+/")


def column_signals(doc: Doc, html: str, url: str) -> bool:
    """What the markup or the address says of a column besides its list area: a Hanweb
    column address or data island, a ColumnName meta on a page that is no article, a pager."""
    meta_names = {m.get("name", "").lower() for m in doc.iter("meta")}
    return ('<script type="text/xml"' in html or bool(_HANWEB_COLUMN.search(url))
            or ("columnname" in meta_names and not meta_names & {"articletitle", "pubdate"})
            or bool(find_list_pages(doc, url).urls))


def column_shape(doc: Doc, html: str, url: str, as_of: date | None, *, rendered: bool = False,
                 signals: bool = False) -> PageShape:
    """The crawl's test of one page: a column (a list area filled, empty or drawn by script)
    or not. ``signals`` adds what the caller knows besides the page (a registry pin, a page
    re-read because script draws its list)."""
    if "dataproxy_mailpublist" in html and find_jact_proxy(html, url) is not None:
        return PageShape(LIST, "JACT 信箱列表")
    return page_shape(doc, url, as_of, rendered=rendered,
                      column_signals=signals or _Later(lambda: column_signals(doc, html, url)))


class _Later:
    """A truth value worked out when first asked (most pages are judged before the column
    signals matter), then remembered."""

    def __init__(self, compute: Callable[[], bool]):
        self.compute: Callable[[], bool] | None = compute
        self.value = False

    def __bool__(self) -> bool:
        if self.compute is not None:
            self.value, self.compute = bool(self.compute()), None
        return self.value
