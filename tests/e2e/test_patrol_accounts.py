"""`govpatrol patrol --registry sites.yaml --as-of 2026-11-20 --json -` over a registry whose
new-media accounts point at local stand-ins of Weibo and feed bridges: every stale and thin
account is reported, the pinned post is skipped, a failed source is neither fresh nor stale."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
import yaml

from govpatrol.demosite import AS_OF, DemoSites
from tests.support.cli import run_cli
from tests.support.newmedia_servers import Entry, SourceServer, WeiboApi, atom, days_ago, mblog, rss, user


def weibo_time(moment: datetime) -> str:
    return moment.strftime("%a %b %d %H:%M:%S +0800 %Y")


FRESH_UID, STALE_UID = "1111111111", "2222222222"
FRESH = user(FRESH_UID, "云溪发布")
STALE = user(STALE_UID, "松岭发布")
TIMELINES = {
    # An old pinned post comes first; the account itself posted three times this week.
    f"107603{FRESH_UID}": [mblog("90", weibo_time(days_ago(400)), "置顶：政务服务指南", FRESH, pinned=True)]
    + [mblog(str(80 - d), weibo_time(days_ago(d)), f"云溪动态{d}", FRESH) for d in (1, 3, 5, 12)],
    # A recent pinned post must not hide that nothing else was posted for 20 days.
    f"107603{STALE_UID}": [mblog("70", weibo_time(days_ago(2)), "置顶：疫苗接种通知", STALE, pinned=True)]
    + [mblog(str(60 - d), weibo_time(days_ago(d)), f"松岭动态{d}", STALE) for d in (20, 26, 40)],
}


@pytest.fixture(scope="module")
def sources():
    feeds = {
        "/feeds/app-thin.xml": rss("云溪客户端", "http://app.local/", [
            Entry("本周唯一一条", "http://app.local/1.html", days_ago(2)),
            Entry("上周的", "http://app.local/2.html", days_ago(9))]),
        "/feeds/app-stale.xml": rss("松岭客户端", "http://app.local/", [
            Entry("一个月前", "http://app.local/3.html", days_ago(30))]),
        "/feeds/wechat-fresh.xml": atom("云溪发布公众号", "http://wx.local/", [
            Entry(f"推送{d}", f"http://wx.local/{d}.html", days_ago(d)) for d in (0, 2, 4)]),
        "/feeds/broken.xml": "<html><body>502 Bad Gateway</body></html>",
    }
    with SourceServer(pages=feeds, routes={"/api/container/getIndex": WeiboApi(TIMELINES)}) as server:
        yield server


@pytest.fixture(scope="module")
def patrol_run(sources, tmp_path_factory):
    """(the patrol's JSON, the folder its --out files went to)."""
    work = tmp_path_factory.mktemp("patrol-accounts")
    with DemoSites("127.0.0.1") as demo:
        registry = {
            "sites": [{
                "name": "松岭县人民政府", "url": demo.stale, "organizer": "松岭县人民政府办公室",
                "accounts": [
                    {"platform": "weibo", "id": FRESH_UID, "name": "云溪发布"},
                    {"platform": "weibo", "id": STALE_UID, "name": "松岭发布"},
                    {"platform": "rss", "feed": sources.url("/feeds/app-thin.xml"), "name": "云溪客户端"},
                    {"platform": "rss", "feed": sources.url("/feeds/app-stale.xml"), "name": "松岭客户端"},
                    {"platform": "wechat", "feed": sources.url("/feeds/wechat-fresh.xml"), "name": "云溪发布公众号"},
                    {"platform": "rss", "feed": sources.url("/feeds/broken.xml"), "name": "坏掉的源"},
                ]}],
            "platforms": {"weibo": {"api_base": sources.url("").rstrip("/")}},
        }
        path = work / "sites.yaml"
        path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
        done = run_cli("patrol", "--registry", str(path), "--as-of", AS_OF.isoformat(), "--json", "-",
                       "--out", str(work / "out"), "--no-screenshots",
                       "--database", f"sqlite:///{work}/p.db", cwd=work)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout), work / "out"


@pytest.fixture(scope="module")
def patrol_report(patrol_run):
    return patrol_run[0]


def account(report, name):
    [found] = [a for a in report["accounts"] if a["name"] == name]
    return found


def checks_of(acc):
    return {(f["check"], f["severity"]) for f in acc["findings"]}


def test_patrol_json_has_the_contract_shape(patrol_report):
    assert patrol_report["schema"] == "govpatrol.patrol/1"
    assert patrol_report["as_of"] == "2026-11-20"
    assert len(patrol_report["sites"]) == 1 and len(patrol_report["accounts"]) == 6
    for acc in patrol_report["accounts"]:
        assert set(acc) >= {"platform", "id", "url", "name", "latest", "findings"}


def test_fresh_accounts_pass_and_the_old_pinned_post_is_skipped(patrol_report):
    weibo = account(patrol_report, "云溪发布")
    assert weibo["findings"] == []
    assert weibo["latest"].startswith("2026-11-19")  # not the pinned post of last year
    assert account(patrol_report, "云溪发布公众号")["findings"] == []


def test_stale_accounts_are_vetoed_even_behind_a_recent_pinned_post(patrol_report):
    weibo = account(patrol_report, "松岭发布")
    assert checks_of(weibo) == {("newmedia_stale", "veto")}
    assert weibo["latest"].startswith("2026-10-31")
    assert weibo["findings"][0]["url"] == weibo["url"]
    assert checks_of(account(patrol_report, "松岭客户端")) == {("newmedia_stale", "veto")}


def test_thin_account_is_a_deduction(patrol_report):
    assert checks_of(account(patrol_report, "云溪客户端")) == {("newmedia_stale", "deduct")}


def test_failed_source_is_neither_fresh_nor_stale(patrol_report):
    broken = account(patrol_report, "坏掉的源")
    assert broken["findings"] == []
    assert broken["latest"] is None
    assert broken["checks"]["newmedia_stale"]["status"] == "not_checked"


def test_patrol_page_shows_each_account_latest_post_and_rhythm(patrol_run):
    patrol_report, out = patrol_run
    html = (out / "patrol.html").read_text(encoding="utf-8")
    for acc in patrol_report["accounts"]:
        assert acc["name"] in html
    # The fresh Weibo account: its latest post, and one bar per day of the last two weeks.
    weibo = account(patrol_report, "云溪发布")
    assert len(weibo["rhythm"]) == 14 and sum(d["posts"] for d in weibo["rhythm"]) == 4
    assert "2026-11-19" in html
    assert html.count('title="2026-11-19：1条"') >= 1
    assert "未检查" in html  # the broken source says so, not "no problem"
    assert "001-" in html and "report.html" in html  # the site's own report is linked
