"""The scheduler with its jobs in a file database: jobs survive a restart, missed runs
coalesce into one, the ScheduleLock keeps a job from running twice at once across
processes, and a dead service's leftovers are recovered."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from govpatrol.scheduler.jobs import (
    ScheduleError, add_notice_job, add_patrol_job, add_probe_job, build_scheduler,
    crontab_weekdays, cron_trigger, editing_jobs, list_jobs,
)
from govpatrol.scheduler.recovery import recover
from govpatrol.scheduler.tasks import previous_period, run_locked
from storage import models as m
from storage.db import Database
from storage.locks import DatabaseLock
from tests.support.cli import REPO

RECORD = "tests.patrol.test_scheduler:record_run"


def record_run(path: str, seconds: float = 0.0) -> None:
    """A job that leaves one line per run (a textual reference, as stored jobs need)."""
    time.sleep(seconds)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{time.time()}\n")


def locked_record(database: str, job_id: str, path: str, seconds: float = 0.0) -> None:
    run_locked(database, job_id, lambda db: record_run(path, seconds))


def lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_jobs_survive_restart_and_missed_runs_run_once(tmp_path: Path, db) -> None:
    once, every = tmp_path / "coalesced.txt", tmp_path / "every.txt"
    missed_since = datetime.now(timezone.utc) - timedelta(minutes=65)
    # What a service stopped for 65 minutes leaves: jobs every 10 minutes, due long ago.
    with editing_jobs(db) as scheduler:
        for job_id, path, coalesce in (("once", once, True), ("every", every, False)):
            scheduler.add_job(RECORD, IntervalTrigger(minutes=10), id=job_id, jobstore="default",
                              kwargs={"path": str(path)}, next_run_time=missed_since,
                              coalesce=coalesce, max_instances=10, misfire_grace_time=7200)
    assert lines(once) == lines(every) == 0  # a paused scheduler runs nothing

    restarted = build_scheduler(Database(db.url, migrate=False))
    restarted.start()
    try:
        assert {j.id for j in restarted.get_jobs(jobstore="default")} == {"once", "every"}
        assert wait_for(lambda: lines(every) == 7)  # each of the 7 missed times: control
        assert wait_for(lambda: lines(once) >= 1)
        time.sleep(0.5)
        assert lines(once) == 1
        job = restarted.get_job("once", jobstore="default")
        assert job.next_run_time > datetime.now(timezone.utc)
    finally:
        restarted.shutdown(wait=True)


def test_product_jobs_are_stored_with_their_guards(tmp_path: Path, db) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n  - {name: 甲, url: 'http://www.a.gov.cn/'}\n", encoding="utf-8")
    with editing_jobs(db) as scheduler:
        add_patrol_job(scheduler, database=db.url, registry=registry, cron="0 2 * * 1")
        add_probe_job(scheduler, database=db.url, registry=registry)
        add_notice_job(scheduler, database=db.url, cron="0 9 1 * *", period="month",
                       out=tmp_path / "notices")
        with pytest.raises(ScheduleError, match="已存在"):
            add_patrol_job(scheduler, database=db.url, registry=registry, cron="0 3 * * 1")
        with pytest.raises(ScheduleError, match="cron 表达式无效"):
            add_notice_job(scheduler, database=db.url, cron="0 9 1 *", period="month",
                           out=tmp_path, job_id="x")
    with editing_jobs(db) as scheduler:
        jobs = {j.id: j for j in list_jobs(scheduler)}
        stored = {j.id: j for j in scheduler.get_jobs(jobstore="default")}
    assert set(jobs) == {"patrol-sites", "probe-sites", "notice-month"}
    assert jobs["patrol-sites"].trigger == "cron 0 2 * * mon"  # crontab's 1 is Monday
    assert jobs["patrol-sites"].arguments["registry"] == str(registry.resolve())
    assert jobs["probe-sites"].trigger.startswith("每15分钟")
    for job in stored.values():
        assert (job.coalesce, job.max_instances) == (True, 1)
        assert job.func_ref.startswith("govpatrol.scheduler:")
    assert stored["probe-sites"].misfire_grace_time < stored["patrol-sites"].misfire_grace_time
    # Beijing time: Monday 02:00 in Asia/Shanghai.
    moment = stored["patrol-sites"].next_run_time
    assert (moment.weekday(), moment.hour, moment.utcoffset()) == (0, 2, timedelta(hours=8))


def locked_record_at_signal(database: str, path: str, ready: str, go: str) -> None:
    """Say it is ready, wait for the go, then try the job: both tries overlap however slowly
    each process started."""
    Path(ready).touch()
    assert wait_for(Path(go).exists, timeout=60)
    locked_record(database, "patrol-x", path, 2.0)


def test_lock_lets_one_of_two_processes_run_the_job(tmp_path: Path, db) -> None:
    path, go = tmp_path / "runs.txt", tmp_path / "go"
    code = ("import sys; from tests.patrol.test_scheduler import locked_record_at_signal; "
            "locked_record_at_signal(*sys.argv[1:])")
    ready = [tmp_path / f"ready-{n}" for n in range(2)]
    both = [subprocess.Popen([sys.executable, "-c", code, db.url, str(path), str(flag), str(go)],
                             cwd=REPO) for flag in ready]
    assert wait_for(lambda: all(flag.exists() for flag in ready), timeout=60)
    go.touch()
    assert [p.wait(timeout=60) for p in both] == [0, 0]
    assert lines(path) == 1
    with db.session() as session:
        assert session.scalars(select(m.ScheduleLock)).all() == []  # released after the run


def test_lock_held_by_a_live_process_skips_and_a_dead_holder_is_replaced(tmp_path: Path,
                                                                        db) -> None:
    path = tmp_path / "runs.txt"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with db.session() as session:
            session.add(m.ScheduleLock(name="job:probe", holder=f"{_host()}:{sleeper.pid}:t",
                                       acquired_at=datetime.now(timezone.utc)))
        locked_record(db.url, "probe", str(path))
        assert lines(path) == 0
    finally:
        sleeper.kill()
        sleeper.wait()
    locked_record(db.url, "probe", str(path))  # its holder is gone: taken over
    assert lines(path) == 1

    first = DatabaseLock(db, "job:notice")
    second = DatabaseLock(db, "job:notice")
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_recover_interrupts_what_a_dead_service_left(db) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    now = datetime.now(timezone.utc)
    with db.session() as session:
        site = m.Site(url="http://www.a.gov.cn/", created_at=now, options={})
        session.add(site)
        session.flush()
        patrols = []
        for holder in (f"{_host()}:{dead.pid}:t", None):
            patrol = m.Patrol(as_of=date(2026, 11, 20), started_at=now, status="running")
            session.add(patrol)
            session.flush()
            patrols.append(patrol.id)
            if holder:
                session.add(m.ScheduleLock(name=f"patrol:{patrol.id}", holder=holder,
                                           acquired_at=now))
            session.add(m.Run(site_id=site.id, patrol_id=patrol.id, kind="patrol",
                              as_of=date(2026, 11, 20), started_at=now, heartbeat_at=now,
                              status="running", settings={}, stats={}, verdict_reasons=[]))
        live = m.Patrol(as_of=date(2026, 11, 20), started_at=now, status="running")
        session.add(live)
        session.flush()
        session.add(m.ScheduleLock(name=f"patrol:{live.id}", holder=f"{_host()}:{_self()}:t",
                                   acquired_at=now))
    assert recover(db) == {"runs": 0, "patrols": 2, "locks": 1}
    with db.session() as session:
        statuses = {p.id: p.status for p in session.scalars(select(m.Patrol))}
        assert statuses == {patrols[0]: "interrupted", patrols[1]: "interrupted",
                            live.id: "running"}
        assert {r.status for r in session.scalars(select(m.Run))} == {"interrupted"}
        assert [lock.name for lock in session.scalars(select(m.ScheduleLock))] == [
            f"patrol:{live.id}"]


def test_crontab_weekdays_count_from_sunday() -> None:
    assert crontab_weekdays("1") == "mon" and crontab_weekdays("7") == crontab_weekdays("0") == "sun"
    assert crontab_weekdays("1-5") == "mon,tue,wed,thu,fri"
    assert crontab_weekdays("*/3") == "sun,wed,sat"
    assert crontab_weekdays("*") == "*" and crontab_weekdays("sat-sun") == "sat-sun"
    with pytest.raises(ScheduleError, match="星期字段无效"):
        cron_trigger("0 2 * * 8")


def test_previous_period() -> None:
    today = date(2026, 11, 20)  # a Friday
    assert previous_period("week", today) == (date(2026, 11, 9), date(2026, 11, 15))
    assert previous_period("month", today) == (date(2026, 10, 1), date(2026, 10, 31))
    assert previous_period("quarter", today) == (date(2026, 7, 1), date(2026, 9, 30))
    assert previous_period("month", date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert previous_period("quarter", date(2026, 2, 1)) == (date(2025, 10, 1),
                                                            date(2025, 12, 31))


def _host() -> str:
    return socket.gethostname()


def _self() -> int:
    return os.getpid()
