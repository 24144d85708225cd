"""Crash recovery: what a dead service or patrol left behind is marked as interrupted, and
its locks are released."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, update

from storage import models as m
from storage.db import Database
from storage.locks import is_stale, release_dead_locks
from storage.queries import mark_stale_runs


def recover(db: Database, *, stale_seconds: float = 120) -> dict[str, int]:
    """What a dead service left behind: runs still ``running`` become ``interrupted``,
    patrols without a live run likewise, and its locks are released."""
    patrols = mark_stale_patrols(db)  # before the locks that tell who is alive go
    with db.session() as session:
        runs = mark_stale_runs(session, older_than_seconds=stale_seconds)
    locks = release_dead_locks(db)
    return {"runs": runs, "patrols": patrols, "locks": len(locks)}


def mark_stale_patrols(db: Database) -> int:
    """Patrols left ``running`` that no live process holds become ``interrupted``, and so do
    their runs still ``running``: nobody will finish them (``--resume`` does)."""
    count = 0
    now = datetime.now(timezone.utc)
    with db.session() as session:
        for patrol in session.scalars(select(m.Patrol).where(m.Patrol.status == "running")):
            lock = session.get(m.ScheduleLock, f"patrol:{patrol.id}")
            if lock is not None and not is_stale(lock.holder, lock.acquired_at, None):
                continue  # a live process is running it
            patrol.status = "interrupted"
            session.execute(update(m.Run).where(m.Run.patrol_id == patrol.id,
                                                m.Run.status == "running")
                            .values(status="interrupted", error="巡检进程中断", finished_at=now))
            count += 1
    return count
