"""The browser in the crawl: scrapy-playwright settings for the pages that only script can
draw, and nothing else (heavy resources blocked, one context, few pages, bounded memory)."""
from __future__ import annotations

import asyncio

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from twisted.internet import defer

from crawlers.browser import launch_options, url_refusal
from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import NetworkPolicy
from crawlers.resolver import crawl_lookup
from crawlers.urls import host_of, is_ip

_HEAVY_RESOURCES = {"image", "media", "font", "imageset", "texttrack", "object"}


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, starting Playwright only when the first page needs the
    browser: most government pages never do, and a patrol of many sites should not pay for
    a browser start per site. (Overrides the handler's start-up hooks; pinned below 0.1.)"""

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

    async def _maybe_launch_in_thread(self) -> None:
        return None

    def _engine_started(self):
        return defer.succeed(None)

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


def host_resolver_rules(homepage: str, nameservers: list[str],
                        policy: NetworkPolicy | None = None) -> str | None:
    """Chromium resolves names itself; with chosen DNS servers, map the site's host to the
    address our resolver gave and refuse every other name, so the browser never resolves
    around the configured resolver. An address ``policy`` refuses is never mapped."""
    host = host_of(homepage)
    if not nameservers or is_ip(host):
        return None
    resolver = NameResolver(tuple(nameservers))
    rules = []
    try:
        allowed = [a for a in resolver.addresses(host, "ipv4")
                   if policy is None or policy.allows(a)]
        if allowed:
            rules.append(f"MAP {host} {allowed[0]}")
    except (LookupFailed, ValueError, UnicodeError):
        pass
    rules.append("MAP * ~NOTFOUND")
    return ", ".join(rules)


def playwright_settings(homepage: str, nameservers: list[str], max_pages: int = 2,
                        policy: NetworkPolicy | None = None) -> dict:
    extra_args = []
    rules = host_resolver_rules(homepage, nameservers, policy)
    if rules:
        extra_args.append(f"--host-resolver-rules={rules}")
    handler = "crawlers.rendering.LazyPlaywrightHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(extra_args),
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": "crawlers.rendering.abort_heavy_request",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,
    }


def render_meta() -> dict:
    """Request meta that sends one page through the browser and waits for its data calls."""
    return {"playwright": True, "playwright_context": "render",
            "playwright_page_goto_kwargs": {"wait_until": "networkidle"}}
