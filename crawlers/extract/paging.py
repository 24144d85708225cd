"""The other pages of a list: TRS script pagers, pager links, base64 pagers.

``find_list_pages`` answers with the absolute URLs of pages 2..N (page 1 and the page
itself left out). Hanweb lists page through POST calls to ``dataproxy.jsp`` instead
(crawlers/extract/hanweb.py).
"""
from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from crawlers.extract.dom import Doc, as_tree, classed_elements, is_element, squash, visible_text
from crawlers.urls import try_normalize

MAX_PAGES = 2000

_CREATE_PAGE_CALL = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_COUNT_VARS = re.compile(
    r"\b(?P<name>countPage|totalPage|pageCount|totalPages|pageTotal)\s*=\s*(?P<n>\d+)")
_VARIABLE = r"\b{name}\s*=\s*(\d+)"
_PAGE_KEYS = frozenset({"page", "pageno", "pageindex", "currpage", "pagenum", "curpage",
                        "cur_page", "page_no", "pagenumber", "page_index", "currentpage"})
_PAGED_NAME = re.compile(r"^(?P<stem>.+?)(?P<sep>[_-])(?P<n>\d{1,4})(?P<ext>\.[A-Za-z]{2,6})$")
# index.html and index_3.html share the stem "index"; t20190918_693227.shtml keeps its id.
_STATIC_NAME = re.compile(r"^(?P<stem>[^/]+?)(?:_\d{1,4})?\.(?P<ext>[A-Za-z]{2,6})$")
_PAGER_WORDS = ("下一页", "上一页", "下页", "上页", "尾页", "末页", "首页", "后页", "前页",
                "next", "prev", "last", "first", ">", ">>", "»", "›", "<", "<<", "«", "‹")
_NEXT_WORDS = ("下一页", "下页", "后页", "next", ">", "›")
_TOTAL_TEXT = re.compile(r"共\s*(\d+)\s*页")
_BASE64_TEXT = re.compile(r"^[A-Za-z0-9+/=\s]{16,}$")


@dataclass(frozen=True)
class ListPaging:
    kind: str  # trs | links | query | base64 | none
    urls: list[str]
    total_pages: int | None


NO_PAGING = ListPaging("none", [], None)


def find_list_pages(doc_or_html: Doc, url: str) -> ListPaging:
    """The other pages of the list shown at ``url``, in order, page 1 excluded."""
    tree = as_tree(doc_or_html)
    scripts = "\n".join(script.text or "" for script in tree.iter("script"))
    found = _trs_pages(scripts, url)
    if found is not None:
        return found
    encoded = _base64_pager(tree)
    if encoded is not None:
        found = _link_pages(encoded, url, kind_for_path="base64", kind_for_query="base64")
        if found is not None:
            return found
    found = _link_pages(tree, url)
    return found if found is not None else NO_PAGING


# ---- TRS ---------------------------------------------------------------------------------

def _trs_pages(scripts: str, url: str) -> ListPaging | None:
    call = _create_page_call(scripts)
    if call is not None:
        count, name, ext = call
    else:
        count_var = _COUNT_VARS.search(scripts)
        if count_var is None:
            return None
        if count_var["name"] != "countPage" and "index_" not in scripts:
            return None  # a stray "pageCount" of some widget, not a TRS pager
        if urlsplit(url).query:
            return None
        count = int(count_var["n"])
        name, ext = _name_and_ext(url, scripts)
    count = min(count, MAX_PAGES)
    current = try_normalize(url)
    urls = []
    for index in range(1, count):
        page = try_normalize(f"{name}_{index}.{ext}", url)
        if page and page != current:
            urls.append(page)
    return ListPaging("trs", urls, max(count, 1))


def _create_page_call(scripts: str) -> tuple[int, str, str] | None:
    """(page count, base name, extension) of the last ``createPageHTML(...)`` call."""
    result = None
    for match in _CREATE_PAGE_CALL.finditer(scripts):
        numbers: list[int] = []
        strings: list[str] = []
        for arg in (part.strip() for part in match.group(1).split(",")):
            if re.fullmatch(r"\d+", arg):
                numbers.append(int(arg))
            elif re.fullmatch(r"(['\"]).*\1", arg):
                if numbers:  # strings before the numbers name a container element
                    strings.append(arg[1:-1])
            elif re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
                value = re.search(_VARIABLE.format(name=re.escape(arg)), scripts)
                if value:
                    numbers.append(int(value.group(1)))
        if len(numbers) >= 2 and len(strings) >= 2:
            result = (numbers[0], strings[0], strings[1].lstrip("."))
    return result


def _name_and_ext(url: str, scripts: str) -> tuple[str, str]:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    match = _STATIC_NAME.match(last)
    if match:
        return match["stem"], match["ext"]
    written = re.search(r"index_\"?\s*\+[^;]*?\.(s?html?)", scripts)
    return "index", written.group(1) if written else "html"


# ---- pager links ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Template:
    """A family of page URLs that differ only in one number (a path part or a query key)."""

    kind: str  # links (number in the file name) | query
    prefix: str  # links: URL up to the number; query: URL without the page key
    suffix: str = ""
    key: str = ""

    def url(self, number: int, sample: str) -> str:
        """Page ``number`` of the family, written like ``sample`` (a member's URL)."""
        if self.kind == "links":
            return f"{self.prefix}{number}{self.suffix}"
        parts = urlsplit(sample)
        params = [(k, str(number) if k == self.key else v)
                  for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


@lru_cache(maxsize=8192)  # a page links the same targets as the pages beside it
def _page_number(url: str) -> tuple[_Template, int] | None:
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in params:
        if key.lower() in _PAGE_KEYS and value.isdigit():
            others = tuple(sorted((k, v) for k, v in params if k != key))
            prefix = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(others), ""))
            return _Template("query", prefix, key=key), int(value)
    directory, _, last = parts.path.rpartition("/")
    match = _PAGED_NAME.match(last)
    if match and not parts.query:
        prefix = urlunsplit((parts.scheme, parts.netloc,
                             f"{directory}/{match['stem']}{match['sep']}", "", ""))
        return _Template("links", prefix, match["ext"]), int(match["n"])
    return None


def _first_page_prefix(url: str) -> str | None:
    """For a page 1 like .../index.html: the prefix its later pages share (.../index_)."""
    parts = urlsplit(url)
    directory, _, last = parts.path.rpartition("/")
    match = _STATIC_NAME.match(last)
    stem = match["stem"] if match else ("index" if not last else None)
    if stem is None or parts.query:
        return None
    return urlunsplit((parts.scheme, parts.netloc, f"{directory}/{stem}", "", ""))


def _pager_label(link: HtmlElement) -> str:
    label = squash(visible_text(link) or link.get("title")).lower()
    return re.sub(r"[\s\[\]【】()（）]", "", label)


def _is_pager_label(label: str) -> bool:
    return label.isdigit() or label in _PAGER_WORDS or any(
        word in label for word in ("下一页", "尾页", "末页", "上一页"))


def _link_pages(tree: HtmlElement, url: str, kind_for_path: str = "links",
                kind_for_query: str = "query") -> ListPaging | None:
    current = try_normalize(url) or url
    own = _page_number(current)
    first_page_prefix = _first_page_prefix(current)
    families: dict[_Template, list[tuple[str, int]]] = {}
    samples: dict[_Template, str] = {}
    for link in tree.iter("a"):
        if not is_element(link) or not link.get("href"):
            continue
        target = try_normalize(squash(link.get("href")), url)
        numbered = _page_number(target) if target else None
        if numbered is None:
            continue
        template, number = numbered
        label = _pager_label(link)
        if template.kind == "query":
            related = urlsplit(target).path == urlsplit(current).path
        else:
            related = (own is not None and own[0] == template) or (
                first_page_prefix is not None
                and template.prefix[:-1] == first_page_prefix)
        if _is_pager_label(label) or related:
            families.setdefault(template, []).append((label, number))
            samples.setdefault(template, target)
    if not families:
        return None
    template, anchors = max(families.items(),
                            key=lambda item: (len(item[1]), max(n for _, n in item[1])))
    offset = _numbering_offset(template, anchors, own)
    last_page = max(number - offset for _, number in anchors)
    written = _TOTAL_TEXT.search(visible_text(tree))
    if written and int(written.group(1)) > last_page:
        last_page = int(written.group(1))
    last_page = min(last_page, MAX_PAGES)
    urls = []
    for page in range(2, last_page + 1):
        page_url = try_normalize(template.url(page + offset, samples[template]))
        if page_url and page_url != current and page_url not in urls:
            urls.append(page_url)
    kind = kind_for_query if template.kind == "query" else kind_for_path
    return ListPaging(kind, urls, max(last_page, 1))


def _numbering_offset(template: _Template, anchors: list[tuple[str, int]],
                      own: tuple[_Template, int] | None) -> int:
    """URL number minus page number: 0 for ?page=2 = page 2, -1 for TRS index_1 = page 2."""
    votes = Counter(number - int(label) for label, number in anchors if label.isdigit())
    if votes:
        return votes.most_common(1)[0][0]
    on_first_page = own is None or own[0] != template
    for label, number in anchors:
        if on_first_page and any(word == label or word in label for word in _NEXT_WORDS):
            return number - 2
    stem = template.prefix[:-1].rsplit("/", 1)[-1].lower()
    return -1 if template.kind == "links" and stem in ("index", "home") else 0


# ---- base64 pager ----------------------------------------------------------------------------

def _base64_pager(tree: HtmlElement) -> HtmlElement | None:
    """The pager HTML hidden as base64(url-encoded HTML) in <div id="pages"> (atob on load)."""
    for el in classed_elements(tree):
        if "page" not in (el.get("id") or el.get("class") or "").lower():
            continue
        raw = (el.text or "").strip()
        if len(el) or not _BASE64_TEXT.match(raw):
            continue
        try:
            decoded = base64.b64decode("".join(raw.split()) + "===", validate=False)
        except (binascii.Error, ValueError):
            continue
        markup = unquote(decoded.decode("latin-1"), encoding="utf-8", errors="replace")
        if "<a" not in markup.lower():
            continue
        try:
            return lxml.html.fragment_fromstring(markup, create_parent="div")
        except (lxml.etree.ParserError, ValueError):
            continue
    return None
