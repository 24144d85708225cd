"""Screenshots of problem pages, the evidence a notice shows beside each problem site.

A screenshot is best effort: a page that does not load, or a browser that does not start,
gives None for that URL and never stops the notice.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Mapping

from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from crawlers.browser import addresses_of, guard_requests, launch_browser
from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy
from crawlers.settings import USER_AGENT
from crawlers.urls import host_of

log = logging.getLogger(__name__)

VIEWPORT = {"width": 1280, "height": 900}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def screenshot_name(url: str) -> str:
    """A stable file name for a URL's screenshot: readable host, then a hash of the URL."""
    host = _UNSAFE.sub("_", host_of(url) or "page")[:60]
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    return f"{host}-{digest}.png"


def take_screenshots(urls: Iterable[str], out_dir: str | Path, *,
                     timeout: float = 15, homepages: Mapping[str, str] | None = None,
                     allowed_networks: Iterable[str] = (),
                     nameservers: Iterable[str] = ()) -> dict[str, Path | None]:
    """Screenshot each URL (first screen, 1280×900) into ``out_dir``; url -> file or None.

    Every request of the browser is held to the network policy of the URL's site:
    ``homepages`` maps a URL to its site's homepage (the URL itself when absent), whose own
    network is allowed besides ``allowed_networks``. A refused page gives None."""
    wanted = list(dict.fromkeys(u for u in urls if u))
    if not wanted:
        return {}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    resolver = NameResolver(tuple(nameservers))
    allowed = tuple(allowed_networks)
    policies = {url: NetworkPolicy.for_homepage(
        addresses_of((homepages or {}).get(url, url), resolver), allowed) for url in wanted}
    if _in_event_loop():
        # Playwright's sync API refuses to run on a thread that runs an asyncio loop
        # (a crawl's reactor, a web server): give it a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(_take_all, wanted, out, timeout, policies, resolver).result()
    return _take_all(wanted, out, timeout, policies, resolver)


def _take_all(urls: list[str], out: Path, timeout: float, policies: dict[str, NetworkPolicy],
              resolver: NameResolver) -> dict[str, Path | None]:
    shots: dict[str, Path | None] = dict.fromkeys(urls)
    try:
        with launch_browser() as browser:
            context = browser.new_context(viewport=VIEWPORT, user_agent=USER_AGENT,
                                          ignore_https_errors=True, locale="zh-CN")
            try:
                for url in urls:
                    shots[url] = _take_one(context, url, out / screenshot_name(url), timeout,
                                           policies[url], resolver)
            finally:
                context.close()
    except Exception as exc:  # no browser at all: the notice goes out without pictures
        log.warning("无法启动浏览器截图：%s", exc)
    return shots


def _take_one(context: BrowserContext, url: str, path: Path, timeout: float,
              policy: NetworkPolicy, resolver: NameResolver) -> Path | None:
    deadline = time.monotonic() + timeout
    page = context.new_page()
    guard_requests(page, policy, resolver, timeout)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        try:
            # Images are part of the evidence; a page that never finishes loading is still
            # shown as far as it got.
            page.wait_for_load_state("load", timeout=_remaining_ms(deadline))
        except PlaywrightTimeout:
            pass
        page.screenshot(path=str(path), full_page=False,
                        timeout=max(_remaining_ms(deadline), 5000))
        return path
    except PlaywrightError as exc:
        log.info("截图失败 %s：%s", url, exc)
        path.unlink(missing_ok=True)
        return None
    finally:
        page.close()


def _remaining_ms(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1) * 1000


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
