"""One row of a list: its title link, its title and its date, as a list entry.

A row is an element (li, tr, dd, p, a small div …) with at most a few links of its own and
little text outside them; its title is its longest link that is not a pager label, its date
the first one written in it. ``crawlers.extract.listing`` finds the rows that make a page's
list; ``crawlers.extract.hanweb`` reads the records of Hanweb data islands as rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache

from lxml.html import HtmlElement

from crawlers.extract.dates import DateMatch, date_from_url, find_date
from crawlers.extract.dom import (
    INVISIBLE_TAGS, class_words, is_element, is_hidden, squash, visible_text,
)
from crawlers.urls import is_internal, try_normalize

ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "div", "p", "a", "table", "article", "section"})
# Inside a row, these hold secondary material (related 解读 popups, nested lists).
_NESTED_TAGS = frozenset({"ul", "ol", "dl", "table"})
_NESTED_WORDS = ("pop", "hide", "hidden")
_MAX_ROW_LINKS = 3  # a "row" with more links is a container of rows
_RAW_LINK_LIMIT = 12  # cheap early exit while counting a candidate row's links
_MAX_ROW_TEXT = 200  # characters outside links; more is a text block, not a list row
_SKIPPED_HREFS = ("javascript:", "mailto:", "tel:", "#", "data:", "about:")
_NAV_LABELS = frozenset({
    "首页", "上一页", "下一页", "上页", "下页", "尾页", "末页", "前页", "后页", "更多", "more",
    "next", "prev", "previous", "last", "first", "返回", "返回顶部", "跳转", "go", "确定",
})
LABEL_JUNK = re.compile(r"[\s>»<«\[\]【】()（）.…·|｜/\\＞›‹+]+")
_ARTICLE_URL = re.compile(
    r"/t\d{8}_\d+|/art/\d{4}/|/art_|content_\d+|post_\d+|/\d{6}/|/20\d{2}-?\d{2}/|"
    r"detail|show|view|article|[?&](?:id|articleid|docid|infoid|newsid|messagekey)=",
    re.I)
_BULLETS = "·•●○■□◆◇▪▫►▶》> "  # decorations some sites put before each title
_DATE_LABEL_JUNK = re.compile(r"[\s\[\]【】()（）<>《》:：]|发布|时间|日期|更新|发文")


@dataclass(frozen=True)
class ListEntry:
    title: str | None
    url: str | None
    date: date | None
    date_text: str | None


@dataclass
class Row:
    element: HtmlElement
    link: HtmlElement | None
    title: str | None
    href: str | None  # raw, resolved only for the rows that are kept (normalising is costly)
    base: str
    match: DateMatch | None

    @cached_property
    def url(self) -> str | None:
        return try_normalize(self.href, self.base) if self.href else None

    @property
    def date(self) -> date | None:
        return self.match.date if self.match else None

    @cached_property
    def is_nav(self) -> bool:
        return self.link is not None and is_nav_label(self.title)

    @property
    def dated_link(self) -> bool:
        return bool(self.href and self.match and not self.is_nav)

    @property
    def article_like(self) -> bool:
        """A link that reads like an article of this site (not a nav label, not elsewhere)."""
        if not self.href or self.is_nav:
            return False
        if len(self.title or "") < 5 and not _ARTICLE_URL.search(self.href):
            return False
        if "//" not in self.href.split("?", 1)[0]:
            return True  # a relative link stays on the site
        return self.url is not None and is_internal(self.url, self.base)

    def entry(self) -> ListEntry:
        match = year_from_url(self.match, self.url)
        return ListEntry(self.title, self.url, match.date if match else None,
                         match.text if match else None)



def link_title(link: HtmlElement) -> str:
    """A link's title: its text without date labels, or @title when the text is cut short."""
    text = visible_text(link, skip=_is_date_only_element).lstrip(_BULLETS).strip()
    full = squash(link.get("title"))
    if full:
        short = text.rstrip(".…").strip()
        if not text or text != short or (full.startswith(short) and len(full) > len(short)):
            return full
    return text


@lru_cache(maxsize=4096)  # asked of every row's title several times over
def is_nav_label(text: str | None) -> bool:
    """Pager and "more" labels (下一页, 更多>>, 2, »), which are never list entries."""
    label = LABEL_JUNK.sub("", text or "").lower()
    return not label or label in _NAV_LABELS or label.isdigit() or label.startswith("更多")


def read_row(row: HtmlElement, base: str, as_of: date | None) -> Row | None:
    links = row_links(row)
    if links is None:
        return None
    text = _row_text(row)
    if len(text) > _MAX_ROW_TEXT:
        return None
    usable = [(link, href, link_title(link)) for link in links if (href := usable_href(link))]
    match = _row_date(row, text, [link for link, _, _ in usable], as_of)
    if not usable:
        if match is None:
            return None
        title = squash(visible_text(row).replace(match.text, "")) or None
        return Row(row, None, title, None, base, match)
    # The title link is the longest one that is not a pager or "more" label.
    preferred = [entry for entry in usable if not is_nav_label(entry[2])] or usable
    link, href, title = max(preferred, key=lambda entry: len(entry[2]))
    return Row(row, link, title or None, href, base, match)


def year_from_url(match: DateMatch | None, url: str | None) -> DateMatch | None:
    """A month-day date takes its year from the article URL when the URL has the same day."""
    if match is None or match.year_given or not url:
        return match
    in_url = date_from_url(url)
    if in_url is None or (in_url.month, in_url.day) != (match.date.month, match.date.day):
        return match
    return replace(match, value=match.value.replace(year=in_url.year))


def row_links(row: HtmlElement) -> list[HtmlElement] | None:
    """The row's own links (not those of nested lists or popups); None for containers."""
    if row.tag == "a":
        return [row]
    raw = 0
    links = []
    for link in row.iter("a"):
        raw += 1
        if raw > _RAW_LINK_LIMIT:
            return None
        if link.get("href") is not None and not _is_nested_within(link, row):
            links.append(link)
    if len(links) > _MAX_ROW_LINKS:
        return None
    return links


def _is_nested_within(el: HtmlElement, row: HtmlElement) -> bool:
    node = el.getparent()
    while node is not None and node is not row:
        if _is_secondary(node):
            return True
        node = node.getparent()
    return False


def _is_secondary(el: HtmlElement) -> bool:
    if el.tag in _NESTED_TAGS or is_hidden(el):
        return True
    words = class_words(el)
    return any(word in words for word in _NESTED_WORDS)


def _row_text(row: HtmlElement) -> str:
    """The row's own text outside its links, popups and nested lists."""
    if row.tag == "a":
        return ""
    return visible_text(row, skip=lambda el: el.tag == "a" or _is_secondary(el))


def _row_date(row: HtmlElement, text: str, links: list[HtmlElement],
              as_of: date | None) -> DateMatch | None:
    match = find_date(text, as_of)
    if match is not None:
        return match
    for link in links:
        match = date_inside_link(link, as_of)
        if match is not None:
            return match
    return None


def date_inside_link(link: HtmlElement, as_of: date | None) -> DateMatch | None:
    """A date written in its own element inside a link (<a><p>标题</p><span>日期</span></a>)."""
    for el in link.iter():
        if el is not link and is_element(el) and _is_date_only_element(el):
            return find_date(visible_text(el), as_of)
    return None


def _is_date_only_element(el: HtmlElement) -> bool:
    if el.tag in INVISIBLE_TAGS or len(el):
        return False
    text = squash(el.text_content())
    if not text or len(text) > 30:
        return False
    match = find_date(text)
    if match is None:
        return False
    rest = text.replace(match.text, "")
    return not _DATE_LABEL_JUNK.sub("", rest)


def usable_href(link: HtmlElement) -> str | None:
    href = squash(link.get("href"))
    if not href or href.lower().startswith(_SKIPPED_HREFS):
        return None
    return href


def link_url(link: HtmlElement, base: str) -> str | None:
    href = usable_href(link)
    return try_normalize(href, base) if href else None
