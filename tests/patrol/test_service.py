"""``govpatrol serve`` as a real process: jobs and dashboard survive a restart, SIGTERM
stops it cleanly, and a SIGKILL in the middle of a patrol loses nothing stored and marks
nothing complete that was not; ``patrol --resume`` then completes the patrol."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

import pytest
from sqlalchemy import func, select

from govpatrol.scheduler.jobs import editing_jobs
from storage import models as m
from storage.db import Database
from tests.support.cli import REPO, cli_command, run_cli
from tests.support.small_site import SmallSite
from tests.support.web_user import viewer_token


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[str], "ServeProcess"]]:
    """Starts services; any still running when the test ends is killed."""
    started: list[ServeProcess] = []

    def start(db_url: str) -> ServeProcess:
        started.append(ServeProcess(db_url, tmp_path / f"serve{len(started) + 1}.log"))
        return started[-1]

    yield start
    for service in started:
        if service.process.poll() is None:
            service.process.kill()
            service.process.wait()
        service.handle.close()


class ServeProcess:
    """``govpatrol serve --port 0`` in a subprocess, its log in a file."""

    def __init__(self, db_url: str, log: Path):
        self.log = log
        self.token = viewer_token(db_url)
        self.handle = log.open("ab")
        self.process = subprocess.Popen(  # the service's own log: its messages and jobs
            cli_command("serve", "--port", "0", "--database", db_url),
            stdout=self.handle, stderr=subprocess.STDOUT, cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)})
        try:
            self.url = self._dashboard_url()
        except BaseException:
            self.process.kill()
            raise

    def _dashboard_url(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"网页控制台：(http://\S+/)",
                              self.log.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found.group(1)
            assert self.process.poll() is None, self.log.read_text(encoding="utf-8")
            time.sleep(0.1)
        raise AssertionError("the service did not start:\n" + self.log.read_text(encoding="utf-8"))

    def get(self, path: str) -> str:
        request = urllib.request.Request(self.url.rstrip("/") + path,
                                         headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.read().decode("utf-8")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


def test_service_keeps_its_jobs_across_a_restart(tmp_path: Path, db_url: str, serve) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n  - {name: 云岭县人民政府, url: 'http://www.yunling.gov.cn/'}\n",
                        encoding="utf-8")
    added = run_cli("schedule", "add", "probe", "--registry", str(registry),
                    "--database", db_url)
    assert added.returncode == 0, added.stderr
    service = serve(db_url)
    try:
        assert service.get("/healthz") == "ok\n"
        assert "probe-sites" in service.get("/")
    finally:
        assert service.stop() == 0
    assert "已停止。" in service.log.read_text(encoding="utf-8")

    restarted = serve(db_url)
    try:
        page = restarted.get("/")
        assert "probe-sites" in page and "每15分钟" in page
        listed = run_cli("schedule", "list", "--database", db_url)
        assert listed.returncode == 0 and "probe-sites" in listed.stdout
        removed = run_cli("schedule", "remove", "probe-sites", "--database", db_url)
        assert removed.returncode == 0, removed.stderr
        assert "probe-sites" not in run_cli("schedule", "list", "--database", db_url).stdout
    finally:
        assert restarted.stop() == 0


def test_killed_during_a_patrol_then_resumed(tmp_path: Path, db_url: str, small_sites,
                                            serve) -> None:
    third = SmallSite("建水县人民政府")
    try:
        sites = [*small_sites, third]
        registry = tmp_path / "sites.yaml"
        registry.write_text("sites:\n" + "".join(
            f"  - {{name: {s.title}, url: '{s.url}'}}\n" for s in sites), encoding="utf-8")
        added = run_cli("schedule", "add", "patrol", "--registry", str(registry),
                        "--cron", "0 2 * * 1", "--parallel", "1", "--max-pages", "50",
                        "--database", db_url)
        assert added.returncode == 0, added.stderr
        db = Database(db_url)
        # The weekly patrol was due during downtime: the service runs it once at start.
        with editing_jobs(db) as scheduler:
            scheduler.modify_job("patrol-sites", jobstore="default",
                                 next_run_time=datetime.now(timezone.utc) - timedelta(hours=2))

        service = serve(db_url)
        first_complete = _wait_for_complete_run(db, timeout=60)
        assert service.stop(signal.SIGKILL) == -signal.SIGKILL

        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(m.Patrol)) == 1  # coalesced
            patrol = session.scalar(select(m.Patrol))
            assert patrol.status == "running"  # nobody closed it
            runs = session.scalars(select(m.Run).where(m.Run.patrol_id == patrol.id)).all()
            complete = [r for r in runs if r.status == "complete"]
            assert 1 <= len(complete) < len(sites)
            for run in complete:  # everything a complete run promises is stored
                assert run.finished_at is not None and run.verdict in ("pass", "fail")
                assert session.scalar(select(func.count()).select_from(m.CheckStatus)
                                      .where(m.CheckStatus.run_id == run.id)) > 0
            patrol_id = patrol.id

        restarted = serve(db_url)
        try:
            with db.session() as session:
                session.expire_all()
                assert session.get(m.Patrol, patrol_id).status == "interrupted"
                assert session.scalars(select(m.Run).where(m.Run.patrol_id == patrol_id,
                                                           m.Run.status == "running")).all() == []
                assert session.scalars(select(m.ScheduleLock)).all() == []
                # The missed run was spent; the job waits for next Monday.
                assert session.scalar(select(func.count()).select_from(m.Patrol)) == 1
            assert "已中断" in restarted.get("/")  # the patrol, as the dashboard shows it
        finally:
            assert restarted.stop() == 0

        resumed = run_cli("patrol", "--resume", str(patrol_id), "--database", db_url,
                          "--max-pages", "50", timeout=180)
        assert resumed.returncode == 0, resumed.stderr
        with db.session() as session:
            session.expire_all()
            assert session.get(m.Patrol, patrol_id).status == "complete"
            done = dict(session.execute(
                select(m.Site.url, func.count()).join(m.Run, m.Run.site_id == m.Site.id)
                .where(m.Run.patrol_id == patrol_id, m.Run.status == "complete")
                .group_by(m.Site.url)).all())
            assert done == {s.url: 1 for s in sites}
            assert session.get(m.Run, first_complete).status == "complete"  # kept, not redone
        db.dispose()
    finally:
        third.close()


def _wait_for_complete_run(db: Database, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.session() as session:
            run_id = session.scalar(select(m.Run.id).where(m.Run.status == "complete",
                                                           m.Run.patrol_id.is_not(None)))
        if run_id is not None:
            return run_id
        time.sleep(0.2)
    raise AssertionError("no site of the patrol completed in time")


def test_sigterm_during_a_patrol_lets_the_site_under_way_finish(tmp_path: Path, db_url: str,
                                                               small_sites, serve) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n" + "".join(
        f"  - {{name: {s.title}, url: '{s.url}'}}\n" for s in small_sites), encoding="utf-8")
    added = run_cli("schedule", "add", "patrol", "--registry", str(registry),
                    "--cron", "0 2 * * 1", "--parallel", "1", "--database", db_url)
    assert added.returncode == 0, added.stderr
    db = Database(db_url)
    with editing_jobs(db) as scheduler:
        scheduler.modify_job("patrol-sites", jobstore="default",
                             next_run_time=datetime.now(timezone.utc) - timedelta(minutes=5))
    service = serve(db_url)
    with db.session() as session:  # wait until the first site is under way
        deadline = time.monotonic() + 30
        while session.scalar(select(func.count()).select_from(m.Run)) == 0:
            assert time.monotonic() < deadline
            time.sleep(0.1)
            session.expire_all()
    assert service.stop(signal.SIGTERM, timeout=60) == 0
    with db.session() as session:
        assert session.scalar(select(m.Patrol.status)) == "interrupted"
        assert [r.status for r in session.scalars(select(m.Run))] == ["complete"]
        assert session.scalars(select(m.ScheduleLock)).all() == []
    db.dispose()
