"""The long-lived service: the scheduler running jobs and, optionally, the dashboard."""
from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger

from govpatrol.dashboard import start_dashboard
from govpatrol.scheduler.jobs import DEFAULT_TIMEZONE, build_scheduler, list_jobs
from govpatrol.scheduler.recovery import recover
from govpatrol.scheduler.tasks import SERVICE_STOPPING
from storage.db import Database

# The service rereads the job table this often, so that jobs added by
# ``govpatrol schedule add`` in another process are picked up without a restart.
REFRESH_SECONDS = 20


def wake() -> None:
    """Does nothing; its schedule makes the service reread the job table."""


class Service:
    """The long-lived service: the scheduler running jobs and, optionally, the dashboard."""

    def __init__(self, db: Database, *, host: str = "127.0.0.1", port: int | None = 8080,
                 tz: str = DEFAULT_TIMEZONE, workers: int = 2):
        self.db = db
        self.host = host
        self.port = port
        self.scheduler = build_scheduler(db, tz=tz, workers=workers)
        self.dashboard = None
        self.recovered: dict[str, int] = {}

    def start(self) -> None:
        SERVICE_STOPPING.clear()
        self.recovered = recover(self.db)
        self.scheduler.add_job(wake, IntervalTrigger(seconds=REFRESH_SECONDS), id="wake",
                               jobstore="internal", replace_existing=True)
        self.scheduler.start()
        if self.port is not None:
            self.dashboard = start_dashboard(self.db, self.host, self.port,
                                             lambda: list_jobs(self.scheduler))

    @property
    def url(self) -> str | None:
        if self.dashboard is None:
            return None
        host, port = self.dashboard.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def stop(self) -> None:
        """Start nothing new, let running jobs end (a patrol ends after its current sites),
        then stop the dashboard."""
        SERVICE_STOPPING.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.dashboard is not None:
            self.dashboard.shutdown()
            self.dashboard.server_close()
            self.dashboard = None
