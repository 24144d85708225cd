"""The browser in the crawl: scrapy-playwright settings for the pages that only script can
draw, and nothing else (heavy resources blocked, one context, few pages, bounded memory)."""
from __future__ import annotations

from crawlers.browser import launch_options
from crawlers.dns import LookupFailed, NameResolver
from crawlers.urls import host_of, is_ip

_HEAVY_RESOURCES = {"image", "media", "font", "imageset", "texttrack", "object"}


def abort_heavy_request(request) -> bool:
    """Images, fonts and media never decide what a list shows; skip them."""
    return request.resource_type in _HEAVY_RESOURCES


def host_resolver_rules(homepage: str, nameservers: list[str]) -> str | None:
    """Chromium resolves names itself; with chosen DNS servers, map the site's host to the
    address our resolver gave and refuse every other name, so the browser never resolves
    around the configured resolver."""
    host = host_of(homepage)
    if not nameservers or is_ip(host):
        return None
    resolver = NameResolver(tuple(nameservers))
    rules = []
    try:
        rules.append(f"MAP {host} {resolver.addresses(host, 'ipv4')[0]}")
    except LookupFailed:
        pass
    rules.append("MAP * ~NOTFOUND")
    return ", ".join(rules)


def playwright_settings(homepage: str, nameservers: list[str], max_pages: int = 2) -> dict:
    extra_args = []
    rules = host_resolver_rules(homepage, nameservers)
    if rules:
        extra_args.append(f"--host-resolver-rules={rules}")
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
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
