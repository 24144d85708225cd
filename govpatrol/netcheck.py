"""Network observations of an audit: IPv6 support and homepage availability.

The crawl has stored which internal links the homepage and its linked pages carry; this
module probes them over IPv6 after the crawl, probes the homepage a few times as a citizen
would (while the crawl runs: the probes mostly wait between tries), and
stores what it saw (``Fact`` and ``Probe`` rows) for the checks to judge. Every name is
resolved through the DNS servers the inspector chose (``--nameserver``).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from checks.availability import window_coverage
from checks.chinatime import stored_to_china
from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy
from crawlers.probes.availability import probe_homepage
from crawlers.probes.http import ProbeResult
from crawlers.probes.ipv6 import probe_ipv6
from crawlers.urls import is_internal, normalize_url
from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site, reachable_links_from

PAGE_LINK_TAGS = ("a", "frame", "iframe")  # links to pages (images and attachments are not)
PROBE_INTERVAL_SECONDS = 1.0
SITE_PROBE_WORKERS = 16


def probe_timeout(rules: dict) -> float:
    """Seconds a probe waits for a complete answer (SPEC §2: 15 s)."""
    return float(rules.get("availability", {}).get("timeout_seconds", 15))


class AvailabilityProbes:
    """The homepage's availability probes, begun at once in a thread of their own: they pause
    PROBE_INTERVAL_SECONDS between tries, and the site's crawl (or its IPv6 probes) runs
    meanwhile. A daemon thread, so that an audit stopped with Ctrl-C does not wait for them."""

    def __init__(self, homepage: str, *, nameservers: list[str], rules: dict, times: int,
                 policy: NetworkPolicy | None = None):
        timeout = probe_timeout(rules)
        self._results: list[ProbeResult] = []
        self._error: BaseException | None = None

        def probe() -> None:
            try:
                self._results = probe_repeatedly(homepage, resolver=NameResolver(tuple(nameservers)),
                                                 timeout=timeout, times=times, policy=policy)
            except BaseException as exc:  # handed to the thread that asks for the results
                self._error = exc

        self._thread = threading.Thread(target=probe, name="availability-probes", daemon=True)
        self._thread.start()

    def results(self) -> list[ProbeResult]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._results


def observe_network(db: Database, run_id: int, homepage: str, *, nameservers: list[str],
                    rules: dict, audit_probes: int = 3,
                    policy: NetworkPolicy | None = None,
                    availability: AvailabilityProbes | None = None) -> None:
    """Probe IPv6 support and the homepage's availability for run ``run_id`` and store it.

    Stores ``Fact(kind="ipv6", key="summary")``, ``audit_probes`` ``Probe`` rows (a second
    apart, family "any") and ``Fact(kind="availability", key="summary")``. ``policy`` is
    the audit's network policy (by default the homepage's own addresses set it).
    ``availability``: the probes begun before the crawl (begun here when not given).
    """
    resolver = NameResolver(tuple(nameservers))
    limits = rules.get("availability", {})
    with db.session() as session:
        run = session.get(m.Run, run_id)
        if run is None:
            raise LookupError(f"inspection run {run_id} does not exist")
        site_id, as_of = run.site_id, run.as_of
        second_level, third_level = internal_links(session, run_id, homepage)

    if availability is None:
        availability = AvailabilityProbes(homepage, nameservers=nameservers, rules=rules,
                                          times=audit_probes, policy=policy)
    ipv6 = probe_ipv6(homepage, second_level, third_level, resolver=resolver,
                      timeout=probe_timeout(rules), policy=policy)
    results = availability.results()

    with db.session() as session:
        store_fact(session, run_id, "ipv6", "summary", ipv6)
        for result in results:
            session.add(_probe_row(result, site_id=site_id, run_id=run_id))
        session.flush()
        store_fact(session, run_id, "availability", "summary",
                   availability_summary(session, site_id, homepage, results, as_of, limits))


def probe_sites(db: Database, urls: list[str], *, nameservers: list[str],
                timeout: float = 15.0) -> list[m.Probe]:
    """One availability probe per homepage, stored as ``Probe`` rows without a run.

    Sites missing from the database are created. The scheduled ``govpatrol probe`` calls
    this many times a day, which is how the 20-a-day history of SPEC §2 builds up.
    """
    homepages = list(dict.fromkeys(normalize_url(url) for url in urls))  # bad input fails first
    resolver = NameResolver(tuple(nameservers))
    with ThreadPoolExecutor(max_workers=min(SITE_PROBE_WORKERS, max(1, len(homepages)))) as pool:
        results = list(pool.map(
            lambda url: probe_homepage(url, resolver=resolver, timeout=timeout), homepages))
    rows: list[m.Probe] = []
    with db.session() as session:
        for url, result in zip(homepages, results):
            site = get_or_create_site(session, url)
            row = _probe_row(result, site_id=site.id, run_id=None)
            session.add(row)
            rows.append(row)
    return rows


def internal_links(session: Session, run_id: int, homepage: str) -> tuple[list[str], list[str]]:
    """(second level, third level): internal page links on the homepage, and on those pages.
    Only links that answered over IPv4 are IPv6 questions: one that fails everywhere is a
    broken link, not a gap in IPv6 support."""
    second = _distinct(target for _source, target in
                       reachable_links_from(session, run_id, [homepage], PAGE_LINK_TAGS)
                       if target != homepage and is_internal(target, homepage))
    known = {homepage, *second}
    third = _distinct(target for _source, target in
                      reachable_links_from(session, run_id, second, PAGE_LINK_TAGS)
                      if target not in known and is_internal(target, homepage))
    return second, third


def probe_repeatedly(url: str, *, resolver: NameResolver, timeout: float,
                     times: int, policy: NetworkPolicy | None = None) -> list[ProbeResult]:
    """``times`` availability probes of ``url``, PROBE_INTERVAL_SECONDS apart."""
    results: list[ProbeResult] = []
    for attempt in range(times):
        if attempt:
            time.sleep(PROBE_INTERVAL_SECONDS)
        results.append(probe_homepage(url, resolver=resolver, timeout=timeout, policy=policy))
    return results


def availability_summary(session: Session, site_id: int, homepage: str,
                         results: list[ProbeResult], as_of: date,
                         limits: dict[str, Any]) -> dict[str, Any]:
    """This audit's probes, and how far stored history covers the monitoring window."""
    judged = [r for r in results if not r.cut]  # an answer cut at a size bound is not judged
    failed = [r for r in judged if not r.ok]
    days = int(limits.get("window_days", 7))
    min_per_day = int(limits.get("min_probes_per_day", 20))
    history = session.scalars(select(m.Probe.at).where(m.Probe.site_id == site_id)).all()
    coverage = window_coverage(history, as_of, days, min_per_day)
    return {
        "url": homepage,
        "probes": len(results),
        "failed": len(failed),
        "unchecked": len(results) - len(judged),
        "ratio": round(len(failed) / len(judged), 4) if judged else None,
        "results": [{**r.summary(), "at": stored_to_china(r.at).isoformat(timespec="seconds")}
                    for r in results],
        "history_days_covered": coverage.days_covered,
        "history_probes_per_day": coverage.per_day,
        "window_days": days,
        "min_probes_per_day": min_per_day,
    }


def store_fact(session: Session, run_id: int, kind: str, key: str, data: dict[str, Any]) -> None:
    """Store (or replace) one named observation of the run."""
    session.execute(delete(m.Fact).where(m.Fact.run_id == run_id, m.Fact.kind == kind,
                                         m.Fact.key == key))
    session.add(m.Fact(run_id=run_id, kind=kind, key=key, data=data))


def _probe_row(result: ProbeResult, *, site_id: int, run_id: int | None) -> m.Probe:
    return m.Probe(site_id=site_id, run_id=run_id, url=result.url, at=result.at, family="any",
                   ok=result.ok, stage=result.stage, status=result.status, error=result.error,
                   seconds=result.seconds)


def _distinct(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))
