"""A patrol's warm crawl process (crawlers.launch.WarmCrawls, crawlers.warm) forks every
site's crawl; a crawl that hangs is stopped at its time limit, and a warm process that dies
fails only the crawls it held and is started again for the next."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from checks.rulebook import load_rulebook
from crawlers.launch import WarmCrawls
from govpatrol.inspection import InspectionError, InspectionOptions, inspect_site
from storage import models as m
from storage.db import Database
from tests.support.small_site import AS_OF, HangingServer, SmallSite


@pytest.fixture
def db(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path / 'govpatrol.db'}")
    yield database
    database.dispose()


@pytest.fixture
def site():
    small = SmallSite("云岭县人民政府")
    yield small
    small.close()


def options(warm: WarmCrawls, **changes) -> InspectionOptions:
    return InspectionOptions(as_of=AS_OF, max_pages=50, rulebook=load_rulebook(),
                             warm_crawls=warm, screenshots=0, **changes)


def stored_pages(db: Database, run_id: int) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(m.Page)
                              .where(m.Page.run_id == run_id))


def status_of(db: Database, run_id: int) -> str:
    with db.session() as session:
        return session.get(m.Run, run_id).status


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_one_warm_process_forks_each_crawl_and_ends_with_close(db, site):
    with WarmCrawls() as warm:
        assert warm.pid is None  # started with the first crawl, not before
        first = inspect_site(db, site.url, options(warm))
        server = warm.pid
        second = inspect_site(db, site.url, options(warm))
        assert warm.pid == server  # the same warm process forked the second crawl
    assert status_of(db, first) == status_of(db, second) == "complete"
    assert stored_pages(db, first) == stored_pages(db, second) > 1
    assert not alive(server)
    assert warm.pid is None


def test_a_hanging_crawl_is_stopped_and_the_warm_process_serves_on(db, site):
    hanging = HangingServer()
    try:
        with WarmCrawls() as warm:
            with pytest.raises(InspectionError, match="检查超时"):
                inspect_site(db, hanging.url, options(warm, time_limit=3))
            server = warm.pid
            run_id = inspect_site(db, site.url, options(warm))
            assert warm.pid == server
    finally:
        hanging.close()
    assert status_of(db, run_id) == "complete"


def test_a_dead_warm_process_fails_its_crawl_and_is_started_again(db, site):
    hanging = HangingServer()
    failure: list[BaseException] = []

    def inspect_hanging() -> None:
        try:
            inspect_site(db, hanging.url, options(warm, time_limit=60))
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            failure.append(exc)

    try:
        with WarmCrawls() as warm:
            worker = threading.Thread(target=inspect_hanging)
            worker.start()
            deadline = time.monotonic() + 30
            while warm.pid is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert warm.pid is not None
            dead = warm.pid
            time.sleep(1.0)  # the crawl is forked and waiting on the hanging site
            os.kill(dead, signal.SIGKILL)
            worker.join(timeout=30)
            assert not worker.is_alive()  # no wait outlives the warm process
            assert failure and isinstance(failure[0], InspectionError)
            run_id = inspect_site(db, site.url, options(warm))
            assert warm.pid not in (None, dead)
    finally:
        hanging.close()
    assert status_of(db, run_id) == "complete"
    with db.session() as session:
        hung = session.scalars(select(m.Run).join(m.Site)
                               .where(m.Site.url == hanging.url)).one()
    assert hung.status in ("failed", "interrupted")


def test_a_warm_process_that_cannot_start_fails_the_inspection_in_one_line(db, site, tmp_path,
                                                                           monkeypatch):
    broken = tmp_path / "broken" / "scrapy"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('scrapy 安装不完整')\n",
                                        encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(broken.parent))
    with WarmCrawls() as warm:
        with pytest.raises(InspectionError) as raised:
            inspect_site(db, site.url, options(warm))
    message = str(raised.value)
    assert message.startswith("常驻抓取进程未能启动")
    assert "scrapy 安装不完整" in message and "\n" not in message
    with db.session() as session:
        run = session.scalars(select(m.Run)).one()
    assert run.status == "failed"
