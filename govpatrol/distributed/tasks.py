"""What a worker does with one message: inspect one site, or one account, of a patrol.

A message may arrive twice (a worker died after taking it, the broker was restarted, the
patrol command sent it again). The item is therefore claimed in the database before any
work: whoever holds the claim inspects; anyone else acknowledges and drops the message, as
does anyone who finds the item already complete or the patrol already closed. A claim left
by a worker that died is taken over (see ``storage.locks``).
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select, update

from crawlers.launch import WarmCrawls
from crawlers.newmedia import describe_account
from crawlers.politeness import DEFAULT as DEFAULT_POLITENESS, parse_politeness
from govpatrol.accounts import inspect_account
from govpatrol.distributed.app import ACCOUNT_TASK, SITE_TASK, app, visibility_timeout
from govpatrol.evidence import SCREENSHOTS_PER_RUN
from govpatrol.inspection import InspectionError, InspectionOptions, inspect_site
from govpatrol.patrol import DEFAULT_SITE_TIME_LIMIT
from storage import models as m
from storage.db import Database
from storage.locks import DatabaseLock

log = logging.getLogger(__name__)


@dataclass
class WorkerSettings:
    database_url: str | None = None
    site_time_limit: float = DEFAULT_SITE_TIME_LIMIT  # the longest crawl this worker allows


settings = WorkerSettings()
_databases: dict[int, Database] = {}
_warm_crawls: dict[int, WarmCrawls] = {}


def database() -> Database:
    """One engine per process: pool processes are forked, and connections must not be shared."""
    pid = os.getpid()
    if pid not in _databases:
        _databases[pid] = Database(settings.database_url, migrate=False)
    return _databases[pid]


def warm_crawls() -> WarmCrawls:
    """One warm crawl process per pool process, forking the crawl of each site it takes (as
    a patrol on one machine does); it ends when the pool process does and its socket closes."""
    pid = os.getpid()
    if pid not in _warm_crawls:
        _warm_crawls[pid] = WarmCrawls()
    return _warm_crawls[pid]


def site_claim(patrol_id: int, url: str) -> str:
    return f"patrol:{patrol_id}:site:{hashlib.sha1(url.encode('utf-8')).hexdigest()[:20]}"


def account_claim(patrol_id: int, platform: str, key: str) -> str:
    digest = hashlib.sha1(f"{platform}:{key}".encode("utf-8")).hexdigest()[:20]
    return f"patrol:{patrol_id}:account:{digest}"


def claim(db: Database, name: str) -> DatabaseLock | None:
    # A claim from a machine whose processes we cannot see is stale once the broker would
    # have handed its message on anyway.
    lock = DatabaseLock(db, name, stale_after=visibility_timeout(settings.site_time_limit))
    return lock if lock.acquire() else None


def _patrol_open(session, patrol_id: int) -> bool:
    patrol = session.get(m.Patrol, patrol_id)
    return patrol is not None and patrol.status == "running"


def _interrupt_left_runs(session, patrol_id: int, **item) -> None:
    """Runs of this item still ``running`` belong to a worker that is gone: we hold its claim."""
    session.execute(update(m.Run).where(m.Run.patrol_id == patrol_id, m.Run.status == "running",
                                        *(getattr(m.Run, k) == v for k, v in item.items()))
                    .values(status="interrupted", error="巡检节点中断",
                            finished_at=datetime.now(timezone.utc)))


@app.task(name=SITE_TASK)
def inspect_site_task(patrol_id: int, site: dict, options: dict) -> str:
    """``site``: url, columns, site_fields, force_render; ``options``: as_of, max_pages,
    nameservers, rulebook, time_limit. Returns what happened, for the worker's log."""
    db = database()
    lock = claim(db, site_claim(patrol_id, site["url"]))
    if lock is None:
        return "claimed elsewhere"
    try:
        with db.session() as session:
            if not _patrol_open(session, patrol_id):
                return "patrol closed"
            site_id = session.scalar(select(m.Site.id).where(m.Site.url == site["url"]))
            if site_id is not None and session.scalar(select(m.Run.id).where(
                    m.Run.patrol_id == patrol_id, m.Run.site_id == site_id,
                    m.Run.account_id.is_(None), m.Run.status == "complete")) is not None:
                return "already complete"
            if site_id is not None:
                _interrupt_left_runs(session, patrol_id, site_id=site_id, account_id=None)
        time_limit = min(float(options.get("time_limit") or settings.site_time_limit),
                         settings.site_time_limit)
        inspection = InspectionOptions(
            as_of=date.fromisoformat(options["as_of"]), max_pages=int(options["max_pages"]),
            nameservers=list(options.get("nameservers") or []), rulebook=options["rulebook"],
            time_limit=time_limit, columns=list(site.get("columns") or []),
            site_fields=dict(site.get("site_fields") or {}),
            force_render=list(site.get("force_render") or []),
            politeness=parse_politeness(site.get("politeness") or options.get("politeness")
                                        or DEFAULT_POLITENESS),
            screenshots=int(options.get("screenshots", SCREENSHOTS_PER_RUN)),
            warm_crawls=warm_crawls())
        try:
            run_id = inspect_site(db, site["url"], inspection, kind="patrol", patrol_id=patrol_id)
        except InspectionError as exc:  # stored as a failed run, as on one machine
            log.warning("inspection of %s failed: %s", site["url"], str(exc).splitlines()[0])
            return "failed"
        return f"complete run {run_id}"
    finally:
        lock.release()


@app.task(name=ACCOUNT_TASK)
def inspect_account_task(patrol_id: int, site_url: str, account: dict, platforms: dict,
                         options: dict) -> str:
    db = database()
    described = describe_account(account, platforms)
    platform, key = described["platform"], described["key"]
    lock = claim(db, account_claim(patrol_id, platform, key))
    if lock is None:
        return "claimed elsewhere"
    try:
        with db.session() as session:
            if not _patrol_open(session, patrol_id):
                return "patrol closed"
            account_id = session.scalar(select(m.Account.id).where(
                m.Account.platform == platform, m.Account.key == key))
            if account_id is not None and session.scalar(select(m.Run.id).where(
                    m.Run.patrol_id == patrol_id, m.Run.account_id == account_id,
                    m.Run.status == "complete")) is not None:
                return "already complete"
            if account_id is not None:
                _interrupt_left_runs(session, patrol_id, account_id=account_id)
            site_id = session.scalar(select(m.Site.id).where(m.Site.url == site_url))
        try:
            run_id = inspect_account(db, account, platforms, date.fromisoformat(options["as_of"]),
                                     patrol_id=patrol_id, site_id=site_id,
                                     nameservers=tuple(options.get("nameservers") or ()),
                                     rulebook=options["rulebook"])
        except Exception as exc:  # stored as a failed run by inspect_account
            log.warning("inspection of account %s failed: %s", key, exc)
            return "failed"
        return f"complete run {run_id}"
    finally:
        lock.release()
