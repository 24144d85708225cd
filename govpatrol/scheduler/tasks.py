"""What the scheduled jobs do: a patrol, an availability probe, a periodic notice. Each runs
under a lock row named after its job, so that two processes never run the same job at once."""
from __future__ import annotations

import logging
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

from checks.chinatime import china_today
from checks.rulebook import load_rulebook
from crawlers.defaults import MAX_PAGES
from govpatrol.config import load_config
from govpatrol.distributed.service import run_service_patrol
from govpatrol.inspection import InspectionOptions
from govpatrol.netcheck import probe_sites
from govpatrol.notices.files import write_notice
from govpatrol.patrol import (
    DEFAULT_PARALLEL, DEFAULT_SITE_TIME_LIMIT, LoggingListener, patrol_report,
    write_patrol_reports,
)
from govpatrol.registry.validation import load_registry
from govpatrol.scheduler.jobs import PERIODS, ScheduleError
from storage.db import Database
from storage.locks import DatabaseLock

log = logging.getLogger(__name__)

# Set when the service is asked to stop: a running patrol starts no further site.
SERVICE_STOPPING = threading.Event()


def run_locked(database: str, job_id: str, work: Callable[[Database], Any]) -> Any:
    """Run ``work`` unless another process is running the same job; None when skipped."""
    db = Database(database, migrate=False)
    lock = DatabaseLock(db, f"job:{job_id}")
    try:
        if not lock.acquire():
            log.warning("job %s is already running in another process; skipped", job_id)
            return None
        try:
            return work(db)
        finally:
            lock.release()
    finally:
        db.dispose()


def patrol_job(*, job_id: str, database: str, registry: str, max_pages: int = MAX_PAGES,
               parallel: int = DEFAULT_PARALLEL,
               site_time_limit: float = DEFAULT_SITE_TIME_LIMIT,
               nameservers: list[str] | None = None, rulebook: str | None = None,
               out: str | None = None) -> int | None:
    """The scheduled patrol: every site and account of the registry, as of today."""
    def work(db: Database) -> int:
        entries = load_registry(registry)
        options = InspectionOptions(as_of=china_today(), max_pages=max_pages,
                                    nameservers=list(nameservers or []),
                                    rulebook=load_rulebook(Path(rulebook) if rulebook else None),
                                    # the settings as they are when the patrol starts
                                    allowed_networks=load_config().allowed_networks)
        patrol_id = run_service_patrol(db, entries, options, parallel=parallel,
                                       site_time_limit=site_time_limit,
                                       progress=LoggingListener(), stop=SERVICE_STOPPING)
        if out:
            with db.session() as session:
                report = patrol_report(session, patrol_id, entries)
            write_patrol_reports(report, Path(out) / f"patrol-{patrol_id}", db)
        return patrol_id

    return run_locked(database, job_id, work)


def probe_job(*, job_id: str, database: str, registry: str,
              nameservers: list[str] | None = None) -> Any:
    """Probe every registered homepage once (availability history for ``site_unreachable``)."""
    def work(db: Database) -> Any:
        urls = [site.url for site in load_registry(registry).sites]
        return probe_sites(db, urls, nameservers=list(nameservers or []))

    return run_locked(database, job_id, work)


def notice_job(*, job_id: str, database: str, period: str, out: str) -> Any:
    """Write the 问题网站 notice of the last complete period."""
    def work(db: Database) -> Any:
        period_from, period_to = previous_period(period, china_today())
        return write_notice(db, period_from, period_to, Path(out))

    return run_locked(database, job_id, work)


def previous_period(period: str, today: date) -> tuple[date, date]:
    """The last complete week (Monday to Sunday), month or quarter before ``today``."""
    if period == "week":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if period == "month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "quarter":
        first_of_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last = first_of_quarter - timedelta(days=1)
        return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last
    raise ScheduleError(f"通报周期应为 {'、'.join(PERIODS)} 之一：{period!r}")
