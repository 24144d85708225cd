"""A patrol through the queue (SPEC §7), against a real Redis and a real PostgreSQL started
for the tests, with workers as separate processes in separate working folders, as separate
machines would be.

Generated sites (no browser-drawn families, a crawl budget per site, so the module stays
within a few minutes on two cores) and RSS accounts from the new-media stand-ins are served
on loopback under their own names through one local DNS server.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from govpatrol.distributed.app import SITE_TASK, configure
from govpatrol.distributed.tasks import site_claim
from govpatrol.scheduler import patrol_job
from govpatrol.demosite.generated.build import generate
from govpatrol.demosite.generated.dns import LoopbackDNS
from govpatrol.demosite.generated.server import GeneratedServer
from storage.db import Database
from tests.support.newmedia_servers import AS_OF, Entry, Reply, SourceServer, days_ago, rss
from tests.support.services import free_port, postgres_server, redis_server  # noqa: F401 (fixtures)

REPO = Path(__file__).resolve().parents[2]
SEEDS = (0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 14)  # twelve sites, no "spa" family
MAX_PAGES = 25
SITE_TIME_LIMIT = 150


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Twelve generated sites, three RSS accounts, one DNS server for every name; the
    registry file that names them."""
    folder = tmp_path_factory.mktemp("served")
    with ExitStack() as stack:
        sites = [stack.enter_context(GeneratedServer(generate(seed))) for seed in SEEDS]
        zone = {host: {"A": ["127.0.0.1"], "AAAA": ["::1"]}
                for one in sites for host in one.site.served_hosts}
        dns = LoopbackDNS(zone).start()
        stack.callback(dns.stop)
        feeds = stack.enter_context(SourceServer({
            "/fresh.xml": _feed("发布", (0, 1, 3)),
            "/thin.xml": _feed("客户端", (2, 20)),
            "/stale.xml": _feed("政务", (30, 40)),
        }))
        entries = []
        for number, one in enumerate(sites):
            entry = {"name": f"生成站点{SEEDS[number]}", "url": one.home,
                     "organizer": f"生成站点{SEEDS[number]}办公室"}
            if number < 3:
                path = ("/fresh.xml", "/thin.xml", "/stale.xml")[number]
                entry["accounts"] = [{"platform": "rss", "feed": feeds.url(path),
                                      "name": f"站点{SEEDS[number]}客户端"}]
            entries.append(entry)
        registry = folder / "registry.yaml"
        registry.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True),
                            encoding="utf-8")
        small = folder / "small.yaml"
        small.write_text(yaml.safe_dump({"sites": entries[3:7]}, allow_unicode=True),
                         encoding="utf-8")
        yield {"registry": registry, "small": small, "dns": dns.address, "sites": len(entries)}


def _feed(name: str, ages: tuple[int, ...]) -> Reply:
    return Reply(rss(name, "http://app.example.gov.cn/", [
        Entry(f"{name}{i}", f"http://app.example.gov.cn/news/{name}-{i}.html", days_ago(age))
        for i, age in enumerate(ages)]), content_type="application/rss+xml")


def _env(folder: Path) -> dict:
    # TMPDIR too: crawl logs and configs stay in the worker's own folder.
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", "TMPDIR": str(folder)}


def _cli(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "govpatrol.cli", *args], cwd=cwd, env=_env(cwd),
                          capture_output=True, text=True, timeout=timeout)


def _patrol_args(served, database: str, *, registry: str = "registry") -> list[str]:
    return ["patrol", "--registry", str(served[registry]), "--as-of", AS_OF.isoformat(),
            "--max-pages", str(MAX_PAGES), "--nameserver", served["dns"], "--database", database,
            "--site-time-limit", str(SITE_TIME_LIMIT)]


class Workers:
    """Worker processes, each in a folder of its own and a process group of its own (so
    that killing one kills all of it, as a machine that dies)."""

    def __init__(self, root: Path, broker: str, database: str):
        self.root, self.broker, self.database = root, broker, database
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1) -> list[subprocess.Popen]:
        started = []
        for _ in range(count):
            folder = self.root / f"worker{len(self.processes) + 1}"
            folder.mkdir(parents=True)
            process = subprocess.Popen(
                [sys.executable, "-m", "govpatrol.cli", "worker", "--queue", self.broker,
                 "--database", self.database, "--concurrency", "1",
                 "--site-time-limit", str(SITE_TIME_LIMIT), "--loglevel", "INFO"],
                cwd=folder, env=_env(folder), stdout=open(folder / "worker.log", "wb"),
                stderr=subprocess.STDOUT, start_new_session=True)
            self.processes.append(process)
            started.append(process)
        return started

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path, redis_server, postgres_server):  # noqa: F811 (fixtures by name)
    database = postgres_server.new_database()
    Database(database).dispose()  # the schema, before anyone looks at the tables
    pool = Workers(tmp_path / "machines", redis_server.url, database)
    yield pool
    pool.stop()


def _findings(report: dict) -> dict:
    """Every finding of every site and account, as the report states it."""
    sites = {s["site"]["url"]: (s["verdict"]["result"], sorted(
        (f["check"], f["severity"], f["url"], f["message"]) for f in s["findings"]))
        for s in report["sites"]}
    accounts = {(a["platform"], a["id"]): sorted(
        (f["check"], f["severity"], f["url"], f["message"]) for f in a["findings"])
        for a in report["accounts"]}
    return {"sites": sites, "accounts": accounts}


def _runs(database: str) -> list[tuple]:
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT coalesce(site_id, 0), coalesce(account_id, 0), status FROM runs "
                "WHERE patrol_id IS NOT NULL ORDER BY id")))
    finally:
        engine.dispose()


def _complete_runs_per_item(database: str) -> dict[tuple, int]:
    counts: dict[tuple, int] = {}
    for site_id, account_id, status in _runs(database):
        counts.setdefault((site_id, account_id), 0)
        counts[(site_id, account_id)] += status == "complete"
    return counts


def test_three_workers_give_the_report_of_one_machine(served, workers, tmp_path):
    local = _cli(*_patrol_args(served, f"sqlite:///{tmp_path / 'local.db'}"), "--json",
                 str(tmp_path / "local.json"), "--parallel", "2", cwd=tmp_path / "local")
    assert local.returncode == 0, local.stderr[-3000:]

    workers.start(3)
    queued = _cli(*_patrol_args(served, workers.database), "--queue", workers.broker,
                  "--json", str(tmp_path / "queued.json"), "--out", str(tmp_path / "out"),
                  "--no-screenshots", cwd=tmp_path / "service")
    assert queued.returncode == 0, queued.stderr[-3000:]

    one_machine = json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    many = json.loads((tmp_path / "queued.json").read_text(encoding="utf-8"))
    assert len(many["sites"]) == served["sites"] and len(many["accounts"]) == 3
    assert all(s["run"]["status"] == "complete" for s in many["sites"])
    assert sum(len(s["findings"]) for s in many["sites"]) > 0  # the sites have problems planted
    assert _findings(many) == _findings(one_machine)
    assert many["patrol"]["status"] == "complete"
    # The same outputs as a local patrol, and no item run twice to completion.
    assert (tmp_path / "out" / "patrol.json").is_file()
    assert (tmp_path / "out" / "notice" / "notice.docx").is_file()
    assert set(_complete_runs_per_item(workers.database).values()) == {1}
    # --no-screenshots reached the workers: no failing site was shot, nor tried (a try is
    # recorded with the run, taken or missing).
    assert _screenshot_records(workers.database) == [None] * served["sites"]
    # Every worker took part.
    logs = [(p / "worker.log").read_text(errors="replace")
            for p in sorted((tmp_path / "machines").iterdir())]
    assert all("succeeded" in log for log in logs), [log[-500:] for log in logs]


def _screenshot_records(database: str) -> list:
    """What each site run recorded of its evidence screenshots."""
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            stats = conn.execute(text("SELECT stats FROM runs WHERE account_id IS NULL")).scalars()
            return [(json.loads(s) if isinstance(s, str) else s).get("screenshots") for s in stats]
    finally:
        engine.dispose()


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _holder_of_running_site(database: str) -> int | None:
    """The process whose claimed site is being crawled now (its run has stored pages)."""

    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            crawling = list(conn.execute(text(
                "SELECT r.patrol_id, s.url FROM runs r JOIN sites s ON s.id = r.site_id "
                "WHERE r.status = 'running' AND EXISTS (SELECT 1 FROM pages p WHERE p.run_id = r.id)")))
            holders = dict(conn.execute(text("SELECT name, holder FROM schedule_locks")).all())
    finally:
        engine.dispose()
    for patrol_id, url in crawling:
        holder = holders.get(site_claim(patrol_id, url))
        if holder:
            return int(holder.split(":")[1])
    return None


def _parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def test_a_worker_killed_while_crawling_loses_nothing(served, workers, tmp_path):
    first, second = workers.start(2)
    patrol = subprocess.Popen(
        [sys.executable, "-m", "govpatrol.cli", *_patrol_args(served, workers.database,
                                                                registry="small"),
         "--queue", workers.broker, "--json", str(tmp_path / "queued.json")],
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        holder = _wait_for(lambda: _holder_of_running_site(workers.database), 120,
                           "a site being crawled")
        victim = first if _parent_of(holder) == first.pid else second
        assert _parent_of(holder) == victim.pid
        workers.kill(victim)
        workers.start(1)  # a replacement machine joins
        _out, err = patrol.communicate(timeout=400)
    finally:
        if patrol.poll() is None:
            patrol.kill()
    assert patrol.returncode == 0, err[-3000:]
    report = json.loads((tmp_path / "queued.json").read_text(encoding="utf-8"))
    assert len(report["sites"]) == 4
    assert all(s["run"]["status"] == "complete" for s in report["sites"])
    runs = _runs(workers.database)
    assert set(_complete_runs_per_item(workers.database).values()) == {1}
    # The killed worker's run is there, marked as cut short, with the pages it had stored.
    assert any(status == "interrupted" for _s, _a, status in runs)
    engine = create_engine(workers.database)
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM pages p JOIN runs r ON r.id = p.run_id "
                                 "WHERE r.status = 'interrupted'")).scalar()
    engine.dispose()
    assert kept > 0


def test_a_restarted_redis_does_not_stop_the_patrol(served, workers, tmp_path, redis_server):  # noqa: F811
    workers.start(2)
    patrol = subprocess.Popen(
        [sys.executable, "-m", "govpatrol.cli", *_patrol_args(served, workers.database,
                                                                registry="small"),
         "--queue", workers.broker, "--json", str(tmp_path / "queued.json")],
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        _wait_for(lambda: any(s == "complete" for _a, _b, s in _runs(workers.database)), 200,
                  "a first complete run")
        redis_server.restart(down_for=3)  # without persistence: every message is gone
        _out, err = patrol.communicate(timeout=400)
    finally:
        if patrol.poll() is None:
            patrol.kill()
    assert patrol.returncode == 0, err[-3000:]
    report = json.loads((tmp_path / "queued.json").read_text(encoding="utf-8"))
    assert len(report["sites"]) == 4
    assert all(s["run"]["status"] == "complete" for s in report["sites"])
    assert set(_complete_runs_per_item(workers.database).values()) == {1}


def test_a_worker_with_a_wrong_database_says_so_and_exits_2(tmp_path, redis_server, postgres_server):  # noqa: F811
    wrong = postgres_server.url("no_such_database")
    done = _cli("worker", "--queue", redis_server.url, "--database", wrong, cwd=tmp_path,
                timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "无法连接数据库" in lines[0] and "no_such_database" in lines[0]
    refused = _cli("worker", "--queue", redis_server.url, "--database",
                   "postgresql+psycopg://postgres@127.0.0.1:1/govpatrol", cwd=tmp_path, timeout=120)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    no_queue = _cli("worker", "--queue", f"redis://127.0.0.1:{free_port()}/0", "--database",
                    postgres_server.url(), cwd=tmp_path, timeout=120)
    assert no_queue.returncode == 2 and len(no_queue.stderr.strip().splitlines()) == 1
    assert "无法连接任务队列" in no_queue.stderr


def test_resume_sends_only_what_is_not_complete(served, workers, tmp_path):
    workers.start(1)
    args = _patrol_args(served, workers.database, registry="small")
    stopped = subprocess.Popen(
        [sys.executable, "-m", "govpatrol.cli", *args, "--queue", workers.broker],
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        _wait_for(lambda: any(s == "complete" for _a, _b, s in _runs(workers.database)), 200,
                  "a first complete run")
        stopped.send_signal(signal.SIGTERM)
        _out, err = stopped.communicate(timeout=60)
    finally:
        if stopped.poll() is None:
            stopped.kill()
    assert stopped.returncode == 1, err[-2000:]
    done_before = sum(1 for _a, _b, s in _runs(workers.database) if s == "complete")

    resumed = _cli("patrol", "--resume", "1", "--queue", workers.broker, "--database",
                   workers.database, "--json", str(tmp_path / "resumed.json"), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    # A run under way when the patrol stopped may have finished since: it counts as done.
    counted = re.search(r"巡检 1：共4项，已完成(\d+)项", resumed.stderr)
    assert counted and done_before <= int(counted.group(1)) < 4, resumed.stderr[-2000:]
    report = json.loads((tmp_path / "resumed.json").read_text(encoding="utf-8"))
    assert all(s["run"]["status"] == "complete" for s in report["sites"])
    assert report["patrol"]["status"] == "complete"
    assert set(_complete_runs_per_item(workers.database).values()) == {1}


def test_the_service_sends_its_scheduled_patrol_to_the_configured_queue(served, workers, tmp_path,
                                                                       monkeypatch):

    settings = tmp_path / "govpatrol.yaml"
    settings.write_text(yaml.safe_dump({"queue": workers.broker}), encoding="utf-8")
    monkeypatch.setenv("GOVPATROL_CONFIG", str(settings))
    workers.start(1)
    patrol_id = patrol_job(job_id="patrol-test", database=workers.database,
                           registry=str(served["small"]), max_pages=MAX_PAGES,
                           nameservers=[served["dns"]], site_time_limit=SITE_TIME_LIMIT)
    assert patrol_id is not None
    assert [s for _a, _b, s in _runs(workers.database)] == ["complete"] * 4
    log = (tmp_path / "machines" / "worker1" / "worker.log").read_text(errors="replace")
    assert log.count("succeeded") == 4  # the worker ran them, not this process


def test_a_site_sent_twice_gets_one_complete_run(served, workers, tmp_path):
    from datetime import datetime, timezone

    from checks.rulebook import load_rulebook
    from storage import models as m

    site_url = yaml.safe_load(served["small"].read_text(encoding="utf-8"))["sites"][0]["url"]
    db = Database(workers.database)
    try:
        with db.session() as session:
            patrol = m.Patrol(as_of=AS_OF, started_at=datetime.now(timezone.utc), status="running")
            session.add(patrol)
            session.flush()
            patrol_id = patrol.id
    finally:
        db.dispose()
    app = configure(workers.broker, site_time_limit=SITE_TIME_LIMIT)
    options = {"as_of": AS_OF.isoformat(), "max_pages": MAX_PAGES, "nameservers": [served["dns"]],
               "rulebook": load_rulebook(None), "time_limit": SITE_TIME_LIMIT}
    for _ in range(2):  # both copies wait in the queue before any worker runs
        app.send_task(SITE_TASK, args=[patrol_id, {"url": site_url}, options])
    workers.start(2)
    logs = [tmp_path / "machines" / f"worker{n}" / "worker.log" for n in (1, 2)]
    _wait_for(lambda: sum(p.read_text(errors="replace").count("succeeded") for p in logs) == 2,
              200, "both copies handled")
    text_of = "".join(p.read_text(errors="replace") for p in logs)
    assert text_of.count("complete run") == 1
    assert text_of.count("'claimed elsewhere'") + text_of.count("'already complete'") == 1
    assert [s for _a, _b, s in _runs(workers.database)] == ["complete"]
