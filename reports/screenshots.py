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
from typing import TYPE_CHECKING, Iterable, Mapping
from urllib.parse import urlsplit

from crawlers.browser import addresses_of, guard_requests, launch_browser
from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy, parse_address
from crawlers.settings import USER_AGENT
from crawlers.urls import host_of

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

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
    resolver = NameResolver(tuple(nameservers))
    allowed = tuple(allowed_networks)
    policies = {url: NetworkPolicy.for_homepage(
        addresses_of((homepages or {}).get(url, url), resolver), allowed) for url in wanted}
    shots = shoot(wanted, out_dir, policies=policies, resolver=resolver, timeout=timeout)
    return {url: shot if isinstance(shot, Path) else None for url, shot in shots.items()}


def shoot(urls: Iterable[str], out_dir: str | Path, *, policies: Mapping[str, NetworkPolicy],
          resolver: NameResolver, timeout: float = 15, pin_hosts: bool = False,
          budget: float | None = None) -> dict[str, Path | str]:
    """Screenshot each URL into ``out_dir``: url -> the PNG file, or why there is none.

    ``policies`` gives each URL's network policy; every request of the browser is held to it.
    With ``pin_hosts`` the browser does not look names up itself: each page's host is mapped
    to the first address ``resolver`` gives that the policy allows (Chromium's
    ``--host-resolver-rules``), so the pictures come from the very servers the audit read,
    through the audit's own DNS servers; when those are chosen servers, no other name
    resolves in the browser at all. Pages not begun within ``budget`` seconds are not shot."""
    wanted = list(dict.fromkeys(u for u in urls if u))
    if not wanted:
        return {}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Path | str] = {}
    rules: dict[str, str] = {}
    if pin_hosts:
        for url in wanted:
            why = _pin(url, policies[url], resolver, rules)
            if why is not None:
                results[url] = why
    todo = [url for url in wanted if url not in results]
    args = [host_resolver_rules(rules, others_unresolved=bool(resolver.nameservers))] \
        if pin_hosts else []
    if todo:
        if _in_event_loop():
            # Playwright's sync API refuses to run on a thread that runs an asyncio loop
            # (a crawl's reactor, a web server): give it a thread of its own.
            with ThreadPoolExecutor(max_workers=1) as worker:
                results.update(worker.submit(_take_all, todo, out, timeout, policies, resolver,
                                             args, budget).result())
        else:
            results.update(_take_all(todo, out, timeout, policies, resolver, args, budget))
    return {url: results[url] for url in wanted}


def host_resolver_rules(hosts: Mapping[str, str], *, others_unresolved: bool) -> str:
    """Chromium's ``--host-resolver-rules`` switch mapping each host to its address."""
    rules = [f"MAP {host} {f'[{address}]' if ':' in address else address}"
             for host, address in hosts.items()]
    if others_unresolved:
        rules.append("MAP * ~NOTFOUND")
    return "--host-resolver-rules=" + ", ".join(rules)


def _pin(url: str, policy: NetworkPolicy, resolver: NameResolver,
         rules: dict[str, str]) -> str | None:
    """Add ``url``'s host and its first allowed address to ``rules``; or say why not."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return "网址无效"
    if not host:
        return "网址无效"
    if parse_address(host) is not None:
        why = policy.refusal(host)
        return f"{host} 不允许访问（{why}）" if why else None
    if host in rules:
        return None
    addresses = addresses_of(url, resolver)
    if not addresses:
        return "域名无法解析"
    allowed = [a for a in addresses if policy.allows(a)]
    if not allowed:
        return f"{addresses[0]} 不允许访问（{policy.refusal(addresses[0])}）"
    rules[host] = allowed[0]
    return None


def _take_all(urls: list[str], out: Path, timeout: float, policies: Mapping[str, NetworkPolicy],
              resolver: NameResolver, args: list[str],
              budget: float | None = None) -> dict[str, Path | str]:
    shots: dict[str, Path | str] = dict.fromkeys(urls, "浏览器未能启动")
    ends = time.monotonic() + budget if budget is not None else None
    try:
        with launch_browser(args) as browser:
            context = browser.new_context(viewport=VIEWPORT, user_agent=USER_AGENT,
                                          ignore_https_errors=True, locale="zh-CN")
            try:
                for url in urls:
                    if ends is not None and time.monotonic() >= ends:
                        shots[url] = "截图时限已到"
                        continue
                    shots[url] = _take_one(context, url, out / screenshot_name(url), timeout,
                                           policies[url], resolver)
            finally:
                context.close()
    except Exception as exc:  # no browser at all: the notice goes out without pictures
        log.warning("无法启动浏览器截图：%s", exc)
    return shots


def _take_one(context: BrowserContext, url: str, path: Path, timeout: float,
              policy: NetworkPolicy, resolver: NameResolver) -> Path | str:
    # Playwright is loaded with the browser (crawlers.browser.launch_browser), not before.
    from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout

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
        return _short_reason(exc, timed_out=isinstance(exc, PlaywrightTimeout))
    finally:
        page.close()


def _short_reason(exc: Exception, *, timed_out: bool) -> str:
    """The first line of a browser error, e.g. ``net::ERR_CONNECTION_REFUSED``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    found = re.search(r"net::ERR_[A-Z_]+", text)
    if found:
        return f"页面未能打开（{found.group(0)}）"
    if timed_out:
        return "页面打开超时"
    return f"截图失败（{text[:120]}）"


def _remaining_ms(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1) * 1000


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
