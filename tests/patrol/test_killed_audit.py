"""``kill -9`` of an audit takes its crawler with it, and the run says so at once."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import select

from storage import models as m
from storage.db import Database
from tests.support.cli import REPO, cli_command
from tests.support.small_site import AS_OF


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_kill_9_of_an_audit_stops_its_crawler_and_marks_the_run(tmp_path: Path,
                                                                hanging_server) -> None:
    db_url = f"sqlite:///{tmp_path / 'govpatrol.db'}"
    audit = subprocess.Popen(
        cli_command("audit", hanging_server.url, "--as-of", AS_OF.isoformat(), "--database",
                    db_url), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 30
    crawler = None
    while time.monotonic() < deadline and crawler is None:
        time.sleep(0.2)
        crawler = next(iter(children_of(audit.pid)), None)
    assert crawler is not None, "the audit started no crawler"
    time.sleep(2)  # the crawler is waiting on the hanging homepage

    audit.send_signal(signal.SIGKILL)
    audit.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(crawler):
        time.sleep(0.2)
    assert not alive(crawler), "the crawler outlived its audit"

    db = Database(db_url, migrate=False)
    with db.session() as session:
        [run] = session.scalars(select(m.Run)).all()
        assert run.status == "interrupted" and "终止" in run.error
    db.dispose()
