"""A patrol: one inspection of every site and new-media account of a registry.

Sites are inspected a few at a time; each crawl runs in a process of its own, forked from
one warm crawl process the patrol keeps (``crawlers.launch.WarmCrawls``), so a site that
hangs or crashes ends as a failed run within its time limit while the others go on. Every
complete run updates the site's cases. A patrol that was stopped or killed is resumed by
running it again: sites and accounts whose run in it is complete are skipped, the rest
inspected.
"""
from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Protocol

from sqlalchemy import select, update

from checks.chinatime import stored_to_china
from crawlers.launch import WarmCrawls
from crawlers.urls import host_of
from govpatrol.accounts import inspect_account
from govpatrol.evidence import run_pictures
from govpatrol.inspection import InspectionError, InspectionOptions, inspect_site
from govpatrol.registry.entries import AccountEntry, Registry, SiteEntry
from govpatrol.registry.sync import store_registry
from reports.accounts import build_account_report
from reports.build import build_audit_report
from reports.patrol_html import render_patrol_html
from reports.writers import write_json, write_reports, write_text
from storage import models as m
from storage.db import Database
from storage.locks import DatabaseLock

log = logging.getLogger(__name__)

SCHEMA = "govpatrol.patrol/1"
DEFAULT_SITE_TIME_LIMIT = 1800.0  # seconds for one site's whole crawl
DEFAULT_PARALLEL = 2  # sites inspected at a time


class PatrolError(RuntimeError):
    """The patrol cannot start (unknown patrol to resume, already running elsewhere …)."""


class PatrolListener(Protocol):
    """What a progress display hears; methods are called from worker threads."""

    def begin(self, patrol_id: int, total: int, done: int) -> None: ...

    def started(self, key: str, label: str) -> None: ...

    def progress(self, key: str, counters: dict) -> None: ...

    def finished(self, key: str, label: str, status: str, detail: str | None) -> None: ...


class SilentListener:
    def begin(self, patrol_id: int, total: int, done: int) -> None:
        pass

    def started(self, key: str, label: str) -> None:
        pass

    def progress(self, key: str, counters: dict) -> None:
        pass

    def finished(self, key: str, label: str, status: str, detail: str | None) -> None:
        pass


class LoggingListener(SilentListener):
    """For the service: one log line per site or account."""

    def begin(self, patrol_id: int, total: int, done: int) -> None:
        log.info("patrol %s: %s to inspect, %s already complete", patrol_id, total - done, done)

    def finished(self, key: str, label: str, status: str, detail: str | None) -> None:
        log.info("patrol: %s %s%s", label, status, f" ({detail})" if detail else "")


def run_patrol(db: Database, registry: Registry, options_template: InspectionOptions, *,
               parallel: int = DEFAULT_PARALLEL, site_time_limit: float = DEFAULT_SITE_TIME_LIMIT,
               progress: PatrolListener | None = None, resume: int | None = None,
               stop: threading.Event | None = None) -> int:
    """Inspect every site, then every account, of ``registry``; return the patrol's id.

    ``resume`` continues that patrol (its as-of date is kept). ``stop``, once set, starts no
    further inspection; the patrol is then left ``interrupted``. A patrol in which no site's
    inspection completed is ``failed``: it says nothing of any site, so it is not complete.
    """
    listener = progress or SilentListener()
    stop = stop or threading.Event()
    patrol_id, lock, as_of = begin_patrol(db, registry, options_template.as_of, resume)
    try:
        with db.session() as session:
            # Runs of this patrol still "running" belong to a process that is gone: we hold
            # the patrol's lock now.
            session.execute(update(m.Run).where(m.Run.patrol_id == patrol_id,
                                                m.Run.status == "running")
                            .values(status="interrupted", error="巡检进程中断",
                                    finished_at=datetime.now(timezone.utc)))
        done_sites, done_accounts = completed_items(db, patrol_id)
        sites = [s for s in registry.sites if s.url not in done_sites]
        accounts = [(s, a) for s, a in registry.accounts
                    if (a.platform, a.key) not in done_accounts]
        total = len(registry.sites) + len(registry.accounts)
        listener.begin(patrol_id, total, total - len(sites) - len(accounts))
        # One warm crawl process forks every site's crawl: the crawl's imports are paid once.
        with WarmCrawls() as warm_crawls:
            options = replace(options_template, as_of=as_of, time_limit=site_time_limit,
                              warm_crawls=warm_crawls)
            tasks: list[Callable[[], None]] = [
                _site_task(db, patrol_id, site, options, listener) for site in sites]
            for site, account in accounts:
                tasks.append(_account_task(db, patrol_id, site, account, registry, options,
                                           inspect_account, listener))
            finished = _run_tasks(tasks, parallel, stop)
        close_patrol(db, patrol_id, final_status(db, patrol_id, registry, finished))
    except BaseException:
        close_patrol(db, patrol_id, "interrupted")
        raise
    finally:
        lock.release()
    return patrol_id


def _run_tasks(tasks: list[Callable[[], None]], parallel: int, stop: threading.Event) -> bool:
    """Run the tasks ``parallel`` at a time; False when stopped before all of them ran."""
    pool = ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="patrol")
    pending: set[Future] = set()
    queue = list(reversed(tasks))
    try:
        while queue or pending:
            while queue and len(pending) < max(1, parallel) and not stop.is_set():
                pending.add(pool.submit(queue.pop()))
            if stop.is_set() and not pending:
                break
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                future.result()  # tasks catch their own failures; anything else is a bug
        return not queue
    finally:
        # On Ctrl-C or a stop: nothing new starts; inspections under way end (each within
        # its time limit) and are stored as what they are.
        pool.shutdown(wait=True, cancel_futures=True)


def _site_task(db: Database, patrol_id: int, site: SiteEntry, options: InspectionOptions,
               listener: PatrolListener) -> Callable[[], None]:
    # A site's own politeness (registry) wins over the patrol's.
    site_options = replace(options, columns=[c.as_dict() for c in site.columns],
                           site_fields=site.site_fields(), force_render=site.force_render(),
                           politeness=site.politeness or options.politeness)

    def task() -> None:
        listener.started(site.url, site.name)
        try:
            run_id = inspect_site(db, site.url, site_options,
                                  lambda counters: listener.progress(site.url, counters),
                                  kind="patrol", patrol_id=patrol_id)
        except InspectionError as exc:
            listener.finished(site.url, site.name, "failed", str(exc).splitlines()[0])
            return
        except Exception as exc:  # one broken site must not stop the patrol
            log.exception("inspection of %s failed", site.url)
            listener.finished(site.url, site.name, "failed", f"{type(exc).__name__}: {exc}")
            return
        with db.session() as session:
            verdict = session.get(m.Run, run_id).verdict
        listener.finished(site.url, site.name, "complete", verdict)

    return task


def _account_task(db: Database, patrol_id: int, site: SiteEntry, account: AccountEntry,
                  registry: Registry, options: InspectionOptions,
                  inspect_account: Callable[..., int],
                  listener: PatrolListener) -> Callable[[], None]:
    key = _account_key(account)

    def task() -> None:
        listener.started(key, account.label)
        with db.session() as session:
            site_id = session.scalar(select(m.Site.id).where(m.Site.url == site.url))
        try:
            run_id = inspect_account(db, account.as_dict(), dict(registry.platforms),
                                     options.as_of, patrol_id=patrol_id, site_id=site_id,
                                     nameservers=tuple(options.nameservers),
                                     rulebook=options.rulebook)
        except Exception as exc:
            log.exception("inspection of account %s failed", account.label)
            listener.finished(key, account.label, "failed", f"{type(exc).__name__}: {exc}")
            return
        with db.session() as session:
            status = session.get(m.Run, run_id).status
        listener.finished(key, account.label, status, None)

    return task


def _account_key(account: AccountEntry) -> str:
    return f"{account.platform}:{account.key}"


def begin_patrol(db: Database, registry: Registry, as_of: date,
                 resume: int | None) -> tuple[int, DatabaseLock, date]:
    """Store the registry and open (or take up again) its patrol, marked running; its id, its
    lock and the as-of date it was started with. Whoever runs the sites calls this first,
    on one machine or through the queue."""
    with db.session() as session:
        store_registry(session, registry)
    patrol_id, lock = _open_patrol(db, registry, as_of, resume)
    with db.session() as session:
        patrol = session.get(m.Patrol, patrol_id)
        patrol.status, patrol.finished_at = "running", None
        return patrol_id, lock, patrol.as_of


def _open_patrol(db: Database, registry: Registry, as_of: date,
                 resume: int | None) -> tuple[int, DatabaseLock]:
    """The patrol and its lock: whoever holds ``patrol:<id>`` is running it. A new patrol is
    created together with its lock, so that no moment shows it running without an owner."""
    if resume is not None:
        with db.session() as session:
            if session.get(m.Patrol, resume) is None:
                raise PatrolError(f"巡检 {resume} 不存在")
        lock = DatabaseLock(db, f"patrol:{resume}")
        if not lock.acquire():
            raise PatrolError(f"巡检 {resume} 正由另一个进程执行")
        return resume, lock
    with db.session() as session:
        source = registry.source
        if source and Path(source).is_file():
            source = str(Path(source).resolve())  # --resume may run from another directory
        patrol = m.Patrol(as_of=as_of, registry_path=source,
                          started_at=datetime.now(timezone.utc), status="running")
        session.add(patrol)
        session.flush()
        lock = DatabaseLock(db, f"patrol:{patrol.id}")
        lock.claim_in(session)
        return patrol.id, lock


def final_status(db: Database, patrol_id: int, registry: Registry, finished: bool) -> str:
    if not finished:
        return "interrupted"
    done_sites, _accounts = completed_items(db, patrol_id)
    if registry.sites and not done_sites & {site.url for site in registry.sites}:
        return "failed"
    return "complete"


def close_patrol(db: Database, patrol_id: int, status: str) -> None:
    with db.session() as session:
        patrol = session.get(m.Patrol, patrol_id)
        patrol.status = status
        patrol.finished_at = datetime.now(timezone.utc)


def completed_items(db: Database, patrol_id: int) -> tuple[set[str], set[tuple[str, str]]]:
    """Homepages and (platform, key) of accounts whose run in the patrol is complete."""
    with db.session() as session:
        sites = set(session.scalars(
            select(m.Site.url).join(m.Run, m.Run.site_id == m.Site.id)
            .where(m.Run.patrol_id == patrol_id, m.Run.status == "complete",
                   m.Run.account_id.is_(None))))
        accounts = {(platform, key) for platform, key in session.execute(
            select(m.Account.platform, m.Account.key).join(m.Run, m.Run.account_id == m.Account.id)
            .where(m.Run.patrol_id == patrol_id, m.Run.status == "complete"))}
    return sites, accounts


# ---- what a patrol stored, as a report --------------------------------------------------

def patrol_runs(session, patrol_id: int) -> tuple[dict[int, m.Run], dict[int, m.Run]]:
    """The run that stands for each site and account in the patrol: the complete one if
    any, else the latest attempt."""
    sites: dict[int, m.Run] = {}
    accounts: dict[int, m.Run] = {}
    for run in session.scalars(select(m.Run).where(m.Run.patrol_id == patrol_id)
                               .order_by(m.Run.id)):
        table, key = (accounts, run.account_id) if run.account_id else (sites, run.site_id)
        if key not in table or run.status == "complete" or table[key].status != "complete":
            table[key] = run
    return sites, accounts


def patrol_report(session, patrol_id: int, registry: Registry | None = None) -> dict[str, Any]:
    """SPEC §4's ``govpatrol.patrol/1``: the audit report of every site and the account
    reports, in registry order when the registry is given."""
    patrol = session.get(m.Patrol, patrol_id)
    if patrol is None:
        raise LookupError(f"patrol {patrol_id} does not exist")
    site_runs, account_runs = patrol_runs(session, patrol_id)
    order = {entry.url: i for i, entry in enumerate(registry.sites)} if registry else {}
    runs = sorted(site_runs.values(),
                  key=lambda r: (order.get(r.site.url if r.site else "", len(order)), r.id))
    statuses = {"complete": 0, "failed": 0, "interrupted": 0, "running": 0}
    for run in list(site_runs.values()) + list(account_runs.values()):
        statuses[run.status] = statuses.get(run.status, 0) + 1
    return {
        "schema": SCHEMA,
        "as_of": patrol.as_of.isoformat(),
        "patrol": {"id": patrol.id, "status": patrol.status, "registry": patrol.registry_path,
                   "started_at": _iso(patrol.started_at), "finished_at": _iso(patrol.finished_at),
                   "runs": statuses},
        "sites": [build_audit_report(session, run.id) for run in runs],
        "accounts": [build_account_report(session, run.id) for run in account_runs.values()],
    }


def write_patrol_reports(report: dict[str, Any], out_dir: str | Path,
                         db: Database) -> dict[str, Path]:
    """``patrol.json`` in ``out_dir`` and each site's audit reports, with the screenshots
    stored with its run, in a folder of its own."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {"patrol": write_json(report, out / "patrol.json")}
    site_links: dict[str, str] = {}
    for number, site in enumerate(report["sites"], start=1):
        folder = out / site_folder(number, site["site"])
        with db.session() as session:
            pictures = run_pictures(session, site["run"]["id"])
        written.update({f"{folder.name}/{fmt}": path
                        for fmt, path in write_reports(site, folder, pictures=pictures).items()})
        site_links[site["site"]["url"]] = f"{folder.name}/report.html"
    written["patrol_html"] = write_text(out / "patrol.html", render_patrol_html(report, site_links))
    return written


def site_folder(number: int, site: dict[str, Any]) -> str:
    """A folder name that sorts in registry order and says which site it is."""
    label = site.get("site_code") or host_of(site.get("url") or "")
    label = re.sub(r"[^0-9A-Za-z.\-]+", "_", label).strip("._") or "site"
    return f"{number:03d}-{label}"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else stored_to_china(moment).isoformat(timespec="seconds")
