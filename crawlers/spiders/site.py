"""The site spider: homepage -> navigation -> columns and all their list pages -> articles,
with every link target on every crawled page checked once.

It records what it saw (pages, links and their results, columns, list items, facts) and
never judges: staleness, brokenness and the verdict belong to checks/.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

import scrapy

from crawlers import items as it
from crawlers.defaults import MAX_PAGES, RENDER
from crawlers.extract.article import column_name, extract_article, looks_like_article, page_title
from crawlers.extract.category import categorize
from crawlers.extract.disclosure import parse_disclosure
from crawlers.extract.dom import meta_get, meta_values, parse_html
from crawlers.extract.encoding import decode_html
from crawlers.extract.footer import extract_identity
from crawlers.extract.links import extract_links
from crawlers.extract.hanweb import (
    HanwebProxy, find_hanweb_proxy, find_jact_proxy, parse_hanweb_records, parse_jact_datastore,
)
from crawlers.extract.listing import extract_dated_links, extract_list_items
from crawlers.extract.mailbox import extract_message_rows, parse_message_detail
from crawlers.extract.paging import find_list_pages
from crawlers.extract.apilist import (
    ApiPage, api_messages, api_page_url, api_page_urls, looks_like_letters, parse_api_reply,
)
from crawlers.extract.scripted import find_list_api, needs_script
from crawlers.extract.shape import EMPTY, LIST, SCRIPTED, PageShape, column_shape
from crawlers.fetching import Failure, classify_exception, is_html
from crawlers.middlewares import AGAIN_PRIORITY, fresh_meta
from crawlers.rendering import render_meta
from crawlers.urls import first_page_address, is_internal, normalize_url

# Link targets the crawl opens as pages (the rest are only checked for reachability).
_PAGE_SUFFIXES = {"", ".html", ".htm", ".shtml", ".jsp", ".asp", ".aspx", ".php", ".do",
                  ".action", ".jhtml", ".xhtml"}
HOMEPAGE_MIN_DATED = 3  # fewer dated links than this on a scripted homepage: read it rendered
_CHECK_TAGS_ONLY = {"img", "attachment", "embed", "object"}


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, homepage: str, as_of: str | date, max_pages: int = MAX_PAGES,
                 columns: list[dict] | None = None, render: bool = RENDER,
                 force_render: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.homepage = normalize_url(homepage)
        self.as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        self.max_pages = int(max_pages)
        self.pinned = {normalize_url(c["url"]): c for c in columns or []}
        self.targets: set[str] = set()  # every URL requested once, as page or as link check
        self.pages_requested = 0
        self.column_urls: set[str] = set()
        self.mailbox_pages: dict[str, str] = {}  # list page (or proxy) -> its mailbox column
        self.hanweb_proxies: dict[str, tuple] = {}  # column -> (proxy, records shown)
        self.listed_urls: set[str] = set()  # entries of column lists: articles and documents
        self.message_urls: set[str] = set()  # messages' own pages
        # The browser reads pages whose lists only script draws; registry entries may force it.
        self.render = bool(render)
        self.force_render = {normalize_url(u) for u in force_render or [] if u != "*"}
        self.render_everything = "*" in (force_render or [])
        self.progress: Counter[str] = Counter()
        self.unchecked: Counter[str] = Counter()

    # ---- requests ----------------------------------------------------------------------
    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        self.targets.add(self.homepage)
        yield self._page_request(self.homepage, purpose="page", depth=0, level=0)
        for url, pinned in self.pinned.items():
            if url not in self.targets:
                self.targets.add(url)
                yield self._page_request(url, purpose="page", depth=1, level=1,
                                         anchor=pinned.get("name"))

    def _page_request(self, url: str, *, purpose: str, depth: int, level: int,
                      referrer: str | None = None, anchor: str | None = None,
                      column_url: str | None = None, method: str = "GET",
                      formdata: dict | None = None, priority: int = 0) -> scrapy.Request:
        self.pages_requested += 1
        meta = {"purpose": purpose, "origin": url, "depth_": depth, "level": level,
                "referrer": referrer, "anchor": anchor, "column_url": column_url,
                "formdata": formdata}
        return self._request(url, meta, method=method, priority=priority)

    def _check_request(self, url: str, internal: bool, referrer: str) -> scrapy.Request:
        meta = {"purpose": "check", "origin": url, "internal": internal, "referrer": referrer}
        return self._request(url, meta, method="HEAD", priority=-10)

    def _request(self, url: str, meta: dict, *, method: str, priority: int = 0):
        """A request of the crawl: its ``origin`` is recorded, through redirects and the
        confirmation try (crawlers/middlewares.py), as one link check."""
        formdata = meta.get("formdata")
        if formdata is not None and method == "POST":
            return scrapy.FormRequest(url, formdata=formdata, meta=meta, dont_filter=True,
                                      callback=self.on_response, errback=self.on_error,
                                      priority=priority)
        return scrapy.Request(url, method=method, meta=meta, dont_filter=True,
                              callback=self.on_response, errback=self.on_error,
                              priority=priority)

    @staticmethod
    def _again(request, **changes) -> scrapy.Request:
        """The same request once more from its origin: through the browser, or as served when
        the browser failed."""
        meta = fresh_meta(request.meta, new_chain=False, **changes)
        return request.replace(url=meta["origin"], meta=meta, priority=AGAIN_PRIORITY)

    # ---- responses -----------------------------------------------------------------------
    def on_response(self, response):
        meta = response.meta
        failure = meta.get("failure")
        if failure is not None:
            # A failed answer ends at its address; a redirect chain that ended badly at none.
            final_url = response.url if meta.get("answer") is not None else None
            yield from self._failed(response.request, failure, final_url=final_url)
            return
        if not meta.get("rendered"):  # a browser re-read of a page already checked
            check = self._link_check(response.request, "ok", status=response.status,
                                     final_url=response.url)
            if check is not None:
                yield check
        if meta["purpose"] != "check":
            yield from self._parse(response)

    def on_error(self, failure):
        request = failure.request
        problem = classify_exception(failure.value)
        if request.meta.get("playwright"):
            # The browser failed (not installed, crashed, timed out): read the page as it is
            # served, and say that its scripted content could not be seen.
            self.unchecked["browser"] += 1
            yield self._again(request, playwright=False,
                              render_error=problem.error or problem.reason)
            return
        yield from self._failed(request, problem)

    def _failed(self, request, failure: Failure, final_url: str | None = None):
        """A request that failed for good (confirmed where a second try could help)."""
        meta = request.meta
        check = self._link_check(request, failure.outcome, reason=failure.reason,
                                 status=failure.status, error=failure.error,
                                 final_url=final_url)
        if check is not None:
            yield check
        if failure.outcome == "unchecked":
            self.unchecked[failure.reason] += 1
        purpose = meta["purpose"]
        if purpose == "api":
            yield from self._api_failed(meta, failure.reason)
            return
        if purpose != "check":
            yield it.PageItem(
                url=meta["origin"], kind="homepage" if meta["depth_"] == 0 else "other",
                depth=meta["depth_"], referrer=meta.get("referrer"), final_url=final_url,
                status=failure.status, error=f"{failure.reason}: {failure.error or ''}".strip())
        if purpose in ("list", "proxy"):
            yield it.ColumnPageItem(meta["column_url"], meta["origin"], ok=False,
                                    error=failure.reason)

    def _link_check(self, request, outcome: str, *, reason: str | None = None,
                    status: int | None = None, error: str | None = None,
                    final_url: str | None = None) -> it.LinkCheckItem | None:
        meta = request.meta
        if meta["purpose"] == "api" or (
                meta["purpose"] in ("list", "proxy", "jact") and meta["origin"] not in self.targets):
            return None  # paging and data calls are not links anybody clicks
        self.progress["links_checked"] += 1
        answer = meta.get("answer")
        return it.LinkCheckItem(
            url=meta["origin"],
            internal=meta.get("internal", is_internal(meta["origin"], self.homepage)),
            outcome=outcome, reason=reason, status=status, error=error,
            method=request.method, final_url=final_url,
            redirects=len(meta.get("redirect_urls", ())),
            attempts=meta.get("retry_times", 0) + 1,
            **(answer.facts() if answer is not None else {}))

    # ---- pages ---------------------------------------------------------------------------
    def _parse(self, response):
        meta = response.meta
        url = meta["origin"]
        self.progress["pages"] += 1
        if meta["purpose"] == "proxy":
            yield from self._parse_proxy_reply(response)
            return
        if meta["purpose"] == "jact":
            yield from self._parse_jact_reply(response)
            return
        if meta["purpose"] == "api":
            yield from self._parse_api_reply(response)
            return
        if not is_html(response) or not response.body:
            yield it.PageItem(url=url, kind="other", depth=meta["depth_"],
                              referrer=meta.get("referrer"), final_url=response.url,
                              status=response.status, content_type=_ctype(response))
            return
        declared = _declared_charset(response)
        decoded = decode_html(response.body, declared)
        doc = parse_html(decoded.text)
        if self._should_render(meta, doc, url):
            # Re-read through the browser; the plain copy is not recorded.
            self.progress["pages"] -= 1
            yield self._again(response.request, rendered=True, **render_meta())
            return
        base = response.url
        facts: dict = {}
        if decoded.mismatch:
            facts["encoding_mismatch"] = decoded.mismatch
        if meta.get("render_error"):
            facts["render_error"] = meta["render_error"]
        page = it.PageItem(url=url, kind="other", depth=meta["depth_"],
                           referrer=meta.get("referrer"), final_url=response.url,
                           status=response.status, content_type=_ctype(response),
                           encoding=decoded.encoding, title=page_title(doc), facts=facts,
                           rendered=bool(meta.get("playwright")))
        level = meta["level"]
        if meta["depth_"] == 0:
            page.kind = "homepage"
            facts["identity"] = _as_dict(extract_identity(doc, base))
            facts["site_name"] = meta_get(meta_values(doc), "SiteName") or page.title
            for position, entry in enumerate(extract_dated_links(doc, base, self.as_of)):
                yield it.ListItemItem(None, url, entry.url, entry.title, entry.date,
                                      entry.date_text, position)
            child_level = 1
        elif meta["purpose"] == "list":
            page.kind = "column"
            column_url = meta["column_url"]
            unread = False
            if column_url in self.mailbox_pages.values():
                self.mailbox_pages[url] = column_url
                yield from self._message_rows(doc, base, column_url, url)
            else:
                entries = list(self._list_entries(doc, base, column_url, url))
                yield from entries
                # A later page that only script fills, and no browser read it.
                unread = not entries and not meta.get("playwright") and needs_script(doc)
            yield it.ColumnPageItem(column_url, url, ok=not unread,
                                    error="script" if unread else None)
            child_level = level + 1
        elif self._is_message_page(meta, url):
            detail = parse_message_detail(doc, self.as_of)
            if detail is not None:
                yield it.FactItem("message", url, _message_fact(detail))
                page.title = detail.title or page.title
            child_level = 2 if level <= 1 else level + 1
        else:
            shape = self._shape(doc, decoded.text, url, meta)
            api = find_list_api(doc, base) if shape.kind == SCRIPTED else None
            if api is not None and not meta.get("api_failed") and not self._known_column(url):
                # The list's data address is written in the page: read the data itself.
                page.kind = "column"
                request = self._api_request(api.url, url, level, 1, self._column_identity(
                    doc, meta, url), meta)
                if request is not None:
                    yield request
                child_level = level + 1
            elif shape.kind == SCRIPTED and self.render and not meta.get("rendered"):
                self.progress["pages"] -= 1  # re-read through the browser; this copy is not kept
                yield self._again(response.request, rendered=True, **render_meta())
                return
            elif shape.is_column:
                page.kind = "column"
                yield from self._open_column(doc, decoded.text, response, level, shape)
                child_level = level + 1
            else:
                if looks_like_article(doc) or shape.kind == "article" \
                        or (url in self.listed_urls and shape.kind in ("text", "other")):
                    page.kind = "article"
                    facts_ = extract_article(doc, base, self.as_of)
                    page.title = facts_.title or page.title
                    page.published = facts_.published
                    page.published_source = facts_.published_source
                    if facts_.column_name:
                        facts["column_name"] = facts_.column_name
                    if facts_.source:
                        facts["source"] = facts_.source
                facts["shape"] = shape.kind
                if shape.kind == "message":
                    # A letter's own page, whoever linked it first: its reply date completes
                    # the message a list shows.
                    detail = parse_message_detail(doc, self.as_of)
                    if detail is not None:
                        yield it.FactItem("message", url, _message_fact(detail))
                disclosure = parse_disclosure(doc)
                if disclosure:
                    facts["disclosure"] = {k: (v.isoformat() if isinstance(v, date) else v)
                                           for k, v in disclosure.items()}
                child_level = 2 if level <= 1 else level + 1
        yield page
        yield from self._follow_links(doc, base, url, meta["depth_"], child_level)

    def _is_message_page(self, meta: dict, url: str) -> bool:
        """A message's own page (reached from a mailbox list), never a column."""
        return url in self.message_urls

    def _shape(self, doc, html: str, url: str, meta: dict):
        """Is this page a column (a list area: filled, empty or drawn by script), or not?"""
        shape = column_shape(doc, html, url, self.as_of, rendered=bool(meta.get("playwright")),
                             # a pin, or re-read because script draws its list
                             signals=url in self.pinned or bool(meta.get("rendered")))
        if url in self.pinned and not shape.is_column:
            # The registry names it a column: judge it as one, whatever its markup looks like.
            return PageShape(LIST if shape.entries else EMPTY, "登记的栏目", shape.entries)
        return shape

    def _known_column(self, url: str) -> bool:
        """Opened already, under this address or as its first page (``?page=1``)."""
        return url in self.column_urls or first_page_address(url) in self.column_urls

    def _column_identity(self, doc, meta: dict, url: str) -> dict:
        pinned = self.pinned.get(url, {})
        name = pinned.get("name") or column_name(doc) or meta.get("anchor") or page_title(doc)
        return {"name": name, "category": pinned.get("category") or categorize(name),
                "source": "registry" if pinned else "discovered"}

    def _open_column(self, doc, html: str, response, level: int, shape):
        meta = response.meta
        url = meta["origin"]
        if self._known_column(url):
            return
        self.column_urls.add(url)
        self.progress["columns"] += 1
        identity = self._column_identity(doc, meta, url)
        name, category = identity["name"], identity["category"]
        if shape.kind == SCRIPTED:
            # Script draws the list and neither its data nor a browser copy could be read:
            # the column is unchecked, never blank.
            why = meta.get("render_error") or ("浏览器未启用" if not self.render else "接口无法读取")
            yield it.ColumnItem(url=url, name=name, category=category, level=max(level, 1),
                                source=identity["source"], paging="script", pages_total=1,
                                note=f"列表由脚本生成，未能读取({why})")
            yield it.ColumnPageItem(url, url, ok=False, error="script")
            yield it.FactItem("column_read", url, {"via": None, "shape": shape.reason,
                                                   "unread": why})
            return
        yield it.FactItem("column_read", url, {
            "via": "browser" if meta.get("playwright") else "markup", "shape": shape.reason})
        paging = find_list_pages(doc, response.url)
        proxy = find_hanweb_proxy(html, response.url)
        if category == "mailbox":
            # A mailbox lists messages: they are its items, dated by when they were sent.
            self.mailbox_pages[url] = url
            entries = list(self._message_rows(doc, response.url, url, url))
        else:
            entries = list(self._list_entries(doc, response.url, url, url))
        follow_ups: list[scrapy.Request] = []
        for page_url in paging.urls:
            follow_ups.append(self._list_request(page_url, url, level))
        shown = sum(1 for e in entries if isinstance(e, it.ListItemItem))
        if proxy is not None:
            for call in proxy.requests(start_after=shown):
                follow_ups.append(self._list_request(call.url, url, level, method=call.method,
                                                     formdata=call.formdata, purpose="proxy"))
        if proxy is not None:
            self.hanweb_proxies[url] = (proxy, shown)
        if category == "mailbox":
            jact = find_jact_proxy(html, response.url)
            if jact is not None:
                self.hanweb_proxies[url] = (jact, 0)
                follow_ups.append(self._jact_request(url, jact, 0, level))
        kind = "hanweb" if proxy is not None else paging.kind
        yield it.ColumnItem(url=url, name=name, category=category, level=max(level, 1),
                            source=identity["source"], paging=kind,
                            pages_total=1 + len(follow_ups))
        yield it.ColumnPageItem(url, url, ok=True)
        yield from entries
        yield from self._follow_unlinked_entries(doc, response.url, url, entries, meta, level)
        for request in follow_ups:
            if request is None:
                continue
            yield request

    def _follow_unlinked_entries(self, doc, base: str, column_url: str, entries: list,
                                 meta: dict, level: int):
        """Items a reader sees that the markup holds no link for (records of a Hanweb data
        island, rows written by script): links of the page all the same, opened like any."""
        linked = {link.url for link in extract_links(doc, base)}
        for entry in entries:
            if isinstance(entry, it.ListItemItem) and entry.url and entry.url not in linked:
                yield it.LinkRefItem(column_url, entry.url, "a", entry.title)
                yield from self._maybe_follow(entry.url, "a", column_url, meta["depth_"] + 1,
                                              level + 1, entry.title)

    def _list_request(self, page_url: str, column_url: str, level: int, *, method: str = "GET",
                      formdata: dict | None = None, purpose: str = "list"):
        """A request for a list page (or data call); over the page budget, the list page as
        unread; None when it was asked already."""
        key = page_url if formdata is None else f"{page_url}?{sorted(formdata.items())}"
        if key in self.targets:
            return None
        self.targets.add(key)
        if self.pages_requested >= self.max_pages:
            self.unchecked["budget"] += 1
            return it.ColumnPageItem(column_url, page_url, ok=False, error="budget")
        return self._page_request(page_url, purpose=purpose, depth=1, level=level,
                                  column_url=column_url, method=method, formdata=formdata,
                                  priority=10)

    def _list_entries(self, doc, base: str, column_url: str, page_url: str):
        entries = extract_list_items(doc, base, self.as_of)
        if page_url != column_url and any(entry.date for entry in entries):
            # A later page of a dated list: a last page of one or two rows leaves the
            # breadcrumb beside them, and only the dated rows are the list's.
            entries = [entry for entry in entries if entry.date]
        self.progress["items"] += len(entries)
        for position, entry in enumerate(entries):
            if entry.url:
                self.listed_urls.add(entry.url)
            yield it.ListItemItem(column_url, page_url, entry.url, entry.title, entry.date,
                                  entry.date_text, position)

    def _parse_proxy_reply(self, response):
        meta = response.meta
        column_url = meta["column_url"]
        entries = parse_hanweb_records(response.text, response.url, self.as_of)
        self.progress["items"] += len(entries)
        self.listed_urls.update(entry.url for entry in entries if entry.url)
        for position, entry in enumerate(entries):
            yield it.ListItemItem(column_url, meta["origin"], entry.url, entry.title, entry.date,
                                  entry.date_text, position)
        yield it.ColumnPageItem(column_url, meta["origin"] + "#" + str(meta.get("formdata")),
                                ok=True)
        yield from self._more_proxy_calls(column_url, response.text, meta["level"])
        # Records of later pages are links of the column page as readers see it.
        for entry in entries:
            if entry.url:
                yield it.LinkRefItem(column_url, entry.url, "a", entry.title)
                yield from self._maybe_follow(entry.url, "a", column_url, 2, meta["level"] + 1,
                                              entry.title)

    def _more_proxy_calls(self, column_url: str, reply: str, level: int):
        """A first dataproxy call made without the total learns it from the reply; ask for
        the records still missing (calls already made are skipped by their key)."""
        proxy, shown = self.hanweb_proxies.get(column_url, (None, 0))
        if not isinstance(proxy, HanwebProxy) or not proxy.learn_total(reply):
            return
        for call in proxy.requests(start_after=shown):
            request = self._list_request(call.url, column_url, level, method=call.method,
                                         formdata=call.formdata, purpose="proxy")
            if request is not None:
                yield request

    def _jact_request(self, column_url: str, jact, group: int, level: int):
        call = jact.request(group)
        request = self._list_request(call.url, column_url, level, method=call.method,
                                     formdata=call.formdata, purpose="jact")
        if isinstance(request, scrapy.Request):
            request.meta["group"] = group
        return request

    def _parse_jact_reply(self, response):
        meta = response.meta
        column_url = meta["column_url"]
        rows = parse_jact_datastore(response.text, response.url, self.as_of)
        yield it.ColumnPageItem(column_url, meta["origin"] + "#" + str(meta.get("formdata")),
                                ok=True)
        self.mailbox_pages[response.url] = column_url
        for position, row in enumerate(rows):
            yield from self._message_item(row, column_url, column_url,
                                          meta["group"] * 1000 + position)
            if row.url:
                yield it.LinkRefItem(column_url, row.url, "a", row.title)
                yield from self._maybe_follow(row.url, "a", column_url, 2, meta["level"] + 1,
                                              row.title, mailbox_column=column_url)
        jact, _ = self.hanweb_proxies.get(column_url, (None, 0))
        next_group = meta["group"] + 1
        if rows and jact is not None and jact.has_group(next_group):
            request = self._jact_request(column_url, jact, next_group, meta["level"])
            if request is not None:
                yield request

    def _message_rows(self, doc, base: str, column_url: str, list_url: str):
        for position, row in enumerate(extract_message_rows(doc, base, self.as_of)):
            yield from self._message_item(row, column_url, list_url, position)

    def _message_item(self, row, column_url: str, list_url: str, position: int):
        if row.url:
            self.message_urls.add(row.url)
        self.progress["messages"] += 1
        self.progress["items"] += 1
        yield it.MessageItem(column_url=column_url, list_url=list_url, url=row.url,
                             number=row.number, title=row.title, sent=row.sent,
                             status_text=row.status, replied=row.replied,
                             reply_unit=row.reply_unit, position=position)
        yield it.ListItemItem(column_url, list_url, row.url, row.title, row.sent,
                              row.sent.isoformat() if row.sent else None, position)

    def _should_render(self, meta: dict, doc, url: str) -> bool:
        """Forced pages, a homepage whose boxes only script fills, and later list pages whose
        rows only script draws. (A first column page is judged by its shape: see ``_shape``.)"""
        if not self.render or meta.get("rendered") or meta["purpose"] not in ("page", "list"):
            return False
        if self.render_everything or url in self.force_render \
                or meta.get("column_url") in self.force_render:
            return True
        if meta["depth_"] == 0:
            # A homepage whose boxes script fills shows its newest items only in a browser.
            return needs_script(doc) and \
                len(extract_dated_links(doc, url, self.as_of)) < HOMEPAGE_MIN_DATED
        return meta["purpose"] == "list" and needs_script(doc) \
            and not extract_list_items(doc, url, self.as_of)

    # ---- lists served by a data API ------------------------------------------------------
    def _api_request(self, api_url: str, column_url: str, level: int, number: int,
                     identity: dict, page_meta: dict):
        request = self._list_request(api_url, column_url, level, purpose="api")
        if isinstance(request, scrapy.Request):
            request.meta.update({"api_page": number, "identity": identity,
                                 "page_meta": {k: page_meta.get(k) for k in (
                                     "origin", "depth_", "level", "referrer", "anchor",
                                     "mailbox_column")}})
        return request

    def _parse_api_reply(self, response):
        meta = response.meta
        column_url = meta["column_url"]
        number = meta.get("api_page", 1)
        reply = parse_api_reply(response.body, column_url, self.as_of)
        if reply is None and is_html(response) and response.body:
            # Some list scripts fetch ready-made rows (an HTML fragment), not JSON.
            fragment = extract_list_items(parse_html(response.text), column_url, self.as_of)
            reply = ApiPage(entries=fragment) if fragment else None
        if reply is None:
            yield from self._api_failed(meta, "not-a-list")
            return
        identity = meta["identity"]
        level = meta["level"]
        letters = identity["category"] == "mailbox" or looks_like_letters(reply.records)
        if number == 1:
            self.column_urls.add(column_url)
            self.progress["columns"] += 1
            later = [self._api_request(u, column_url, level, n, identity, meta["page_meta"])
                     for n, u in enumerate(api_page_urls(meta["origin"], reply), start=2)]
            category = "mailbox" if letters and identity["category"] == "other" else identity["category"]
            yield it.ColumnItem(url=column_url, name=identity["name"], category=category,
                                level=max(level, 1), source=identity["source"], paging="api",
                                pages_total=2 + len(later))
            yield it.ColumnPageItem(column_url, column_url, ok=True)
            yield it.FactItem("column_read", column_url, {
                "via": "api", "api": meta["origin"], "pages": 1 + len(later),
                "total": reply.total, "shape": "列表由脚本从接口读取"})
            if letters:
                self.mailbox_pages[column_url] = column_url
        else:
            later = []
        first_url = meta.get("api_first") or meta["origin"]
        if reply.page_count is None and reply.has_next and (reply.entries or reply.records):
            # No total, only "another page follows": ask for the next one, then see.
            later.append(self._api_request(api_page_url(first_url, reply, number + 1), column_url,
                                           level, number + 1, identity, meta["page_meta"]))
        for request in later:
            if isinstance(request, scrapy.Request):
                request.meta["api_first"] = first_url
        yield it.ColumnPageItem(column_url, meta["origin"], ok=True)
        base = (number - 1) * 1000
        if letters:
            for position, row in enumerate(api_messages(reply.records, column_url, self.as_of)):
                yield from self._message_item(row, column_url, column_url, base + position)
                if row.url:
                    yield it.LinkRefItem(column_url, row.url, "a", row.title)
                    yield from self._maybe_follow(row.url, "a", column_url, 2, level + 1,
                                                  row.title, mailbox_column=column_url)
        else:
            self.progress["items"] += len(reply.entries)
            for position, entry in enumerate(reply.entries):
                yield it.ListItemItem(column_url, meta["origin"], entry.url, entry.title,
                                      entry.date, entry.date_text, base + position)
                if entry.url:
                    self.listed_urls.add(entry.url)
                    # Records are links of the column page as readers see it.
                    yield it.LinkRefItem(column_url, entry.url, "a", entry.title)
                    yield from self._maybe_follow(entry.url, "a", column_url, 2, level + 1,
                                                  entry.title)
        for request in later:
            if request is not None:
                yield request

    def _api_failed(self, meta: dict, reason: str):
        """A data call that failed: a later page leaves the column incomplete; a first page
        sends the column page to the browser, or leaves the column unchecked."""
        column_url = meta["column_url"]
        if meta.get("api_page", 1) != 1:
            yield it.ColumnPageItem(column_url, meta["origin"], ok=False, error=f"api:{reason}")
            return
        page_meta = meta["page_meta"]
        if self.render:
            request = self._page_request(column_url, purpose="page", depth=page_meta["depth_"],
                                         level=page_meta["level"], referrer=page_meta["referrer"],
                                         anchor=page_meta["anchor"])
            request.meta.update({"rendered": True, "api_failed": True, **render_meta()})
            yield request
            return
        identity = meta["identity"]
        self.column_urls.add(column_url)
        yield it.ColumnItem(
            url=column_url, name=identity["name"], category=identity["category"],
            level=max(page_meta["level"], 1), source=identity["source"], paging="api",
            pages_total=1, note=f"列表数据接口无法读取({reason})")
        yield it.ColumnPageItem(column_url, column_url, ok=False, error="api")
        yield it.FactItem("column_read", column_url, {
            "via": None, "api": meta["origin"], "unread": reason})

    def _follow_links(self, doc, base: str, source: str, depth: int, child_level: int):
        for link in extract_links(doc, base):
            yield it.LinkRefItem(source, link.url, link.tag, (link.text or "")[:200] or None)
            yield from self._maybe_follow(link.url, link.tag, source, depth + 1, child_level,
                                          link.text,
                                          mailbox_column=self.mailbox_pages.get(source))

    def _maybe_follow(self, url: str, tag: str, source: str, depth: int, level: int,
                      anchor: str | None, mailbox_column: str | None = None):
        if url in self.targets:
            return
        self.targets.add(url)
        internal = is_internal(url, self.homepage)
        if internal and tag not in _CHECK_TAGS_ONLY and _looks_like_page(url):
            if self.pages_requested < self.max_pages:
                request = self._page_request(url, purpose="page", depth=depth, level=level,
                                             referrer=source, anchor=anchor)
                request.meta["mailbox_column"] = mailbox_column
                yield request
                return
            self.unchecked["budget"] += 1
        yield self._check_request(url, internal, source)

    def closed(self, reason: str) -> None:
        self.logger.info("crawl closed (%s): %s", reason, dict(self.progress))


def _looks_like_page(url: str) -> bool:
    path = urlsplit(url).path
    last = path.rsplit("/", 1)[-1]
    suffix = "." + last.rsplit(".", 1)[-1].lower() if "." in last else ""
    return suffix in _PAGE_SUFFIXES


def _declared_charset(response) -> str | None:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
    match = re.search(r"charset=([\w-]+)", ctype, re.I)
    return match.group(1) if match else None


def _ctype(response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1")[:128] if value else None


def _message_fact(detail) -> dict:
    return {"number": detail.number, "title": detail.title,
            "sent": detail.sent.isoformat() if detail.sent else None,
            "replied": detail.replied.isoformat() if detail.replied else None,
            "status": detail.status, "reply_unit": detail.reply_unit,
            "has_reply": detail.has_reply}


def _as_dict(obj) -> dict:
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)
