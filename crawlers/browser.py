"""The one place that launches Chromium (Playwright, sync API).

Screenshots for notices and the crawl's JavaScript rendering share these launch settings, so
that a browser behaves the same wherever govpatrol starts one.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from playwright.sync_api import Browser, sync_playwright

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
