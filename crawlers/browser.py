"""The one place that launches Chromium (Playwright, sync API).

Screenshots for notices and the crawl's JavaScript rendering share these launch settings, so
that a browser behaves the same wherever govpatrol starts one.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence
from urllib.parse import urlsplit

from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import REFUSED_REASON, NetworkPolicy, parse_address
from crawlers.probes.http import fetch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

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


# Chromium keeps its single-instance socket in a folder under $TMPDIR, and a Unix socket path
# holds at most 107 bytes: under a deep TMPDIR (a worker's own folder) it aborts at launch.
SHORT_TMPDIR = "/tmp"
_TMPDIR_MAX = 64


def launch_options(extra_args: Sequence[str] = (), *, headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for ``chromium.launch`` (also usable as scrapy-playwright's
    ``PLAYWRIGHT_LAUNCH_OPTIONS``)."""
    options: dict[str, Any] = {"headless": headless, "args": [*LAUNCH_ARGS, *extra_args]}
    executable = chromium_executable()
    if executable:
        options["executable_path"] = executable
    if len(tempfile.gettempdir()) > _TMPDIR_MAX and os.access(SHORT_TMPDIR, os.W_OK):
        options["env"] = {**os.environ, "TMPDIR": SHORT_TMPDIR}
    return options


@contextmanager
def launch_browser(extra_args: Sequence[str] = (), *, headless: bool = True) -> Iterator[Browser]:
    """A running headless Chromium, closed on exit.

    ``extra_args`` adds command-line switches, e.g. ``--host-resolver-rules=…`` to resolve the
    inspected hosts the way the crawl did.
    """
    # Loaded with the first browser (about 7 MB): most audits and crawls never start one.
    from playwright.sync_api import sync_playwright

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
    addresses = addresses_of(url, resolver)
    if not addresses or any(policy.allows(a) for a in addresses):
        return None
    return policy.refusal(addresses[0])


def addresses_of(url: str, resolver: NameResolver) -> list[str]:
    """The addresses ``url``'s host names or resolves to ([] when it has none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return []
    if parse_address(host) is not None:
        return [host]
    found: list[str] = []
    for family in ("ipv4", "ipv6"):
        try:
            found += resolver.addresses(host, family)
        except (LookupFailed, ValueError, UnicodeError):
            continue
    return found


def navigation_refusal(url: str, policy: NetworkPolicy, resolver: NameResolver,
                       timeout: float = 15.0) -> str | None:
    """``url_refusal`` for a page the browser is to open, redirects included.

    The browser follows HTTP redirects without asking its request hooks again (Playwright
    does not route redirects), so the chain is walked first by the product's own probe,
    which checks every hop against the policy before connecting."""
    why = url_refusal(url, policy, resolver)
    if why is not None:
        return why
    result = fetch(url, family="any", resolver=resolver, timeout=timeout, read_text=False,
                   follow_redirects=8, policy=policy)
    return result.error if result.stage == REFUSED_REASON else None


def guard_requests(target: BrowserContext | Page, policy: NetworkPolicy,
                   resolver: NameResolver, timeout: float = 15.0) -> None:
    """Abort every request of ``target`` (page, frames, scripts, data calls) whose address
    the network policy refuses, before the browser connects; navigations are checked with
    their redirects."""
    def check(route: Route) -> None:
        request = route.request
        if request.is_navigation_request():
            why = navigation_refusal(request.url, policy, resolver, timeout)
        else:
            why = url_refusal(request.url, policy, resolver)
        if why is not None:
            route.abort("addressunreachable")
        else:
            route.continue_()

    target.route("**/*", check)
