"""Feeds: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, as 客户端 news channels publish them and as
bridges publish 公众号, 抖音 or 头条 accounts.

``parse_feed`` is a pure parser (bytes in, entries out); ``read_feed`` fetches a feed and its
following pages (Atom ``rel="next"``, JSON Feed ``next_url``); ``read_posts`` is the adapter of
``platform: rss`` accounts. Anything that is not a feed is state ``format``, never posts.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree, html as lxml_html

from checks.observations import PostObs
from crawlers.newmedia.base import Fetch, SourceResult, fetch_or_fail
from crawlers.newmedia.times import parse_post_time
from crawlers.urls import try_normalize

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
TITLE_MAX_CHARS = 120

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                              remove_comments=True, remove_pis=True)


class NotAFeed(ValueError):
    """The document is neither RSS, Atom nor JSON Feed; the message says what it looked like."""


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str | None
    title: str | None
    link: str | None
    published: datetime | None  # aware China time, None when the entry carries no date
    date_text: str | None = None


@dataclass
class FeedDocument:
    kind: str  # rss | rdf | atom | json
    title: str | None
    link: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    next_url: str | None = None


@dataclass
class FeedReading:
    """A feed read over its pages: entries in feed order, or why it could not be read."""

    entries: list[FeedEntry] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    state: str = "ok"
    error: str | None = None


def parse_feed(body: bytes | str, base_url: str, as_of_moment: datetime) -> FeedDocument:
    """Entries of an RSS, Atom or JSON feed; raises NotAFeed for anything else."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise NotAFeed("内容为空 / empty document")
    if stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, base_url, as_of_moment)
    try:
        root = etree.fromstring(stripped, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise NotAFeed(f"不是有效的XML订阅源 / not well-formed XML: {exc}"[:200]) from None
    tag = etree.QName(root).localname.lower()
    if tag == "rss":
        return _parse_rss(root, base_url, as_of_moment)
    if tag == "feed" and etree.QName(root).namespace in (ATOM, None):
        return _parse_atom(root, base_url, as_of_moment)
    if tag == "rdf":
        return _parse_rdf(root, base_url, as_of_moment)
    raise NotAFeed(f"XML根元素<{tag}>不是订阅源 / root element <{tag}> is not a feed")


def read_feed(url: str, *, fetch: Fetch, as_of_moment: datetime, max_pages: int = 3
              ) -> FeedReading:
    """Fetch a feed and up to ``max_pages`` of its pages.

    The first page decides the state; a later page that fails only ends the paging (the
    newest entries are on the first page), and the profile says so.
    """
    reading = FeedReading(profile={"feed_url": url, "pages_read": 0})
    seen_pages: set[str] = set()
    page_url: str | None = url
    seen_entries: set[str] = set()
    while page_url and reading.profile["pages_read"] < max_pages and page_url not in seen_pages:
        seen_pages.add(page_url)
        response, why = fetch_or_fail(fetch, page_url, headers={
            "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
                      "application/json;q=0.9, application/xml;q=0.8, */*;q=0.5"})
        document: FeedDocument | None = None
        if why is None:
            assert response is not None
            try:
                document = parse_feed(response.body, response.url, as_of_moment)
            except NotAFeed as exc:
                why = f"{page_url}: {exc}"
        if document is None:
            if reading.profile["pages_read"] == 0:
                state = "failed" if response is None or response.status >= 400 else "format"
                return FeedReading(profile=reading.profile, state=state, error=why)
            reading.profile["paging_error"] = why
            break
        reading.profile["pages_read"] += 1
        if reading.profile["pages_read"] == 1:
            reading.profile.update(format=document.kind, title=document.title,
                                   link=document.link)
        for entry in document.entries:
            key = entry.entry_id or entry.link or f"{entry.title}|{entry.date_text}"
            if key not in seen_entries:
                seen_entries.add(key)
                reading.entries.append(entry)
        page_url = document.next_url
    reading.profile["entries"] = len(reading.entries)
    reading.profile["undated"] = sum(1 for e in reading.entries if e.published is None)
    return reading


def entries_to_posts(entries: list[FeedEntry]) -> list[PostObs]:
    """Dated entries as posts; an undated entry cannot say when the account posted."""
    return [PostObs(post_id=e.entry_id or e.link, title=e.title, url=e.link,
                       published=e.published)
            for e in entries if e.published is not None]


def read_posts(account: dict, platform_conf: dict, *, as_of_moment: datetime, fetch: Fetch,
               max_pages: int = 3) -> SourceResult:
    """The adapter of ``{platform: rss, feed: URL, name: …}`` accounts."""
    reading = read_feed(feed_url(account), fetch=fetch, as_of_moment=as_of_moment,
                        max_pages=max_pages)
    if reading.state != "ok":
        return SourceResult.failure(reading.state, reading.error or reading.state,
                                    reading.profile)
    return SourceResult(posts=entries_to_posts(reading.entries), profile=reading.profile)


def feed_url(account: dict) -> str:
    url = account.get("feed")
    if not url:
        raise ValueError(f"账号“{account.get('name')}”缺少 feed 地址 / account needs a feed URL")
    return str(url)


def account_url(account: dict, platform_conf: dict) -> str:
    """Where an inspector finds the account: its stated ``url``, else the feed itself."""
    return str(account.get("url") or feed_url(account))


# --- the formats ------------------------------------------------------------------------------

def _parse_rss(root: etree._Element, base_url: str, as_of_moment: datetime) -> FeedDocument:
    channel = _child(root, "channel")
    if channel is None:
        raise NotAFeed("RSS缺少<channel> / RSS without <channel>")
    entries = []
    for item in _children(channel, "item"):
        date_text = (_text(_child(item, "pubDate")) or _text(_child(item, "date", DC))
                     or _text(_child(item, "updated", ATOM)))
        link = _link(_text(_child(item, "link")), base_url) or _permalink(item, base_url)
        entries.append(FeedEntry(
            entry_id=_text(_child(item, "guid")) or link, link=link,
            title=_title(_text(_child(item, "title")), _text(_child(item, "description"))),
            published=parse_post_time(date_text, as_of_moment), date_text=date_text))
    return FeedDocument("rss", _text(_child(channel, "title")),
                        _link(_text(_child(channel, "link")), base_url), entries,
                        _atom_link(channel, "next", base_url))


def _parse_rdf(root: etree._Element, base_url: str, as_of_moment: datetime) -> FeedDocument:
    channel = _child(root, "channel", RSS1)
    entries = []
    for item in root.iterchildren(f"{{{RSS1}}}item"):
        date_text = _text(_child(item, "date", DC))
        link = _link(_text(_child(item, "link", RSS1)), base_url)
        entries.append(FeedEntry(
            entry_id=item.get(f"{{{RDF}}}about") or link, link=link,
            title=_title(_text(_child(item, "title", RSS1)),
                         _text(_child(item, "description", RSS1))),
            published=parse_post_time(date_text, as_of_moment), date_text=date_text))
    title = _text(_child(channel, "title", RSS1)) if channel is not None else None
    link = _link(_text(_child(channel, "link", RSS1)), base_url) if channel is not None else None
    return FeedDocument("rdf", title, link, entries)


def _parse_atom(root: etree._Element, base_url: str, as_of_moment: datetime) -> FeedDocument:
    ns = etree.QName(root).namespace
    entries = []
    for entry in _children(root, "entry", ns):
        date_text = (_text(_child(entry, "published", ns)) or _text(_child(entry, "updated", ns)))
        link = _atom_link(entry, "alternate", base_url)
        entries.append(FeedEntry(
            entry_id=_text(_child(entry, "id", ns)) or link, link=link,
            title=_title(_text(_child(entry, "title", ns)), _text(_child(entry, "summary", ns))),
            published=parse_post_time(date_text, as_of_moment), date_text=date_text))
    return FeedDocument("atom", _text(_child(root, "title", ns)),
                        _atom_link(root, "alternate", base_url), entries,
                        _atom_link(root, "next", base_url))


def _parse_json_feed(raw: bytes, base_url: str, as_of_moment: datetime) -> FeedDocument:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotAFeed(f"不是有效的JSON / not valid JSON: {exc}"[:200]) from None
    if not (isinstance(data, dict) and str(data.get("version", "")).startswith(
            "https://jsonfeed.org/version/") and isinstance(data.get("items"), list)):
        raise NotAFeed("JSON内容不是JSON Feed / JSON that is not a JSON Feed")
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        date_text = item.get("date_published") or item.get("date_modified")
        link = _link(item.get("url") or item.get("external_url"), base_url)
        entry_id = item.get("id")
        entries.append(FeedEntry(
            entry_id=str(entry_id) if entry_id not in (None, "") else link, link=link,
            title=_title(item.get("title"), item.get("content_text") or item.get("summary")
                         or item.get("content_html")),
            published=parse_post_time(date_text, as_of_moment) if isinstance(date_text, str)
            else None, date_text=date_text if isinstance(date_text, str) else None))
    next_url = data.get("next_url")
    return FeedDocument("json", _clean(data.get("title")),
                        _link(data.get("home_page_url"), base_url), entries,
                        _link(next_url, base_url) if isinstance(next_url, str) else None)


# --- small helpers ----------------------------------------------------------------------------

def _child(element: etree._Element | None, name: str, ns: str | None = None
           ) -> etree._Element | None:
    if element is None:
        return None
    for child in _children(element, name, ns):
        return child
    return None


def _children(element: etree._Element, name: str, ns: str | None = None):
    """Children called ``name`` in namespace ``ns`` (RSS 2.0 elements have none)."""
    for child in element.iterchildren(tag=etree.Element):
        qname = etree.QName(child)
        if qname.localname == name and qname.namespace == ns:
            yield child


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return _clean("".join(element.itertext()))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _title(title: str | None, body: str | None) -> str | None:
    """The title; for untitled posts (微博-like feeds) the start of the text, markup removed."""
    if title:
        return title
    text = _plain(body)
    return text[:TITLE_MAX_CHARS] if text else None


def _plain(markup: str | None) -> str | None:
    if not markup:
        return None
    if "<" not in markup:
        return _clean(markup)
    try:
        return _clean(lxml_html.fromstring(markup).text_content())
    except (etree.ParserError, ValueError):
        return _clean(re.sub(r"<[^>]+>", " ", markup))


def _link(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return try_normalize(value.strip(), base)


def _permalink(item: etree._Element, base: str) -> str | None:
    guid = _child(item, "guid")
    if guid is not None and guid.get("isPermaLink", "true").lower() == "true":
        return _link(_text(guid), base)
    return None


def _atom_link(element: etree._Element, rel: str, base: str) -> str | None:
    for link in element.iterchildren(f"{{{ATOM}}}link", "link"):
        if etree.QName(link).namespace not in (ATOM, None):
            continue
        if (link.get("rel") or "alternate") == rel and link.get("href"):
            return _link(link.get("href"), base)
    return None
