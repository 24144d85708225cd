"""The browser in the crawl: scrapy-playwright settings for the pages that only script can
draw, and nothing else (heavy resources blocked, one context, few pages, bounded memory)."""
from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.misc import build_from_crawler, load_object

from crawlers.browser import launch_options
from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import NetworkPolicy
from crawlers.urls import host_of, is_ip

# Loaded by path on the first page sent through the browser: scrapy-playwright and Playwright
# cost a crawl process about 10 MB and 0.1 CPU-s, and most sites never need them.
BROWSER_HANDLER = "crawlers.browser_handler.LazyPlaywrightHandler"


class RenderingHandler(HTTP11DownloadHandler):
    """The http(s) download handler: Scrapy's own for a page as served, the browser handler
    (``BROWSER_HANDLER``) for a page that asks for the browser (``render_meta``)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._browser = None

    async def download_request(self, request):
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        if self._browser is None:
            self._browser = build_from_crawler(load_object(BROWSER_HANDLER), self._crawler)
        return await self._browser.download_request(request)

    async def close(self) -> None:
        await super().close()
        if self._browser is not None:
            await self._browser.close()


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
    handler = "crawlers.rendering.RenderingHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(extra_args),
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": "crawlers.browser_handler.abort_heavy_request",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,
    }


def render_meta() -> dict:
    """Request meta that sends one page through the browser and waits for its data calls."""
    return {"playwright": True, "playwright_context": "render",
            "playwright_page_goto_kwargs": {"wait_until": "networkidle"}}
