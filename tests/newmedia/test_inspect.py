"""inspect_account end to end: local sources, a temporary SQLite database, the stored run,
its findings and statuses, and the account object of the patrol report."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from checks.rulebook import load_rulebook
from crawlers.newmedia import describe_account
from crawlers.newmedia.base import FetchError, UrllibFetch
from govpatrol.accounts import inspect_account
from storage.queries import load_account_observations
from reports.accounts import build_account_report
from storage import models as m
from storage.db import Database
from tests.support.newmedia_servers import (
    AS_OF,
    MOMENT,
    Entry,
    Reply,
    SourceServer,
    WeiboApi,
    days_ago,
    mblog,
    rss,
    user,
    wechat_article,
)

FRESH_UID, STALE_UID, WALLED_UID = "1000000001", "1000000002", "1000000003"


def _timelines() -> dict[str, list[dict]]:
    fresh, stale = user(FRESH_UID, "云溪发布"), user(STALE_UID, "云溪发布")
    return {
        f"107603{FRESH_UID}": [
            mblog("19", "2025-03-01", "置顶：办事指南", fresh, pinned=True),
            mblog("18", "3小时前", "今日要闻", fresh), mblog("17", "昨天 18:20", "昨日动态", fresh),
            mblog("16", "11-16", "周一动态", fresh), mblog("15", "11-02", "更早", fresh)],
        f"107603{STALE_UID}": [
            mblog("29", "刚刚", "置顶：新春祝福", stale, pinned=True),
            mblog("28", "10-30", "十月底", stale), mblog("27", "10-20", "十月中", stale),
            mblog("26", "2026-09-01", "九月", stale)],
    }


def _feed(*ages: int, name: str) -> Reply:
    return Reply(rss(name, "http://app.yunxi.gov.cn/", [
        Entry(f"{name}{i}", f"http://app.yunxi.gov.cn/news/{name}{age}-{i}.html", days_ago(age))
        for i, age in enumerate(ages)]), content_type="application/rss+xml")


@pytest.fixture(scope="module")
def source():
    server = SourceServer(
        {"/app-fresh.xml": _feed(0, 2, 5, 30, name="快讯"),
         "/app-thin.xml": _feed(3, 10, 12, name="简讯"),
         "/app-stale.xml": _feed(20, 40, name="旧闻"),
         "/app-garbage.xml": Reply("<html><body>Bad Gateway</body></html>", status=200),
         "/gone.xml": Reply("Not Found", status=404)},
        routes={"/api/container/getIndex": WeiboApi(
            timelines=_timelines(), modes={f"107603{WALLED_UID}": "visitor"})})
    with server:
        a1 = server.add("/s?__biz=YX&mid=1&idx=1", wechat_article("会议", "云溪发布",
                                                                  days_ago(1, 21, 40)))
        a2 = server.add("/s?__biz=YX&mid=2&idx=1", wechat_article("通告", "云溪发布", days_ago(8)))
        server.add("/wechat.xml", rss("云溪发布", server.base + "/", [
            Entry("会议", a1, None), Entry("通告", a2, None)]))
        yield server


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = Database("sqlite:///" + str(tmp_path_factory.mktemp("newmedia") / "patrol.db"))
    yield database
    database.dispose()


def inspect(db, source, account: dict, **kwargs) -> int:
    return inspect_account(db, account, {"weibo": {"api_base": source.base}}, AS_OF,
                           as_of_moment=MOMENT, fetch=UrllibFetch(timeout=5), **kwargs)


def report(db, run_id: int) -> dict:
    with db.session() as session:
        return build_account_report(session, run_id)


def test_a_fresh_weibo_account_has_no_finding_and_was_checked(db, source):
    run_id = inspect(db, source, {"platform": "weibo", "id": FRESH_UID, "name": "云溪发布"})
    result = report(db, run_id)
    assert result["findings"] == []
    assert result["checks"]["newmedia_stale"] == {"status": "checked", "reason": None}
    assert result["state"] == "ok" and result["error"] is None
    assert result["latest"] == "2026-11-20"  # 3小时前, not the pinned post of 2025
    assert result["posts_last_7_days"] == 3
    assert result["url"] == f"{source.base}/u/{FRESH_UID}"
    assert (result["platform"], result["id"], result["name"]) == ("weibo", FRESH_UID, "云溪发布")
    assert result["run"]["status"] == "complete"
    assert result["profile"]["government"] is True
    with db.session() as session:
        posts = session.scalars(select(m.Post).where(m.Post.run_id == run_id)).all()
        assert len(posts) == 5 and sum(p.pinned for p in posts) == 1
        run = session.get(m.Run, run_id)
        assert (run.kind, run.as_of, run.status) == ("account", AS_OF, "complete")
        assert run.settings["read_at"] == MOMENT.isoformat()


def test_a_stale_weibo_account_is_a_veto_even_with_a_new_pinned_post(db, source):
    run_id = inspect(db, source, {"platform": "weibo", "id": STALE_UID, "name": "云溪发布"})
    result = report(db, run_id)
    [finding] = result["findings"]
    assert (finding["check"], finding["severity"]) == ("newmedia_stale", "veto")
    assert finding["url"] == f"{source.base}/u/{STALE_UID}"
    assert finding["message"] == "政务微博“云溪发布”超过14天未更新(最近发布2026-10-30)"
    assert finding["evidence"]["pinned_skipped"] == 1
    assert finding["evidence"]["age_days"] == 21
    assert result["latest"] == "2026-10-30"
    # The pinned post of today shows in the rhythm: it was published today.
    assert result["rhythm"][-1] == {"date": "2026-11-20", "posts": 1}
    assert len(result["rhythm"]) == 14 and result["rhythm"][0]["date"] == "2026-11-07"


def test_feeds_fresh_thin_and_stale(db, source):
    fresh = report(db, inspect(db, source, {"platform": "rss", "feed": source.url(
        "/app-fresh.xml"), "name": "云溪客户端"}))
    assert fresh["findings"] == [] and fresh["posts_last_7_days"] == 3

    thin = report(db, inspect(db, source, {"platform": "rss", "feed": source.url(
        "/app-thin.xml"), "name": "云溪客户端"}))
    [finding] = thin["findings"]
    assert (finding["severity"], finding["url"]) == ("deduct", source.url("/app-thin.xml"))
    assert finding["message"] == "政务新媒体“云溪客户端”近7天仅发布1条(要求每周不少于2条)"

    stale = report(db, inspect(db, source, {"platform": "rss", "feed": source.url(
        "/app-stale.xml"), "name": "云溪客户端", "url": "http://app.yunxi.gov.cn/"}))
    [finding] = stale["findings"]
    assert (finding["severity"], finding["url"]) == ("veto", "http://app.yunxi.gov.cn/")
    assert stale["latest"] == "2026-10-31"


def test_a_wechat_account_read_through_its_bridge_and_article_pages(db, source):
    result = report(db, inspect(db, source, {"platform": "wechat", "feed": source.url(
        "/wechat.xml"), "name": "云溪发布"}))
    [finding] = result["findings"]
    assert finding["severity"] == "deduct"
    assert finding["message"].startswith("微信公众号“云溪发布”近7天仅发布1条")
    assert result["latest"] == "2026-11-19"
    assert result["profile"]["nickname"] == "云溪发布"


@pytest.mark.parametrize("account, state", [
    ({"platform": "rss", "feed": "/app-garbage.xml", "name": "坏订阅源"}, "format"),
    ({"platform": "rss", "feed": "/gone.xml", "name": "失效订阅源"}, "failed"),
    ({"platform": "weibo", "id": WALLED_UID, "name": "登录墙"}, "login_wall"),
])
def test_a_source_that_cannot_be_read_is_not_checked_never_stale(db, source, account, state):
    if "feed" in account:
        account = {**account, "feed": source.url(account["feed"])}
    run_id = inspect(db, source, account)
    result = report(db, run_id)
    assert result["findings"] == []
    assert result["state"] == state and result["error"]
    status = result["checks"]["newmedia_stale"]
    assert status["status"] == "not_checked" and state in status["reason"]
    assert result["latest"] is None and result["run"]["status"] == "complete"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(m.Post)
                              .where(m.Post.run_id == run_id)) == 0
        fact = session.scalar(select(m.Fact).where(m.Fact.run_id == run_id,
                                                   m.Fact.kind == "account"))
        assert fact.key == "source" and fact.data["state"] == state


def test_the_account_row_is_kept_across_runs_and_linked_to_its_site_and_patrol(db, source):
    with db.session() as session:
        site = m.Site(url="http://www.yunxi.gov.cn/", name="云溪区人民政府",
                      created_at=datetime(2026, 11, 1), options={})
        patrol = m.Patrol(as_of=AS_OF, started_at=datetime(2026, 11, 20), status="running")
        session.add_all([site, patrol])
        session.flush()
        site_id, patrol_id = site.id, patrol.id
    account = {"platform": "rss", "feed": source.url("/app-fresh.xml"), "name": "云溪新闻",
               "label": "移动客户端"}
    first = inspect(db, source, account, site_id=site_id, patrol_id=patrol_id)
    second = inspect(db, source, account)
    with db.session() as session:
        rows = session.scalars(select(m.Account).where(
            m.Account.key == source.url("/app-fresh.xml"))).all()
        assert len(rows) == 1
        assert (rows[0].name, rows[0].site_id, rows[0].options) == (
            "云溪新闻", site_id, {"label": "移动客户端"})
        runs = [session.get(m.Run, first), session.get(m.Run, second)]
        assert {r.account_id for r in runs} == {rows[0].id}
        assert runs[0].patrol_id == patrol_id and runs[0].site_id is None
        obs = load_account_observations(session, second)
        assert obs.account["label"] == "移动客户端"
        assert all(p.published.utcoffset().total_seconds() == 8 * 3600 for p in obs.posts)


def test_the_rulebook_given_is_the_one_applied(db, source):
    rules = load_rulebook()
    rules["newmedia"]["weekly_min"] = 4
    result = report(db, inspect(db, source, {"platform": "rss", "feed": source.url(
        "/app-fresh.xml"), "name": "云溪客户端"}, rulebook=rules))
    [finding] = result["findings"]
    assert "要求每周不少于4条" in finding["message"]


def test_a_broken_inspection_marks_the_run_failed_and_raises(db, source):
    def exploding_fetch(url, *, headers=None):
        raise RuntimeError("adapter bug")

    with pytest.raises(RuntimeError):
        inspect_account(db, {"platform": "rss", "feed": source.url("/app-thin.xml")}, {}, AS_OF,
                        as_of_moment=MOMENT, fetch=exploding_fetch)
    with db.session() as session:
        run = session.scalars(select(m.Run).order_by(m.Run.id.desc())).first()
        assert run.status == "failed" and "adapter bug" in run.error


def test_a_network_failure_is_a_source_state_not_a_broken_run(db, source):
    def offline(url, *, headers=None):
        raise FetchError("timeout: 15秒内无响应")

    run_id = inspect_account(db, {"platform": "rss", "feed": "http://app.yunxi.gov.cn/rss.xml",
                                  "name": "离线"}, {}, AS_OF, as_of_moment=MOMENT, fetch=offline)
    result = report(db, run_id)
    assert result["run"]["status"] == "complete" and result["state"] == "failed"
    assert "15秒" in result["error"]


@pytest.mark.parametrize("account", [
    {"platform": "douyin", "id": "x"},
    {"platform": "weibo", "name": "无UID"},
    {"platform": "rss", "name": "无地址"},
    {"platform": "wechat", "name": "无地址"},
])
def test_registry_entries_that_cannot_be_read_are_refused_before_any_run(db, account):
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(m.Run))
    with pytest.raises(ValueError):
        inspect_account(db, account, {}, date(2026, 11, 20), as_of_moment=MOMENT)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(m.Run)) == before


def test_describe_account_uses_the_configured_endpoints():
    described = describe_account({"platform": "Weibo", "id": "123", "name": "云溪发布"},
                                 {"weibo": {"api_base": "http://127.0.0.1:9/"}})
    assert described == {"platform": "weibo", "key": "123", "name": "云溪发布",
                         "url": "http://127.0.0.1:9/u/123", "options": {}}
    assert describe_account({"platform": "weibo", "id": "123"}, {})["url"] == \
        "https://m.weibo.cn/u/123"
