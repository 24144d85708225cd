"""The long-lived service: the scheduler running jobs. ``govpatrol serve`` runs the web
console (``govpatrol.web``) beside it."""
from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger

from govpatrol.scheduler.jobs import DEFAULT_TIMEZONE, build_scheduler
from govpatrol.scheduler.recovery import recover
from govpatrol.scheduler.tasks import SERVICE_STOPPING
from storage.db import Database

# The service rereads the job table this often, so that jobs added by
# ``govpatrol schedule add`` in another process are picked up without a restart.
REFRESH_SECONDS = 20


def wake() -> None:
    """Does nothing; its schedule makes the service reread the job table."""


class Service:
    """The long-lived service: the scheduler running jobs, after recovering what a crash left."""

    def __init__(self, db: Database, *, tz: str = DEFAULT_TIMEZONE, workers: int = 2):
        self.db = db
        self.scheduler = build_scheduler(db, tz=tz, workers=workers)
        self.recovered: dict[str, int] = {}

    def start(self) -> None:
        SERVICE_STOPPING.clear()
        self.recovered = recover(self.db)
        self.scheduler.add_job(wake, IntervalTrigger(seconds=REFRESH_SECONDS), id="wake",
                               jobstore="internal", replace_existing=True)
        self.scheduler.start()

    def stop(self) -> None:
        """Start nothing new and let running jobs end (a patrol ends after its current sites)."""
        SERVICE_STOPPING.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
