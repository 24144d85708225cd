"""The read-only dashboard: sites with their latest verdict, open cases, jobs, a site's page;
text from crawled sites is escaped."""
from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date, datetime, timezone

import pytest

from govpatrol.dashboard import start_dashboard
from govpatrol.history import update_cases
from govpatrol.scheduler.jobs import JobInfo
from storage import models as m
from tests.support.history_rows import BROKEN, add_run, add_site

HOSTILE = "<script>alert(1)</script>"


def fetch(server, path: str) -> tuple[int, str]:
    host, port = server.server_address[:2]
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def dashboard(db):
    with db.session() as session:
        site = add_site(session, name=f"云岭县人民政府{HOSTILE}")
        add_site(session, "http://www.new.gov.cn/", "新登记网站")
        update_cases(session, add_run(session, site, date(2026, 11, 20),
                                      [("broken_link", "deduct", BROKEN)]))
        session.add(m.Patrol(as_of=date(2026, 11, 20), started_at=datetime.now(timezone.utc),
                             status="interrupted"))
    jobs = [JobInfo("patrol-sites", "patrol", "巡检 sites.yaml（0 2 * * 1）", "cron 0 2 * * mon",
                    datetime(2026, 11, 23, 2, tzinfo=timezone.utc), {})]
    server = start_dashboard(db, "127.0.0.1", 0, lambda: jobs)
    yield server, site
    server.shutdown()
    server.server_close()


def test_overview_lists_sites_cases_patrols_and_jobs(dashboard) -> None:
    server, site_id = dashboard
    status, page = fetch(server, "/")
    assert status == 200
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert f'href="/site/{site_id}"' in page and "不合格" in page
    assert "新登记网站" in page and "尚未检查" in page
    assert BROKEN in page and "链接不可用" in page and "待整改" in page
    assert "已中断" in page
    assert "patrol-sites" in page and "cron 0 2 * * mon" in page


def test_site_page_and_unknown_paths(dashboard) -> None:
    server, site_id = dashboard
    status, page = fetch(server, f"/site/{site_id}")
    assert status == 200
    assert "2026-11-20" in page and BROKEN in page and "broken_link at" in page
    assert fetch(server, "/site/999")[0] == 404
    assert fetch(server, "/etc/passwd")[0] == 404
    assert fetch(server, "/healthz") == (200, "ok\n")


@pytest.mark.parametrize("path", ["/site/99999999999999999999", "/site/9223372036854775808",
                                  "/site/%C2%B2", "/site/-1", "/site/1.0", "/site/"])
def test_site_ids_no_database_could_hold_are_404(dashboard, path) -> None:
    server, _site_id = dashboard
    status, page = fetch(server, path)
    assert status == 404 and "404" in page
