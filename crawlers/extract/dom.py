"""Shared HTML plumbing for the parsers: parse once, read visible text, spot page chrome.

Every parser accepts either page text or an already parsed tree; ``as_tree`` turns the first
into the second so that a caller holding a tree never pays for a second parse.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Callable
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from selectolax.lexbor import LexborHTMLParser

from crawlers.extract.encoding import decode_html

Doc = str | bytes | HtmlElement

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Characters XML (so lxml) cannot store, and the names it accepts for tags and attributes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
# Chromium's parser nests elements no deeper than this (kMaximumHTMLParserDOMTreeDepth).
MAX_DEPTH = 512
# \s covers the no-break and full-width spaces; zero-width characters are added by hand.
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Elements whose text a reader never sees as page content.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title",
                            "select", "option", "textarea"})
# Class or id words that mark navigation, header and footer blocks.
CHROME_WORDS = ("nav", "menu", "header", "footer", "foot", "crumb", "bottom", "copyright")


def parse_html(text: str | bytes) -> HtmlElement:
    """Parse a page into an lxml tree the way a browser builds it; never raises.

    Tree construction follows HTML5 (Lexbor, through selectolax): content after a stray
    ``</html>``, unclosed tags and nesting deeper than libxml2's limit of 256 all land where
    a browser puts them. The result is an ordinary lxml.html tree for the parsers.
    """
    if isinstance(text, bytes):
        text = decode_html(text).text
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return _empty_document()
    try:
        return _lxml_tree(LexborHTMLParser(text).root)
    except (ValueError, RuntimeError, lxml.etree.LxmlError):
        return _empty_document()


def _lxml_tree(root) -> HtmlElement:
    """Copy a Lexbor tree into lxml, walking with a stack (pages nest past recursion limits).

    Like Chromium's parser, elements past depth ``MAX_DEPTH`` are not nested further: each
    is placed empty at the deepest level and its content follows it there, so every word
    and link is kept while the tree stays shallow enough for the parsers' ancestor walks.
    """
    if root is None:
        return _empty_document()
    builder = lxml.etree.TreeBuilder(parser=lxml.html.html_parser, insert_comments=True)
    start, end, data, comment = builder.start, builder.end, builder.data, builder.comment
    lxml_name = _lxml_name
    # Nodes to copy, and (as strings) the names of the elements to close when their turn comes.
    stack: list = [root]
    pop, push, extend = stack.pop, stack.append, stack.extend
    depth = 0
    while stack:
        node = pop()
        if node.__class__ is str:
            end(node)
            depth -= 1
            continue
        tag = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            data(_xml_safe(node.text_content or ""))  # type: ignore[attr-defined]
            continue
        if tag == "-comment":
            comment(_comment_safe(node.comment_content or ""))  # type: ignore[attr-defined]
            continue
        if not tag or tag[0] in "-_#!":
            continue
        name = lxml_name(tag)
        attributes = node.attributes  # type: ignore[attr-defined]
        start(name, {key: _xml_safe(value or "") for key, value in attributes.items()
                     if _XML_NAME.match(key)} if attributes else {})
        if depth >= MAX_DEPTH:
            end(name)  # flattened: the content follows at this level
        else:
            depth += 1
            push(name)
        children = list(node.iter(True))  # type: ignore[attr-defined]  # text and comments too
        if children:
            children.reverse()
            extend(children)
    tree = builder.close()
    return tree if tree.tag == "html" else _empty_document()


@lru_cache(maxsize=4096)  # a page uses a few dozen tags, again and again
def _lxml_name(tag: str) -> str:
    """The name lxml stores a Lexbor tag under."""
    return tag if _XML_NAME.match(tag) else _safe_name(tag)


def _xml_safe(text: str) -> str:
    """lxml stores only XML characters: control characters and non-characters are dropped."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def _comment_safe(text: str) -> str:
    """XML comments may not hold ``--`` nor end with ``-``; HTML comments may."""
    text = re.sub("-(?=-)", "- ", _xml_safe(text))
    return text + " " if text.endswith("-") else text


def _safe_name(tag: str) -> str:
    """Tags lxml cannot name (``o:p`` from Word, stray punctuation) keep a readable form."""
    cleaned = re.sub(r"[^\w.-]", "-", tag)
    return cleaned if _XML_NAME.match(cleaned) else "x-" + cleaned


def _empty_document() -> HtmlElement:
    return lxml.html.document_fromstring("<html><body></body></html>")


def as_tree(doc: Doc) -> HtmlElement:
    """The parsed tree of ``doc`` (returned as is when it already is one)."""
    if isinstance(doc, lxml.etree._Element):
        return doc  # type: ignore[return-value]
    return parse_html(doc)


def squash(text: str | None) -> str:
    """Fold every kind of space (no-break, full-width, zero-width) into one plain space."""
    if not text:
        return ""
    if "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text \
            or "\ufeff" in text:
        return _SPACES.sub(" ", text).strip()
    # str.split() splits at exactly the characters \s matches (str.isspace), and is faster.
    return " ".join(text.split())


def raw_text(el: HtmlElement) -> str:
    """Every character of text below ``el``, hidden or not, without separators: what
    ``visible_text`` can hold, but for spaces (a quick test before reading that)."""
    return _STRING_VALUE(el)


_STRING_VALUE = lxml.etree.XPath("string()")


def contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    """True when ``inner`` lies somewhere below ``outer`` (not the element itself)."""
    return any(node is outer for node in inner.iterancestors())


def is_element(node) -> bool:
    """True for elements, False for comments, processing instructions and entities."""
    return isinstance(node.tag, str)


def is_hidden(el: HtmlElement) -> bool:
    """Hidden by inline style, the ``hidden`` attribute or a framework's hiding class (other
    class-based CSS is not known here)."""
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    # AngularJS's built-in ng-hide class is display:none wherever the framework runs.
    if "ng-hide" in (el.get("class") or ""):
        return True
    return el.get("hidden") is not None or (el.tag == "input" and el.get("type") == "hidden")


def hidden_within(el: HtmlElement) -> bool:
    """True when ``el`` or one of its ancestors is hidden."""
    return is_hidden(el) or any(is_hidden(node) for node in el.iterancestors())


def visible_text(el: HtmlElement, skip: Callable[[HtmlElement], bool] | None = None) -> str:
    """The text a reader sees inside ``el``, one space between elements, spaces folded.

    Scripts, styles, comments and inline-hidden elements are left out, and so is every
    element for which ``skip`` returns True. Walks with an explicit stack: real pages nest
    deeper than Python's recursion allows. Without ``skip`` the answer is remembered for the
    element: the parsers ask for the same rows and blocks again and again.
    """
    if skip is not None and len(el):
        return squash("".join(text_pieces(el, skip)))
    # (``skip`` is asked about the elements below ``el`` only: without any, it changes nothing.)
    text = _TEXT_MEMO[0].get(el)
    if text is None:
        text = _TEXT_MEMO[1].get(el)
        if text is None:
            text = squash("".join(text_pieces(el)))
        if len(_TEXT_MEMO[0]) >= _TEXT_MEMO_SIZE:
            _TEXT_MEMO[1] = _TEXT_MEMO[0]  # the older half goes at the next turn
            _TEXT_MEMO[0] = {}
        _TEXT_MEMO[0][el] = text
    return text


# Element -> its visible text, for the last few thousand elements asked about (two
# generations, so that the current page's never drop out at once). Keys are the element
# proxies themselves: compared by identity and kept alive by the memo, so an id is never
# reused while cached, and the memo keeps only a few pages' trees alive. Trees are not changed
# after parsing; the one parser that edits does so on a fresh copy before reading its text.
_TEXT_MEMO: list[dict[HtmlElement, str]] = [{}, {}]
_TEXT_MEMO_SIZE = 2_000


def text_pieces(el: HtmlElement, skip: Callable[[HtmlElement], bool] | None = None) -> list[str]:
    """Visible text of ``el`` in document order, as raw pieces with " " at element borders."""
    pieces: list[str] = []
    append = pieces.append
    stack: list = [el]  # elements, and the strings to add when their turn comes
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if isinstance(node, str):
            append(node)
            continue
        tag = node.tag
        if tag.__class__ is not str or tag in INVISIBLE_TAGS:
            continue
        get = node.get
        if (get("style") or get("hidden") is not None or get("class")
                or tag == "input") and is_hidden(node):
            continue
        if skip is not None and node is not el and skip(node):
            continue
        append(" ")
        text = node.text
        if text:
            append(text)
        push(" ")
        for child in reversed(node):
            tail = child.tail
            if tail:
                push(tail)
            push(child)
    return pieces


def tree_memo(tree: HtmlElement, key: tuple, compute: Callable[[], object]):
    """What ``compute`` finds in ``tree``, worked out once per tree and ``key``.

    The page's parsers and the crawl's page-shape test ask the same questions of one page
    (its metadata blocks, its list rows); the answers of the last few trees are kept."""
    with _TREE_MEMO_LOCK:  # the web console parses pages in several threads
        results = _TREE_MEMO.get(tree)
        if results is None:
            if len(_TREE_MEMO) >= _TREE_MEMO_SIZE:
                del _TREE_MEMO[next(iter(_TREE_MEMO))]
            results = _TREE_MEMO[tree] = {}
    if key not in results:
        results[key] = compute()
    return results[key]


_TREE_MEMO: dict[HtmlElement, dict] = {}
_TREE_MEMO_LOCK = threading.Lock()
_TREE_MEMO_SIZE = 8


def classed_elements(tree: HtmlElement) -> list[HtmlElement]:
    """``tree`` and the elements below it that carry a class or an id, in document order:
    the only ones a test of ``class_words`` can pick (found in C, not one by one)."""
    return _CLASSED(tree)


_CLASSED = lxml.etree.XPath("descendant-or-self::*[@class or @id]")


def class_words(el: HtmlElement) -> str:
    """The element's class and id, lower-cased, for keyword tests."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def is_chrome(el: HtmlElement) -> bool:
    """True when ``el`` or an ancestor is navigation, header or footer."""
    node: HtmlElement | None = el
    while node is not None:
        if is_chrome_block(node):
            return True
        node = node.getparent()
    return False


def is_chrome_block(el: HtmlElement) -> bool:
    """True when ``el`` itself (its ancestors left out) is navigation, header or footer."""
    if not is_element(el):
        return False
    if el.tag in ("nav", "header", "footer"):
        return True
    words = class_words(el)
    return bool(words.strip()) and any(word in words for word in CHROME_WORDS)


def base_href(tree: HtmlElement, page_url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when the page sets one."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
    return page_url


def meta_values(tree: HtmlElement) -> dict[str, str]:
    """Named ``<meta>`` values, first non-empty one per name (blocks are often duplicated).

    Keys keep the page's spelling; look them up with ``meta_get`` for a case-blind match.
    """
    found: dict[str, str] = {}
    seen: set[str] = set()
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip()
        content = squash(meta.get("content"))
        if not name or not content or name.lower() in seen:
            continue
        seen.add(name.lower())
        found[name] = content
    return found


def meta_get(metas: dict[str, str], *names: str) -> str | None:
    """The first of ``names`` present in ``metas``, compared without case."""
    lowered = {key.lower(): value for key, value in metas.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value:
            return value
    return None
