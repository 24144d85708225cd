"""A patrol through the queue: every site and account is sent as one task, then the database
is watched until each has a finished run; the caller then writes the same outputs as a local
patrol.

The broker is not trusted to keep what it was sent: a Redis restarted without its data, or
a worker that died holding a message, would leave an item that nobody will run. An item
with no finished run, whose claim nobody holds, while the queue is empty, is sent again
(twice seen so, a few seconds apart); a copy that arrives after all is dropped by the claim.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

import redis
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import func, or_, select

from crawlers.newmedia import describe_account
from govpatrol.distributed.app import ACCOUNT_TASK, QUEUE, SITE_TASK, configure, visibility_timeout
from govpatrol.distributed.tasks import account_claim, site_claim
from govpatrol.inspection import InspectionOptions
from govpatrol.patrol import (
    DEFAULT_SITE_TIME_LIMIT, PatrolListener, SilentListener, begin_patrol, close_patrol,
    completed_items, final_status,
)
from govpatrol.registry.entries import Registry
from storage import models as m
from storage.db import Database
from storage.locks import is_stale

log = logging.getLogger(__name__)

FINISHED = ("complete", "failed")


@dataclass
class Item:
    key: str  # as the local patrol's progress names it
    label: str
    task: str
    args: list
    claim: str
    site_url: str | None = None  # a site's homepage; None for an account
    account: tuple[str, str] | None = None  # (platform, key)


def run_queued_patrol(db: Database, registry: Registry, options_template: InspectionOptions,
                      broker_url: str, *, site_time_limit: float = DEFAULT_SITE_TIME_LIMIT,
                      progress: PatrolListener | None = None, resume: int | None = None,
                      poll: float = 2.0, resend_after: float = 10.0,
                      stop: threading.Event | None = None) -> int:
    """Send the patrol's work to the queue and wait for workers to store it; the patrol's id."""
    listener = progress or SilentListener()
    stop = stop or threading.Event()
    app = configure(broker_url, site_time_limit=site_time_limit)
    patrol_id, lock, as_of = begin_patrol(db, registry, options_template.as_of, resume)
    try:
        with db.session() as session:
            baseline = session.scalar(select(func.max(m.Run.id))) or 0
        options = replace(options_template, as_of=as_of)
        common = {"as_of": as_of.isoformat(), "max_pages": options.max_pages,
                  "nameservers": list(options.nameservers), "rulebook": options.rulebook,
                  "time_limit": site_time_limit, "politeness": options.politeness,
                  "screenshots": options.screenshots}
        done_sites, done_accounts = completed_items(db, patrol_id)
        platforms = {k: dict(v) for k, v in registry.platforms.items()}
        items: list[Item] = []
        for site in registry.sites:
            if site.url in done_sites:
                continue
            payload = {"url": site.url, "columns": [c.as_dict() for c in site.columns],
                       "site_fields": site.site_fields(), "force_render": site.force_render(),
                       "politeness": site.politeness}
            items.append(Item(site.url, site.name, SITE_TASK, [patrol_id, payload, common],
                              site_claim(patrol_id, site.url), site_url=site.url))
        for site, account in registry.accounts:
            if (account.platform, account.key) in done_accounts:
                continue
            try:
                described = describe_account(account.as_dict(), platforms)
            except ValueError as exc:  # as on one machine: failed, nothing to send
                listener.finished(f"{account.platform}:{account.key}", account.label, "failed",
                                  str(exc))
                continue
            pair = (described["platform"], described["key"])
            items.append(Item(f"{account.platform}:{account.key}", account.label, ACCOUNT_TASK,
                              [patrol_id, site.url, account.as_dict(), platforms, common],
                              account_claim(patrol_id, *pair), account=pair))
        total = len(registry.sites) + len(registry.accounts)
        listener.begin(patrol_id, total, total - len(items))
        for item in items:
            _send(app, item)
        _wait(db, app, broker_url, patrol_id, items, baseline, listener, poll=poll,
              resend_after=resend_after, stale_after=visibility_timeout(site_time_limit),
              stop=stop)
        status = "interrupted" if stop.is_set() else final_status(db, patrol_id, registry, True)
        close_patrol(db, patrol_id, status)
    except BaseException:
        close_patrol(db, patrol_id, "interrupted")
        raise
    finally:
        lock.release()
    return patrol_id


def _send(app, item: Item) -> None:
    # Publishing retries on its own while the broker is briefly away.
    app.send_task(item.task, args=item.args, queue=QUEUE,
                  retry=True, retry_policy={"max_retries": None, "interval_start": 1,
                                            "interval_step": 1, "interval_max": 5})


def _wait(db: Database, app, broker_url: str, patrol_id: int, items: list[Item], baseline: int,
          listener: PatrolListener, *, poll: float, resend_after: float, stale_after: float,
          stop: threading.Event) -> None:
    by_site = {i.site_url: i for i in items if i.site_url}
    by_account = {i.account: i for i in items if i.account}
    shown_running: set[str] = set()
    finished: set[str] = set()
    suspects: dict[str, float] = {}  # item key -> when first seen without anyone on it
    last_check = time.monotonic()
    while len(finished) < len(items) and not stop.is_set():
        stop.wait(poll)
        with db.session() as session:
            rows = session.execute(
                select(m.Run.id, m.Run.status, m.Run.verdict, m.Run.error, m.Site.url,
                       m.Account.platform, m.Account.key)
                .outerjoin(m.Site, m.Run.site_id == m.Site.id)
                .outerjoin(m.Account, m.Run.account_id == m.Account.id)
                # A complete run may be older than this sending: one under way when the
                # patrol was stopped, finished since.
                .where(m.Run.patrol_id == patrol_id,
                       or_(m.Run.id > baseline, m.Run.status == "complete"))
                .order_by(m.Run.id)).all()
        for _run_id, status, verdict, error, url, platform, key in rows:
            item = by_account.get((platform, key)) if platform else by_site.get(url)
            if item is None or item.key in finished:
                continue
            if status == "running" and item.key not in shown_running:
                shown_running.add(item.key)
                listener.started(item.key, item.label)
            elif status in FINISHED:
                finished.add(item.key)
                detail = verdict if status == "complete" else ((error or "").splitlines() or [None])[0]
                listener.finished(item.key, item.label, status, detail)
        if time.monotonic() - last_check >= resend_after / 2:
            last_check = time.monotonic()
            _resend_lost(db, app, broker_url, [i for i in items if i.key not in finished],
                         suspects, resend_after, stale_after)


def _resend_lost(db: Database, app, broker_url: str, waiting: list[Item],
                 suspects: dict[str, float], resend_after: float, stale_after: float) -> None:
    try:
        queued = _queue_length(broker_url)
    except (redis.RedisError, OSError) as exc:
        log.info("broker unreachable (%s); waiting for it", exc)
        suspects.clear()
        return
    if queued:
        suspects.clear()
        return
    with db.session() as session:
        claims = {row.name: row for row in session.scalars(
            select(m.ScheduleLock).where(m.ScheduleLock.name.in_([i.claim for i in waiting])))}
    now = time.monotonic()
    for item in waiting:
        row = claims.get(item.claim)
        if row is not None and not is_stale(row.holder, row.acquired_at, stale_after):
            suspects.pop(item.key, None)
            continue
        first = suspects.setdefault(item.key, now)
        if now - first >= resend_after:
            log.warning("%s: no worker has it and the queue is empty; sending it again", item.label)
            try:
                _send(app, item)
            except KombuOperationalError as exc:
                log.info("could not send %s again: %s", item.label, exc)
                continue
            suspects.pop(item.key, None)


def _queue_length(broker_url: str) -> int:
    """Messages waiting in the queue, over Kombu's priority lists of it."""
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=3, socket_timeout=3)
    try:
        names = [QUEUE] + [f"{QUEUE}\x06\x16{priority}" for priority in range(1, 10)]
        return sum(client.llen(name) for name in names)
    finally:
        client.close()
