from datetime import datetime

import pytest

from checks.chinatime import CHINA
from crawlers.newmedia import wechat
from crawlers.newmedia.base import UrllibFetch
from tests.support.newmedia_servers import (
    MOMENT,
    Entry,
    Reply,
    SourceServer,
    days_ago,
    rss,
    wechat_article,
)
from tests.support.realpages import real_page

REAL_PAGE = real_page("wechat-article.html")


def test_the_real_article_page_yields_its_account_and_publish_time():
    info = wechat.parse_article(REAL_PAGE.read_text(encoding="utf-8"),
                                "https://mp.weixin.qq.com/s?__biz=MzA&mid=2650934104&idx=1&sn=a")
    assert info.account_name == "爱否科技"
    assert info.published == datetime(2020, 2, 12, 22, 17, 54, tzinfo=CHINA)
    assert info.published_source == "ct"
    assert info.title == "三星 Galaxy S20 系列手机正式发布"
    assert info.user_name == "gh_3fb3f07c5c4a"


def test_create_time_when_there_is_no_ct():
    page = wechat_article("通知", "云溪发布", None, create_time="2026-11-19 18:30")
    info = wechat.parse_article(page, "https://mp.weixin.qq.com/s/abc", as_of_moment=MOMENT)
    assert info.published == datetime(2026, 11, 19, 18, 30, tzinfo=CHINA)
    assert info.published_source == "createTime"


def test_account_name_from_js_name_when_no_script_variable():
    page = ('<html><body><a id="js_name"> 云溪发布 </a><em id="publish_time">昨天</em>'
            "</body></html>")
    info = wechat.parse_article(page, "https://mp.weixin.qq.com/s/x")
    assert (info.account_name, info.published) == ("云溪发布", None)


def test_escaped_script_strings_are_decoded():
    page = ('<script>var nickname = htmlDecode("云溪\\x26amp;发布");'
            'var msg_title = "A \\"quoted\\" title";var ct = "1700000000";</script>')
    info = wechat.parse_article(page, None)
    assert info.account_name == "云溪&发布"
    assert info.title == 'A "quoted" title'


def test_article_post_ids_ignore_share_parameters():
    assert wechat.article_post_id(
        "https://mp.weixin.qq.com/s?__biz=MzA&mid=26&idx=2&sn=ab&chksm=x&scene=27") == "MzA:26:2"
    assert wechat.article_post_id("https://mp.weixin.qq.com/s/AbC") == \
        "https://mp.weixin.qq.com/s/AbC"


@pytest.fixture(scope="module")
def server():
    with SourceServer() as source:
        a1 = source.add("/s?__biz=YX&mid=1&idx=1&sn=a", wechat_article(
            "云溪区召开会议", "云溪发布", days_ago(1, 20, 15)))
        a2 = source.add("/s?__biz=YX&mid=2&idx=1&sn=b", wechat_article(
            "云溪区发布通告", "云溪发布", days_ago(9)))
        a3 = source.add("/s?__biz=YX&mid=3&idx=1&sn=c", wechat_article(
            "无日期", "云溪发布", None))
        source.add("/real", REAL_PAGE.read_bytes())
        # A bridge feed that gives links only: the dates come from the article pages.
        source.add("/bridge.xml", Reply(rss("云溪发布", source.base + "/", [
            Entry("云溪区召开会议", a1, None), Entry("云溪区发布通告", a2, None),
            Entry("无日期", a3, None), Entry("失效文章", source.url("/s?__biz=YX&mid=4"), None),
        ]), content_type="application/rss+xml"))
        # A bridge feed with dates: no article page needs reading.
        source.add("/dated.xml", rss("云溪发布", source.base + "/", [
            Entry("已有日期", source.url("/s?__biz=YX&mid=9&idx=1"), days_ago(2))]))
        source.add("/broken.xml", "<html><body>bridge error</body></html>")
        yield source


def read(server, **account):
    return wechat.read_posts({"platform": "wechat", "name": "云溪发布", **account}, {},
                             as_of_moment=MOMENT, fetch=UrllibFetch(timeout=5))


def test_undated_feed_entries_are_dated_from_their_article_pages(server):
    result = read(server, feed=server.url("/bridge.xml"))
    assert result.state == "ok"
    assert [(p.title, p.published) for p in result.posts] == [
        ("云溪区召开会议", days_ago(1, 20, 15)), ("云溪区发布通告", days_ago(9))]
    assert result.profile["nickname"] == "云溪发布"
    assert result.profile["articles_read"] == 3
    errors = " ".join(result.profile["article_errors"])
    assert "HTTP 404" in errors and "未找到发布时间" in errors


def test_dated_feed_entries_need_no_article_page(server):
    before = len(server.requests)
    result = read(server, feed=server.url("/dated.xml"))
    assert [p.published for p in result.posts] == [days_ago(2)]
    assert len(server.requests) == before + 1


def test_listed_article_pages_are_read_directly(server):
    result = read(server, articles=[server.url("/real"),
                                    server.url("/s?__biz=YX&mid=1&idx=1&sn=a")])
    assert result.state == "ok"
    assert sorted(p.published for p in result.posts) == [
        datetime(2020, 2, 12, 22, 17, 54, tzinfo=CHINA), days_ago(1, 20, 15)]
    assert result.profile["nickname"] == "爱否科技"


def test_the_article_limit_is_configurable(server):
    result = wechat.read_posts({"feed": server.url("/bridge.xml")}, {"article_limit": 1},
                               as_of_moment=MOMENT, fetch=UrllibFetch(timeout=5))
    assert len(result.posts) == 1 and result.profile["articles_skipped"] == 3


def test_a_broken_bridge_is_a_format_failure(server):
    result = read(server, feed=server.url("/broken.xml"))
    assert (result.state, result.posts) == ("format", [])


def test_listed_articles_that_cannot_be_read_are_failed(server):
    result = read(server, articles=[server.url("/s?__biz=YX&mid=404")])
    assert (result.state, result.posts) == ("failed", [])


def test_an_account_with_nothing_to_read_is_refused():
    with pytest.raises(ValueError):
        wechat.account_url({"name": "云溪发布"}, {})
