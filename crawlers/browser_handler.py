"""The crawl's browser handler: scrapy-playwright's, started on the first page that needs it.

``crawlers.rendering.RenderingHandler`` loads this module (and with it scrapy-playwright and
Playwright) only when a page is first sent through the browser.
"""
from __future__ import annotations

import asyncio

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawlers.browser import url_refusal
from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import NetworkPolicy
from crawlers.resolver import crawl_lookup

_HEAVY_RESOURCES = {"image", "media", "font", "imageset", "texttrack", "object"}


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, starting Playwright with the first page it downloads.
    It is built on that page, after the engine started, so the engine-start hook with which
    scrapy-playwright launches never reaches it. (Overrides ``_download_request``; pinned
    below 0.1.)"""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._start_lock = asyncio.Lock()
        self._started = False
        # Every request the browser makes is held to the crawl's network policy.
        settings = crawler.settings
        _GUARD["policy"] = NetworkPolicy.from_config(
            settings.getlist("GOVPATROL_ALLOWED_NETWORKS"))
        _GUARD["resolver"] = _CrawlAddresses(NameResolver(
            tuple(settings.getlist("GOVPATROL_NAMESERVERS")), settings.getfloat("DNS_TIMEOUT", 15)))

    async def _download_request(self, request, spider=None):
        async with self._start_lock:
            if not self._started:
                await self._launch()
                self._started = True
        return await super()._download_request(request, spider)


class _CrawlAddresses:
    """The crawl's answers (``crawl_lookup``, asked once per host) in a resolver's shape, so a
    page's many subresources on one host cost one lookup."""

    def __init__(self, lookup: NameResolver):
        self.lookup = lookup

    def addresses(self, host: str, family: str = "ipv4") -> list[str]:
        found = [a for f, a in crawl_lookup(host, self.lookup) if f == family]
        if not found:
            raise LookupFailed(host, family, "no address")
        return found


_GUARD: dict = {"policy": NetworkPolicy(), "resolver": NameResolver()}


async def abort_heavy_request(request) -> bool:
    """Images, fonts and media never decide what a list shows; skip them. Any request to an
    address the network policy refuses is aborted too."""
    if request.resource_type in _HEAVY_RESOURCES:
        return True
    refusal = await asyncio.to_thread(url_refusal, request.url, _GUARD["policy"],
                                      _GUARD["resolver"])
    return refusal is not None
