import socket
from datetime import datetime

import pytest

from checks.chinatime import CHINA
from crawlers.newmedia import weibo
from crawlers.newmedia.base import UrllibFetch
from tests.support.newmedia_servers import MOMENT, SourceServer, WeiboApi, mblog, user

UID = "1234567890"
OWNER = user(UID, "云溪发布")
# 1 pinned post from last year, then 25 posts newest first: 3 pages of 10.
RELATIVE = ["刚刚", "5分钟前", "3小时前", "昨天 18:20", "11-18 09:00", "11-17", "11-16"]
TIMELINE = (
    [mblog("900", "2025-03-01", "置顶：云溪区政务服务指南", OWNER, pinned=True, comments=88)]
    + [mblog(str(800 - i), created, f"云溪动态{i}", OWNER) for i, created in enumerate(RELATIVE)]
    + [mblog(str(700 - i), f"10-{28 - i:02d}", f"十月动态{i}", OWNER) for i in range(18)]
)


def fetch() -> UrllibFetch:
    return UrllibFetch(timeout=5)


@pytest.fixture(scope="module")
def api():
    server = SourceServer(routes={"/api/container/getIndex": WeiboApi(
        timelines={f"107603{UID}": TIMELINE,
                   "2304132222222222": [mblog("601", "昨天 08:00", "只在旧标签页", user(
                       "2222222222", "云溪公安", verified_type=1))],
                   "1076035555555555": TIMELINE[:12]},
        modes={"1076033333333333": "visitor", "1076034444444444": "login",
               "1076036666666666": "refuse", "2304136666666666": "refuse",
               "1076037777777777": "garbage"},
        failing_pages={"1076035555555555": 2, "1076038888888888": 1})})
    with server:
        yield server


def conf(server: SourceServer) -> dict:
    return {"api_base": server.base}


def read(server, uid: str, max_pages: int = 3):
    return weibo.read_posts({"platform": "weibo", "id": uid, "name": "x"}, conf(server),
                            as_of_moment=MOMENT, fetch=fetch(), max_pages=max_pages)


def test_reads_every_page_marks_the_pinned_post_and_dates_relative_times(api):
    result = read(api, UID)
    assert result.state == "ok" and result.error is None
    assert len(result.posts) == 26
    pinned = [p for p in result.posts if p.pinned]
    assert [p.post_id for p in pinned] == ["900"]
    assert pinned[0].published == datetime(2025, 3, 1, tzinfo=CHINA)
    assert pinned[0].comments == 88
    by_id = {p.post_id: p for p in result.posts}
    assert by_id["800"].published == MOMENT
    assert by_id["799"].published == datetime(2026, 11, 20, 9, 55, tzinfo=CHINA)
    assert by_id["798"].published == datetime(2026, 11, 20, 7, 0, tzinfo=CHINA)
    assert by_id["797"].published == datetime(2026, 11, 19, 18, 20, tzinfo=CHINA)
    assert by_id["796"].published == datetime(2026, 11, 18, 9, 0, tzinfo=CHINA)
    assert by_id["683"].published == datetime(2026, 10, 11, tzinfo=CHINA)
    assert by_id["800"].title == "@云溪发布 云溪动态0"  # markup removed
    assert by_id["800"].url == f"{api.base}/detail/800"
    assert result.profile["pages_read"] == 3
    assert result.profile["containerid"] == f"107603{UID}"


def test_profile_says_the_account_is_verified_as_government(api):
    profile = read(api, UID, max_pages=1).profile
    assert profile["screen_name"] == "云溪发布"
    assert profile["verified_type"] == 1 and profile["government"] is True
    assert profile["total"] == 26


def test_paging_stops_at_max_pages(api):
    result = read(api, UID, max_pages=2)
    assert len(result.posts) == 20
    pages = [path for path, _ in api.requests if f"107603{UID}" in path]
    assert any("page=2" in p for p in pages)


def test_the_api_is_asked_like_the_mobile_site_asks_it(api):
    read(api, UID, max_pages=1)
    path, headers = [r for r in api.requests if f"containerid=107603{UID}" in r[0]][-1]
    assert path == f"/api/container/getIndex?containerid=107603{UID}&page=1"
    assert headers["X-Requested-With"] == "XMLHttpRequest"
    assert headers["Referer"] == f"{api.base}/u/{UID}"
    assert headers["User-Agent"].startswith("govpatrol/")


def test_falls_back_to_the_230413_container(api):
    result = read(api, "2222222222")
    assert result.state == "ok"
    assert [p.post_id for p in result.posts] == ["601"]
    assert result.profile["containerid"] == "2304132222222222"
    assert result.profile["screen_name"] == "云溪公安"


@pytest.mark.parametrize("uid", ["3333333333", "4444444444"])
def test_login_or_visitor_wall_yields_no_posts(api, uid):
    result = read(api, uid)
    assert result.state == "login_wall"
    assert result.posts == []
    assert result.error


def test_refused_on_both_containers_is_failed(api):
    result = read(api, "6666666666")
    assert (result.state, result.posts) == ("failed", [])
    assert "ok=0" in result.error and "这里还没有内容" in result.error


def test_an_answer_that_is_not_json_is_a_format_failure(api):
    result = read(api, "7777777777")
    assert (result.state, result.posts) == ("format", [])


def test_http_error_on_the_first_page_is_failed(api):
    result = read(api, "8888888888")
    assert (result.state, result.posts) == ("failed", [])
    assert "HTTP 500" in result.error


def test_a_later_page_that_fails_keeps_the_first_page(api):
    result = read(api, "5555555555")
    assert result.state == "ok"
    assert len(result.posts) == 10
    assert "HTTP 500" in result.profile["paging_error"]


def test_an_unreachable_api_is_failed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the socket closes
    result = weibo.read_posts({"id": UID}, {"api_base": f"http://127.0.0.1:{port}"},
                              as_of_moment=MOMENT, fetch=fetch())
    assert (result.state, result.posts) == ("failed", [])
    assert "Connection" in result.error or "refused" in result.error.lower()


def test_account_url_and_bad_uid():
    assert weibo.account_url({"id": UID}, {}) == f"https://m.weibo.cn/u/{UID}"
    assert weibo.account_url({"id": UID}, {"profile_url": "https://weibo.com/u/{id}"}) == \
        f"https://weibo.com/u/{UID}"
    with pytest.raises(ValueError):
        weibo.account_url({"id": "云溪发布"}, {})


def test_card_groups_and_pinned_markers_are_read_from_the_data():
    data = {"cardlistInfo": {"page": None, "total": 3}, "cards": [
        {"card_type": 11, "card_group": [
            {"card_type": 9, "mblog": {"id": "1", "created_at": "今天 08:00", "text": "a",
                                       "isTop": 1}},
            {"card_type": 58, "desc": "not a post"}]},
        {"card_type": 9, "mblog": {"id": "2", "created_at": "Sat Jan 06 12:00:00 +0800 2024",
                                   "text": "", "retweeted_status": {"id": "9"},
                                   "title": {"text": "置顶"}}},
        {"card_type": 9, "mblog": {"id": "3", "created_at": "某时", "text": "c"}},
    ]}
    page = weibo.parse_container_data(data, MOMENT)
    assert [(p.post_id, p.pinned) for p in page.posts] == [("1", True), ("2", True)]
    assert page.posts[1].title == "转发微博"
    assert page.undated == 1 and page.has_more is False and page.total == 3
