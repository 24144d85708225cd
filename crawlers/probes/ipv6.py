"""IPv6 support of a site, observed the way YD/T 3118 and the national IPv6 monitoring
platform measure it: the AAAA record, the homepage over IPv6 and its likeness to the IPv4
one, the share of second- and third-level internal links reachable over IPv6, and whether
the zone's name servers have IPv6 addresses.

The result is a JSON-able observation; ``checks.ipv6`` turns it into a verdict.
"""
from __future__ import annotations

import difflib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, Iterable

from crawlers.bounds import CUT_STAGE
from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import REFUSED_REASON, NetworkPolicy
from crawlers.probes.http import ProbeResult, fetch
from crawlers.urls import BadURL, check_host, host_of, normalize_url

SIMILARITY_TOKENS = 3000  # words of visible text compared; keeps difflib fast on long pages
LINK_WORKERS = 8  # links probed at once: enough to finish 400 links in time, polite to one host


class CachedLookups:
    """A ``NameResolver`` that asks once per (host, family): many links share few hosts."""

    def __init__(self, resolver: NameResolver):
        self.resolver = resolver
        self._answers: dict[tuple[str, str], list[str] | LookupFailed] = {}
        self._lock = threading.Lock()

    def addresses(self, host: str, family: str = "ipv4") -> list[str]:
        key = (host, family)
        with self._lock:
            answer = self._answers.get(key)
        if answer is None:
            try:
                answer = self.resolver.addresses(host, family)
            except LookupFailed as exc:
                answer = exc
            except (ValueError, UnicodeError) as exc:  # a name the resolver cannot even ask
                answer = LookupFailed(host, family, f"主机名无效({type(exc).__name__})")
            with self._lock:
                self._answers[key] = answer
        if isinstance(answer, LookupFailed):
            raise answer
        return list(answer)

    def lookup(self, host: str, family: str) -> tuple[list[str], str | None]:
        """(addresses, None) or ([], why the lookup failed)."""
        try:
            return self.addresses(host, family), None
        except LookupFailed as exc:
            return [], exc.reason


def probe_ipv6(homepage: str, second_level: list[str], third_level: list[str], *,
               resolver: NameResolver, timeout: float = 15.0,
               max_links: int = 200, policy: NetworkPolicy | None = None) -> dict[str, Any]:
    """Observe the IPv6 support of ``homepage`` and of the given internal links.

    ``second_level`` are the internal links found on the homepage, ``third_level`` those
    found one level further; each list is de-duplicated and probed up to ``max_links``.
    A link whose host has no AAAA record fails without a connection attempt; one whose
    address ``policy`` refuses (by default: the homepage's own addresses set it) is listed
    as unchecked, never connected to.
    """
    homepage = normalize_url(homepage)
    host = host_of(homepage)
    lookups = CachedLookups(resolver)
    aaaa, aaaa_error = lookups.lookup(host, "ipv6")
    a, a_error = lookups.lookup(host, "ipv4")
    policy = policy or NetworkPolicy.for_homepage([*aaaa, *a])
    second, second_bad, second_skipped = _distinct(second_level, {homepage}, max_links)
    third, third_bad, third_skipped = _distinct(third_level, {homepage, *second}, max_links)
    links = second + third

    with ThreadPoolExecutor(max_workers=LINK_WORKERS) as pool:
        home_v6 = pool.submit(fetch, homepage, family="ipv6", resolver=lookups, timeout=timeout,
                              policy=policy)
        home_v4 = pool.submit(fetch, homepage, family="ipv4", resolver=lookups, timeout=timeout,
                              policy=policy)
        # Resolve each distinct host once before the links are fetched.
        hosts = sorted({host_of(url) for url in links} - {host})
        list(pool.map(lambda h: lookups.lookup(h, "ipv6"), hosts))
        outcomes = list(pool.map(lambda url: _probe_link(url, lookups, timeout, policy), links))
        home_v6_result, home_v4_result = home_v6.result(), home_v4.result()

    by_url = dict(zip(links, outcomes))
    without_aaaa = sorted(h for h in {host, *hosts} if not lookups.lookup(h, "ipv6")[0])
    return {
        "host": host,
        "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "timeout": timeout,
        "aaaa": aaaa,
        "aaaa_error": aaaa_error,
        "a": a,
        "a_error": a_error,
        "homepage_v6": home_v6_result.summary(),
        "homepage_v4": home_v4_result.summary(),
        "same_content": compare_homepages(home_v4_result, home_v6_result),
        "second_level": _level_summary([by_url[u] for u in second] + second_bad,
                                       second_skipped),
        "third_level": _level_summary([by_url[u] for u in third] + third_bad, third_skipped),
        "hosts_without_aaaa": without_aaaa,
        "nameservers": _nameservers(resolver, host),
    }


def compare_homepages(v4: ProbeResult, v6: ProbeResult) -> dict[str, Any]:
    """Titles and a 0..1 likeness of the visible texts; None where either side failed."""
    both = v4.ok and v6.ok
    return {
        "title_v4": v4.title,
        "title_v6": v6.title,
        "title_equal": (v4.title or "") == (v6.title or "") if both else None,
        "text_similarity": round(text_similarity(v4.text, v6.text), 3) if both else None,
    }


def text_similarity(first: str, second: str) -> float:
    """difflib's ratio over the words of two visible texts (both empty: identical)."""
    a, b = first.split()[:SIMILARITY_TOKENS], second.split()[:SIMILARITY_TOKENS]
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _distinct(urls: Iterable[str], exclude: set[str],
              limit: int) -> tuple[list[str], list[dict[str, Any]], int]:
    """Normalised URLs in first-seen order, without ``exclude``; the web links whose host
    names no server (``http://news..yx.gov.cn/``), each a failure of its own; and how many
    past ``limit``."""
    seen: dict[str, None] = {}
    bad: dict[str, dict[str, Any]] = {}
    for url in urls:
        try:
            normal = normalize_url(url)
            check_host(host_of(normal))
        except BadURL as exc:
            if url.strip().lower().startswith(("http://", "https://")):
                bad.setdefault(url, {"url": url, "host": _raw_host(url), "ok": False,
                                     "stage": "dns", "status": None, "error": str(exc)})
            continue
        if normal not in exclude:
            seen.setdefault(normal, None)
    ordered = list(seen) + list(bad)
    kept = ordered[:limit]
    return ([u for u in kept if u in seen], [bad[u] for u in kept if u in bad],
            max(0, len(ordered) - limit))


def _raw_host(url: str) -> str:
    """The host part of a URL that would not parse, for the report."""
    rest = url.strip().split("://", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0][:300]


def _probe_link(url: str, lookups: CachedLookups, timeout: float,
                policy: NetworkPolicy) -> dict[str, Any]:
    host = host_of(url)
    addresses, error = lookups.lookup(host, "ipv6")
    if not addresses:
        return {"url": url, "host": host, "ok": False, "stage": "dns", "status": None,
                "error": f"无AAAA记录({error})"}
    result = fetch(url, family="ipv6", resolver=lookups, timeout=timeout, read_text=False,
                   policy=policy)
    return {"url": url, "host": host, "ok": result.ok, "stage": result.stage,
            "status": result.status, "error": result.error}


def _level_summary(outcomes: list[dict[str, Any]], skipped: int) -> dict[str, Any]:
    """Counts over the links judged; a link cut at a size bound or refused by the network
    policy is listed as unchecked and counts neither way."""
    unjudged = (CUT_STAGE, REFUSED_REASON)
    cut = [outcome for outcome in outcomes if outcome["stage"] in unjudged]
    judged = [outcome for outcome in outcomes if outcome["stage"] not in unjudged]
    ok = sum(1 for outcome in judged if outcome["ok"])
    total = len(judged)
    summary: dict[str, Any] = {
        "total": total,
        "ok": ok,
        "ratio": round(ok / total, 4) if total else None,
        "skipped": skipped,
        "failures": [{k: v for k, v in outcome.items() if k != "ok"}
                     for outcome in judged if not outcome["ok"]],
    }
    if cut:
        summary["unchecked"] = [{k: v for k, v in outcome.items() if k != "ok"}
                                for outcome in cut]
    return summary


def _nameservers(resolver: NameResolver, host: str) -> dict[str, list[str]]:
    """The zone's authoritative servers and their IPv6 addresses (域名授权体系)."""
    try:
        return resolver.nameserver_addresses(host)
    except (LookupFailed, ValueError, OSError):
        return {}
