"""The one place that launches Chromium (Playwright, sync API).

Screenshots for notices and the crawl's JavaScript rendering share these launch settings, so
that a browser behaves the same wherever govpatrol starts one.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Route, sync_playwright

from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import NetworkPolicy, parse_address

CHROMIUM_ENV = "GOVPATROL_CHROMIUM"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")

# Inspection machines sit on closed networks that refuse background connections: a browser
# that phones home for updates, sync or field trials only waits for timeouts there.
LAUNCH_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)


def chromium_executable() -> str | None:
    """The Chromium to run: ``$GOVPATROL_CHROMIUM``, else the system one, else None
    (Playwright's own build, installed by ``playwright install chromium``)."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        return configured
    if SYSTEM_CHROMIUM.exists():
        return str(SYSTEM_CHROMIUM)
    return None


def launch_options(extra_args: Sequence[str] = (), *, headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for ``chromium.launch`` (also usable as scrapy-playwright's
    ``PLAYWRIGHT_LAUNCH_OPTIONS``)."""
    options: dict[str, Any] = {"headless": headless, "args": [*LAUNCH_ARGS, *extra_args]}
    executable = chromium_executable()
    if executable:
        options["executable_path"] = executable
    return options


@contextmanager
def launch_browser(extra_args: Sequence[str] = (), *, headless: bool = True) -> Iterator[Browser]:
    """A running headless Chromium, closed on exit.

    ``extra_args`` adds command-line switches, e.g. ``--host-resolver-rules=…`` to resolve the
    inspected hosts the way the crawl did.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(extra_args, headless=headless))
        try:
            yield browser
        finally:
            browser.close()


def url_refusal(url: str, policy: NetworkPolicy, resolver: NameResolver) -> str | None:
    """Why the network policy refuses the address ``url`` names or resolves to, or None.
    Only http(s) is judged; a name that does not resolve is left to fail in the browser."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    if parse_address(host) is not None:
        return policy.refusal(host)
    addresses: list[str] = []
    for family in ("ipv4", "ipv6"):
        try:
            addresses += resolver.addresses(host, family)
        except (LookupFailed, ValueError, UnicodeError):
            continue
    if not addresses or any(policy.allows(a) for a in addresses):
        return None
    return policy.refusal(addresses[0])


def guard_context(context: BrowserContext, policy: NetworkPolicy,
                  resolver: NameResolver) -> None:
    """Abort every request of ``context`` (page, frames, scripts, data calls) whose address
    the network policy refuses, before the browser connects."""
    def check(route: Route) -> None:
        if url_refusal(route.request.url, policy, resolver) is not None:
            route.abort("addressunreachable")
        else:
            route.continue_()

    context.route("**/*", check)
