"""Every link target of a page that a reader (or the browser) would request."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawlers.extract.dom import Doc, as_tree, base_href, is_element, squash, visible_text
from crawlers.urls import try_normalize

ATTACHMENT_SUFFIXES = frozenset({
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "zip", "rar", "7z", "ppt", "pptx",
    "ofd", "txt", "csv",
})
# Link schemes that never name a page; try_normalize drops the rest of the non-web ones.
_SKIPPED_PREFIXES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:", "vbscript:")
# tag -> (attribute holding the target, kind recorded)
_SOURCES: dict[str, tuple[str, str]] = {
    "a": ("href", "a"),
    "area": ("href", "a"),
    "img": ("src", "img"),
    "iframe": ("src", "iframe"),
    "frame": ("src", "frame"),
    "embed": ("src", "embed"),
    "object": ("data", "object"),
}


@dataclass(frozen=True)
class FoundLink:
    url: str
    tag: str  # a | attachment | img | iframe | frame | embed | object
    text: str


def extract_links(doc: Doc, base_url: str) -> list[FoundLink]:
    """Links of the page, absolute and normalised, each (url, tag) once, in page order.

    ``<a>`` and ``<area>`` pointing at a document file (pdf, doc, xls, zip, ofd …) are
    tagged "attachment"; ``<base href>`` is respected.
    """
    tree = as_tree(doc)
    base = base_href(tree, base_url)
    found: list[FoundLink] = []
    seen: set[tuple[str, str]] = set()
    for el in tree.iter(*_SOURCES):
        if not is_element(el):
            continue
        attribute, tag = _SOURCES[el.tag]
        raw = squash(el.get(attribute))
        if not raw or raw.lower().startswith(_SKIPPED_PREFIXES):
            continue
        url = try_normalize(raw, base)
        if url is None:
            continue
        if tag == "a" and is_attachment(url):
            tag = "attachment"
        if (url, tag) in seen:
            continue
        seen.add((url, tag))
        found.append(FoundLink(url, tag, _link_text(el)))
    return found


@lru_cache(maxsize=8192)  # the pages of a site link the same targets again and again
def is_attachment(url: str) -> bool:
    """True when the URL's path names a document file rather than a page."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[-1].lower() in ATTACHMENT_SUFFIXES


def _link_text(el: HtmlElement) -> str:
    if el.tag in ("a", "area"):
        text = visible_text(el) if el.tag == "a" else ""
        return text or squash(el.get("title")) or squash(el.get("alt")) or _image_alt(el)
    return squash(el.get("alt")) or squash(el.get("title"))


def _image_alt(el: HtmlElement) -> str:
    for img in el.iter("img"):
        alt = squash(img.get("alt")) or squash(img.get("title"))
        if alt:
            return alt
    return ""
