"""Article pages: title, publication time, column, source and the government meta set.

Publication time is the date a reader sees: a visible 发布日期/发布时间/时间/日期 label, else
the 信息公开 table's date, else an unlabelled date right beside the title. Only when the page
shows none do ``meta PubDate`` (gov.cn: ``firstpublishedtime``), the date in the URL and
Hanweb ``Maketime`` (the time the page was generated) count, in that order: meta dates are
often migration or generation times. Every other candidate that names a different day is
kept as a conflict, the evidence for a report that surprises.
"""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime, time

from lxml.html import HtmlElement

from crawlers.extract.dates import date_from_url, find_date, parse_datetime
from crawlers.extract.disclosure import disclosure_dates, metadata_blocks
from crawlers.extract.dom import (
    Doc, as_tree, class_words, classed_elements, is_chrome, is_element, meta_get, meta_values,
    raw_text, squash, tree_memo, visible_text,
)
from crawlers.extract.listing import list_heading
from crawlers.extract.rows import is_nav_label

_PUBLISHED_LABEL = re.compile(
    r"(?:发布日期|发布时间|发表时间|发稿时间|公开日期|更新时间|(?<![\u4e00-\u9fff])时间|(?<![\u4e00-\u9fff])日期)"
    r"\s*[:：]\s*")
_PUBLISHED_PRIORITY = re.compile(r"(?:发布日期|发布时间|发表时间|发稿时间|公开日期)\s*[:：]")
_SOURCE_LABEL = re.compile(r"(?:信息来源|文章来源|稿件来源|来源)\s*[:：]\s*")
_VALUE_END = re.compile(
    r"\s|[|丨]|(?:作者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览|点击|阅读|访问|字号|字体|"
    r"打印|分享|关闭|【)")
# Between a page title and the site name: "-", "--", "—", "_", "|" with or without spaces
# (a bare "-" only where what follows it reads as a site name: titles hold "1-10月").
_TITLE_SEPARATORS = re.compile(r"\s+[-—–]+\s+|-{2,}|—+|\s*[_|｜]\s*")
_SITE_NAME = re.compile(r"(?:人民政府|政府|门户网站?|政府网|网站|网|委员会|管委会|办公室|办公厅|局|厅|委)$"
                        r"|^中国[\u4e00-\u9fff]{2,4}$")
_NO_SPACE = re.compile(r"\s+")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BREADCRUMB_WORDS = ("crumb", "position", "location", "weizhi", "dqwz", "curpos",
                     "path", "bread", "mianbao")
_BREADCRUMB_TEXT = re.compile(r"当前位置|您的位置|您现在的位置|所在位置|当前的位置|现在位置")
_BREADCRUMB_SEPARATORS = re.compile(r"^[\s>›»/＞→\-|:：]+|[\s>›»/＞→\-|:：]+$")
_MARK = "\ue000"  # stands in for the last breadcrumb link while reading what follows it
_GENERIC_CRUMBS = frozenset({"正文", "详情", "内容", "详细内容", "文章", "浏览", "阅读",
                             "详细信息", "文章详情", "正文内容", "信息详情", "首页"})
_BODY_MARKERS = ("trs_editor", "trs_ueditor", "ucap-content", "zoom", "article-content",
                 "article-body", "article_content", "articlecontent", "main-txt", "con_text",
                 "news_cont", "xl_main", "articlebox", "detail-content", "content_text",
                 "js_content", "pages_content", "view-content", "article_con", "wzcon", "bt_content")
_TITLE_CLASS = re.compile(r"(?:^|[\s_-])(?:article[-_]?title|detail[-_]?title|con[-_]?title|"
                          r"news[-_]?title|title|tit|bt|rich_media_title)(?:$|[\s_-])")


@dataclass(frozen=True)
class DateCandidate:
    """One place a page states its publication time."""

    source: str  # visible | table | beside-title | meta | url | maketime
    value: datetime


@dataclass(frozen=True)
class ArticleFacts:
    title: str | None
    published: datetime | None
    published_source: str | None  # visible | table | meta | url
    column_name: str | None
    source: str | None
    site_name: str | None
    meta: dict[str, str] = field(default_factory=dict)
    # Candidates naming another day than ``published`` (meta, URL, other visible dates).
    conflicts: tuple[DateCandidate, ...] = ()


def extract_article(doc: Doc, url: str, as_of: date | None = None) -> ArticleFacts:
    """What an article page says about itself."""
    tree = as_tree(doc)
    metas = meta_values(tree)
    title = _reader_title(tree, meta_get(metas, "ArticleTitle"))
    candidates = _date_candidates(tree, metas, url, as_of, title)
    published, source_kind = _choose(candidates)
    # Maketime is when the page file was generated, never a claim about publication.
    conflicts = tuple(c for c in candidates if c.source != "maketime"
                      and published is not None and c.value.date() != published.date())
    return ArticleFacts(
        title=title,
        published=published,
        published_source=source_kind,
        column_name=(meta_get(metas, "ColumnName") or _hanweb_location(tree)
                     or _breadcrumb_name(tree, title)),
        source=meta_get(metas, "ContentSource") or _labelled_value(tree, _SOURCE_LABEL),
        site_name=meta_get(metas, "SiteName"),
        meta=metas,
        conflicts=_distinct(conflicts),
    )


def column_name(doc: Doc) -> str | None:
    """The column a list page belongs to: meta ColumnName, Hanweb's hidden location, the
    breadcrumb's last item, or the heading above the list."""
    tree = as_tree(doc)
    return (meta_get(meta_values(tree), "ColumnName") or _hanweb_location(tree)
            or _breadcrumb_name(tree) or list_heading(tree))


def looks_like_article(doc: Doc) -> bool:
    """True for a single article: ArticleTitle/PubDate meta, or a 发布时间 label next to a
    body block (TRS_Editor, UCAP-CONTENT, #zoom …). Answered once per tree: the crawl's
    shape test and the spider both ask."""
    tree = as_tree(doc)
    return tree_memo(tree, ("looks_like_article",), lambda: _looks_like_article(tree))


def _looks_like_article(tree: HtmlElement) -> bool:
    metas = meta_values(tree)
    if meta_get(metas, "ArticleTitle", "PubDate", "firstpublishedtime"):
        return True
    if not _has_body_block(tree):
        return False
    body = tree.find("body")
    text = visible_text(body if body is not None else tree)
    return bool(_PUBLISHED_PRIORITY.search(text))


def page_title(doc: Doc) -> str | None:
    """The page's ``<title>``, spaces folded."""
    tree = as_tree(doc)
    title = tree.find(".//title")
    text = squash(title.text_content()) if title is not None else ""
    return text or None


def title_without_site(doc: Doc) -> str | None:
    """The page's ``<title>`` without the site name."""
    return _title_without_site(as_tree(doc))


def _title_without_site(tree: HtmlElement) -> str | None:
    """``<title>`` without the site name most sites add ("标题 - 某某市人民政府", "标题_站点",
    "站点 | 标题")."""
    title = page_title(tree)
    if not title:
        return None
    site = meta_get(meta_values(tree), "SiteName")
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) == 1 and "-" in title:
        head, _, tail = title.rpartition("-")
        if head.strip() and _is_site_name(tail.strip(), site):
            parts = [head.strip(), tail.strip()]
    if len(parts) <= 1:
        return parts[0] if parts else title
    kept = [part for part in parts if not _is_site_name(part, site)]
    return kept[0] if kept else parts[0]


def _is_site_name(text: str, site: str | None) -> bool:
    if site and text == site:
        return True
    return len(text) <= 20 and not re.search(r"\d", text) and bool(_SITE_NAME.search(text))


# ---- publication time ----------------------------------------------------------------------

_META_DATES = ("PubDate", "firstpublishedtime", "publishdate", "pubtime")


def _date_candidates(tree: HtmlElement, metas: dict[str, str], url: str, as_of: date | None,
                     title: str | None) -> list[DateCandidate]:
    """Every statement of the publication time, the ones a reader sees first."""
    found: list[DateCandidate] = []
    visible = _visible_published(tree, as_of)
    if visible is not None:
        found.append(DateCandidate("visible", visible))
    table = disclosure_dates(tree)
    table_date = table.get("published") or table.get("issued")
    if isinstance(table_date, date):
        found.append(DateCandidate("table", datetime.combine(table_date, time())))
    beside = _date_beside_title(tree, title, as_of)
    if beside is not None:
        found.append(DateCandidate("beside-title", beside))
    for name in _META_DATES:
        value = parse_datetime(meta_get(metas, name), as_of)
        if value is not None:
            found.append(DateCandidate("meta", value))
            break
    in_url = date_from_url(url)
    if in_url is not None:
        found.append(DateCandidate("url", datetime.combine(in_url, time())))
    value = parse_datetime(meta_get(metas, "Maketime"), as_of)
    if value is not None:
        found.append(DateCandidate("maketime", value))
    return found


def _choose(candidates: list[DateCandidate]) -> tuple[datetime | None, str | None]:
    """The first candidate wins; a later one on the same day lends its time of day when the
    winner shows the day alone (a visible 2016-11-22 and a meta 2016-11-22 09:53)."""
    if not candidates:
        return None, None
    first = candidates[0]
    value = first.value
    if value.time() == time():
        for other in candidates[1:]:
            if other.value.date() == value.date() and other.value.time() != time():
                value = other.value
                break
    source = {"beside-title": "visible", "maketime": "meta"}.get(first.source, first.source)
    return value, source


def _distinct(candidates: tuple[DateCandidate, ...]) -> tuple[DateCandidate, ...]:
    seen: set[tuple[str, datetime]] = set()
    kept = []
    for candidate in candidates:
        if (candidate.source, candidate.value) not in seen:
            seen.add((candidate.source, candidate.value))
            kept.append(candidate)
    return tuple(kept)


def _date_beside_title(tree: HtmlElement, title: str | None,
                       as_of: date | None) -> datetime | None:
    """An unlabelled date in the short line right after the article heading (the byline
    many templates print as "2024-01-02 10:30 来源：…"): the heading's next visible
    sibling, or its wrapper's when the heading ends the wrapper."""
    heading = _title_element(tree, title)
    node, steps = heading, 0
    while node is not None and steps < 2:
        following = _next_visible(node)
        if following is not None:
            text = visible_text(following)
            if len(text) > 80 or len(following.findall(".//a")) > 2:
                return None
            match = find_date(text, as_of)
            return match.value if match is not None and match.year_given else None
        node, steps = node.getparent(), steps + 1
        if node is None or node.tag in ("body", "html"):
            break
    return None


def _next_visible(el: HtmlElement) -> HtmlElement | None:
    for sibling in el.itersiblings():
        if is_element(sibling) and sibling.tag not in ("script", "style") \
                and visible_text(sibling):
            return sibling
    return None


def _title_element(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    if not title:
        return None
    for el in tree.iter(*_HEADING_TAGS, "div", "p", "span", "td"):
        if el.tag not in _HEADING_TAGS and not _TITLE_CLASS.search(class_words(el)):
            continue
        if is_chrome(el):
            continue
        if visible_text(el) == title:
            return el
    return None


def _visible_published(tree: HtmlElement, as_of: date | None) -> datetime | None:
    blocks = metadata_blocks(tree)
    body = tree.find("body")
    text = visible_text(body if body is not None else tree,
                        skip=(lambda el: any(el is block for block in blocks)) if blocks else None)
    best: datetime | None = None
    for label in _PUBLISHED_LABEL.finditer(text):
        match = find_date(text[label.end():label.end() + 40], as_of)
        if match is None or match.start > 2:
            continue
        if _PUBLISHED_PRIORITY.match(label.group(0)):
            return match.value
        best = best or match.value
    return best


# ---- titles, columns, sources --------------------------------------------------------------

def _reader_title(tree: HtmlElement, meta_title: str | None) -> str | None:
    """The title as the reader sees it. The meta ArticleTitle is exact but sometimes carries
    more than the heading shows (a document number appended): then the heading wins."""
    if meta_title:
        bare = _NO_SPACE.sub("", meta_title)
        for text in _heading_texts(tree):
            shown = _NO_SPACE.sub("", text)
            if shown == bare:
                return meta_title  # same words; the meta has no line-break spaces
            if len(shown) >= 8 and bare.startswith(shown) and bare[len(shown)] in "(（〔[【":
                return text
        return meta_title
    return _visible_title(tree) or _title_without_site(tree)


def _heading_texts(tree: HtmlElement):
    yield from _heading_candidates(tree)
    for heading in tree.iter(*_HEADING_TAGS[1:]):
        if not is_chrome(heading):
            yield visible_text(heading)


def _visible_title(tree: HtmlElement) -> str | None:
    """The article heading: the one the ``<title>`` also names, else the first h1 or title
    block outside the page header (where the site logo often sits in an h1)."""
    candidates = list(_heading_candidates(tree))
    in_title = _title_without_site(tree)
    if in_title:
        # The heading the <title> names may sit at any level (h5 on some templates).
        for text in _heading_texts(tree):
            if len(text) >= 4 and (text == in_title or in_title.startswith(text.rstrip(".…"))
                                   or text.startswith(in_title)):
                return text
    return candidates[0] if candidates else None


def _heading_candidates(tree: HtmlElement):
    for heading in tree.iter("h1"):
        text = visible_text(heading)
        if len(text) >= 4 and not is_chrome(heading):
            yield text
    yield from _title_blocks(tree)


def _title_blocks(tree: HtmlElement):
    for el in classed_elements(tree):
        if el.tag in ("body", "html", "head", "title", "meta"):
            continue
        if _TITLE_CLASS.search(class_words(el)) and not is_chrome(el):
            text = visible_text(el)
            if 4 <= len(text) <= 200:
                yield _first_heading(el) or text


def _first_heading(el: HtmlElement) -> str | None:
    """In a title block holding a main and a sub title (h2 + h3), the highest heading."""
    for tag in ("h1", "h2", "h3", "h4"):
        for heading in el.iter(tag):
            text = visible_text(heading)
            if len(text) >= 4:
                return text
    return None


def _hanweb_location(tree: HtmlElement) -> str | None:
    """Hanweb's hidden ``#hiddenLocation``: col1_name is the page's own column."""
    for box in classed_elements(tree):
        if box.get("id") == "hiddenLocation":
            names = {span.get("id"): squash(span.text_content()) for span in box.iter()
                     if is_element(span) and re.fullmatch(r"col\d+_name", span.get("id") or "")}
            if names.get("col1_name"):
                return names["col1_name"]
            ordered = [name for name in names.values() if name]
            return ordered[-1] if ordered else None
    return None


def _breadcrumb(tree: HtmlElement) -> HtmlElement | None:
    for el in classed_elements(tree):
        if el.get("id") == "hiddenLocation":
            continue
        words = class_words(el)
        if any(word in words for word in _BREADCRUMB_WORDS) and len(el.findall(".//a")) >= 2:
            return el
    # An element's own text is one piece of the page's raw text: none there, none anywhere.
    for el in tree.iter() if _BREADCRUMB_TEXT.search(raw_text(tree)) else ():
        if is_element(el) and el.text and _BREADCRUMB_TEXT.search(el.text):
            node, steps = el, 0
            while node is not None and steps < 5:
                if len(node.findall(".//a")) >= 1 and len(visible_text(node)) < 200:
                    if node is not el or el.find(".//a") is not None:
                        return node
                node, steps = node.getparent(), steps + 1
    return None


def _breadcrumb_name(tree: HtmlElement, article_title: str | None = None) -> str | None:
    """The breadcrumb's last item (a current column shown as plain text counts), unless it
    is a generic word like 正文 or the article's own title; then its last link."""
    crumb = _breadcrumb(tree)
    if crumb is None:
        return None
    anchors = [a for a in crumb.iter("a") if squash(a.text_content())]
    links = [squash(a.text_content()) for a in anchors]
    trailing = _BREADCRUMB_SEPARATORS.sub("", _text_after(crumb, anchors[-1])) if anchors else ""
    if trailing and trailing not in _GENERIC_CRUMBS and len(trailing) <= 20 \
            and not (article_title and trailing in article_title):
        return trailing
    for name in reversed(links):
        if name not in _GENERIC_CRUMBS and not is_nav_label(name):
            return name
    return None


def _text_after(container: HtmlElement, link: HtmlElement) -> str:
    """Visible text of ``container`` that follows ``link`` (a current item shown unlinked)."""
    position = list(container.iter("a")).index(link)
    copy = deepcopy(container)
    marker = list(copy.iter("a"))[position]
    for child in list(marker):
        marker.remove(child)
    marker.text = _MARK
    text = visible_text(copy)
    return text.split(_MARK, 1)[1] if _MARK in text else ""


def _labelled_value(tree: HtmlElement, label: re.Pattern) -> str | None:
    body = tree.find("body")
    text = visible_text(body if body is not None else tree)
    for match in label.finditer(text):
        rest = text[match.end():match.end() + 60]
        end = _VALUE_END.search(rest)
        value = (rest[:end.start()] if end else rest).strip()
        if value:
            return value
    return None


def _has_body_block(tree: HtmlElement) -> bool:
    for el in classed_elements(tree):
        if el.tag not in ("body", "html"):
            words = class_words(el)
            if words.strip() and any(marker in words for marker in _BODY_MARKERS):
                return True
    return False
