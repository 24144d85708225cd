"""Work the console starts in the background: on-demand audits and patrols, each in a
thread of the service (the crawl itself runs in a child process, as from the command line).
The live counters are kept here; the outcome is the stored run or patrol."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from govpatrol.inspection import InspectionOptions, inspect_run, open_run
from govpatrol.patrol import LoggingListener, run_patrol
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class AuditProgress:
    run_id: int
    url: str
    started_by: str
    started: float = field(default_factory=time.monotonic)
    counters: dict[str, Any] = field(default_factory=dict)
    stage: str = "queued"  # queued | crawling | judging | done | failed
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "counters": dict(self.counters), "error": self.error,
                "elapsed_seconds": round(time.monotonic() - self.started, 1)}


class BackgroundWork:
    """Audits and patrols under way in this process; at most ``parallel`` audits at once
    (the others wait their turn)."""

    def __init__(self, db: Database, *, parallel: int = 2):
        self.db = db
        self.audits: dict[int, AuditProgress] = {}
        self.patrols: dict[int, dict[str, Any]] = {}
        self._slots = threading.BoundedSemaphore(parallel)
        self._threads: list[threading.Thread] = []
        self.stop = threading.Event()

    def start_audit(self, url: str, options: InspectionOptions, user: str) -> int:
        run_id = open_run(self.db, url, options)
        progress = AuditProgress(run_id, url, user)
        self.audits[run_id] = progress
        self._spawn(self._audit, f"audit-{run_id}", progress, options)
        return run_id

    def _audit(self, progress: AuditProgress, options: InspectionOptions) -> None:
        with self._slots:
            progress.stage = "crawling"

            def update(counters: dict) -> None:
                progress.counters = counters
                if counters.get("final"):
                    progress.stage = "judging"

            try:
                inspect_run(self.db, progress.run_id, progress.url, options, update)
            except Exception as exc:  # the run is stored as failed with the reason
                progress.stage, progress.error = "failed", str(exc).splitlines()[0]
                log.warning("audit of %s failed: %s", progress.url, exc)
                return
            progress.stage = "done"

    def start_patrol(self, registry, options: InspectionOptions, *, parallel: int = 2,
                     wait: float = 30) -> int | None:
        """Start a patrol of ``registry``; its id once it has begun (None if it did not
        begin within ``wait`` seconds)."""
        begun = threading.Event()
        listener = _PatrolListener(begun, self.patrols)

        def work() -> None:
            try:
                run_patrol(self.db, registry, options, parallel=parallel, progress=listener,
                           stop=self.stop)
            except Exception:
                log.exception("patrol of %s failed", registry.source)
            finally:
                begun.set()

        self._spawn(work, "patrol")
        begun.wait(wait)
        return listener.patrol_id

    def _spawn(self, target, name: str, *args) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the work under way (a patrol starts no new site once ``stop`` is set)."""
        self.stop.set()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))


class _PatrolListener(LoggingListener):
    def __init__(self, begun: threading.Event, table: dict[int, dict[str, Any]]):
        self.begun = begun
        self.table = table
        self.patrol_id: int | None = None

    def begin(self, patrol_id: int, total: int, done: int) -> None:
        super().begin(patrol_id, total, done)
        self.patrol_id = patrol_id
        self.table[patrol_id] = {"total": total, "done": done}
        self.begun.set()

    def finished(self, key: str, label: str, status: str, detail: str | None) -> None:
        super().finished(key, label, status, detail)
        if self.patrol_id in self.table:
            self.table[self.patrol_id]["done"] += 1
