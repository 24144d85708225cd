"""A named lock shared by processes and machines through the database: a patrol, a
scheduled job or a resume holds it so that no two of them do the same work at once."""
from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import datetime, timezone

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storage import models as m
from storage.db import Database

log = logging.getLogger(__name__)


class LockHeld(RuntimeError):
    """Another live process holds the lock."""


_HOST = socket.gethostname()


class DatabaseLock:
    """A named lock as a ``ScheduleLock`` row: whoever inserts the row holds it.

    A row left by a process that died on this machine is taken over; one from another
    machine only after ``stale_after`` seconds (when given).
    """

    def __init__(self, db: Database, name: str, *, stale_after: float | None = None):
        self.db = db
        self.name = name
        self.stale_after = stale_after
        self.holder = f"{_HOST}:{os.getpid()}:{secrets.token_hex(4)}"
        self.held = False

    def acquire(self) -> bool:
        for _attempt in range(3):
            try:
                with self.db.session() as session:
                    session.add(m.ScheduleLock(name=self.name, holder=self.holder,
                                               acquired_at=datetime.now(timezone.utc)))
                self.held = True
                return True
            except IntegrityError:
                pass
            with self.db.session() as session:
                row = session.get(m.ScheduleLock, self.name)
                if row is None:
                    continue  # released in between: try again
                if not is_stale(row.holder, row.acquired_at, self.stale_after):
                    return False
                log.warning("taking over lock %s from %s, which is gone", self.name, row.holder)
                # Compare and delete: only the dead holder's row, never a new one.
                session.execute(delete(m.ScheduleLock).where(
                    m.ScheduleLock.name == self.name, m.ScheduleLock.holder == row.holder))
        return False

    def claim_in(self, session) -> None:
        """Hold the lock as part of the caller's transaction (a row created together with
        the thing it guards); held once that transaction commits."""
        session.add(m.ScheduleLock(name=self.name, holder=self.holder,
                                   acquired_at=datetime.now(timezone.utc)))
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        with self.db.session() as session:
            session.execute(delete(m.ScheduleLock).where(m.ScheduleLock.name == self.name,
                                                         m.ScheduleLock.holder == self.holder))
        self.held = False

    def __enter__(self) -> "DatabaseLock":
        if not self.acquire():
            raise LockHeld(self.name)
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def is_stale(holder: str, acquired_at: datetime | None, stale_after: float | None) -> bool:
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host == _HOST and pid_text.isdigit() and not pid_alive(int(pid_text)):
        return True
    if stale_after is not None and acquired_at is not None:
        if acquired_at.tzinfo is None:
            acquired_at = acquired_at.replace(tzinfo=timezone.utc)
        return (datetime.now(timezone.utc) - acquired_at).total_seconds() > stale_after
    return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child nobody waited for yet is a zombie: dead for our purposes
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def release_dead_locks(db: Database) -> list[str]:
    """Remove lock rows of processes on this machine that no longer run."""
    released = []
    with db.session() as session:
        for row in session.scalars(select(m.ScheduleLock)):
            if is_stale(row.holder, row.acquired_at, None):
                session.delete(row)
                released.append(row.name)
    return released
