from datetime import datetime, timezone

import pytest

from checks.chinatime import CHINA
from crawlers.newmedia import feeds
from crawlers.newmedia.base import UrllibFetch
from tests.support.newmedia_servers import (
    MOMENT,
    Entry,
    Reply,
    SourceServer,
    atom,
    days_ago,
    json_feed,
    rss,
)

HOME = "http://app.yunxi.gov.cn/"


def entries(*ages: int | None, prefix: str = "新闻") -> list[Entry]:
    return [Entry(f"{prefix}{i}", f"{HOME}news/{prefix}{i}.html",
                  None if age is None else days_ago(age)) for i, age in enumerate(ages)]


@pytest.fixture(scope="module")
def server():
    with SourceServer() as source:
        source.add("/rss.xml", Reply(rss("云溪客户端", HOME, entries(0, 2, 5)),
                                     content_type="application/rss+xml"))
        source.add("/gbk.xml", Reply(rss("云溪客户端", HOME, entries(1), encoding="gbk"),
                                     content_type="text/xml"))
        source.add("/atom.xml", Reply(atom("云溪头条号", HOME, entries(3, 4, prefix="a"),
                                           next_url=source.url("/atom-2.xml")),
                                      content_type="application/atom+xml"))
        source.add("/atom-2.xml", atom("云溪头条号", HOME, entries(8, 9, prefix="b"),
                                       next_url=source.url("/atom-3.xml")))
        source.add("/atom-3.xml", atom("云溪头条号", HOME, entries(20, prefix="c")))
        source.add("/loop.xml", atom("循环", HOME, entries(1), next_url=source.url("/loop.xml")))
        source.add("/broken-next.xml", atom("云溪", HOME, entries(1),
                                            next_url=source.url("/missing.xml")))
        source.add("/feed.json", Reply(json_feed("云溪抖音号", HOME, entries(0, 30, None)),
                                       content_type="application/feed+json"))
        source.add("/garbage", Reply(b"\x89PNG\r\n\x1a\n\x00\x00 binary", content_type="text/xml"))
        source.add("/page.html", "<!DOCTYPE html><html><head><title>云溪</title></head>"
                                 "<body><p>欢迎访问</p></body></html>")
        source.add("/plain.json", Reply('{"code": 0, "data": []}', content_type="application/json"))
        source.add("/gone.xml", Reply("not here", status=404))
        yield source


def read(server: SourceServer, path: str, max_pages: int = 3):
    return feeds.read_posts({"platform": "rss", "feed": server.url(path), "name": "云溪客户端"},
                            {}, as_of_moment=MOMENT, fetch=UrllibFetch(timeout=5),
                            max_pages=max_pages)


def test_rss_items_become_posts_in_china_time(server):
    result = read(server, "/rss.xml")
    assert result.state == "ok"
    assert [p.title for p in result.posts] == ["新闻0", "新闻1", "新闻2"]
    assert [p.published for p in result.posts] == [days_ago(0), days_ago(2), days_ago(5)]
    assert all(p.published.utcoffset().total_seconds() == 8 * 3600 for p in result.posts)
    assert result.posts[0].url == f"{HOME}news/%E6%96%B0%E9%97%BB0.html"
    assert result.profile["title"] == "云溪客户端" and result.profile["format"] == "rss"


def test_an_rss_feed_in_gbk_is_read(server):
    [post] = read(server, "/gbk.xml").posts
    assert post.title == "新闻0" and post.published == days_ago(1)


def test_atom_pages_are_followed_up_to_max_pages(server):
    result = read(server, "/atom.xml")
    assert [p.title for p in result.posts] == ["a0", "a1", "b0", "b1", "c0"]
    assert result.profile["pages_read"] == 3 and result.profile["format"] == "atom"
    assert len(read(server, "/atom.xml", max_pages=2).posts) == 4


def test_a_next_link_to_itself_is_read_once(server):
    result = read(server, "/loop.xml")
    assert result.profile["pages_read"] == 1 and len(result.posts) == 1


def test_a_next_page_that_fails_keeps_the_first(server):
    result = read(server, "/broken-next.xml")
    assert result.state == "ok" and len(result.posts) == 1
    assert "HTTP 404" in result.profile["paging_error"]


def test_json_feed_and_undated_items(server):
    result = read(server, "/feed.json")
    assert result.state == "ok"
    assert [p.published for p in result.posts] == [days_ago(0), days_ago(30)]
    assert result.profile["undated"] == 1 and result.profile["entries"] == 3


@pytest.mark.parametrize("path", ["/garbage", "/page.html", "/plain.json"])
def test_anything_that_is_not_a_feed_is_a_format_failure(server, path):
    result = read(server, path)
    assert (result.state, result.posts) == ("format", [])
    assert server.url(path) in result.error


def test_http_error_is_failed(server):
    result = read(server, "/gone.xml")
    assert (result.state, result.posts) == ("failed", [])
    assert "HTTP 404" in result.error


def test_parse_rss_1_0():
    doc = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="http://a/"><title>RDF</title><link>http://a/</link></channel>
      <item rdf:about="http://a/1"><title>one</title><link>http://a/1</link>
        <dc:date>2026-11-19T08:00:00+08:00</dc:date></item>
    </rdf:RDF>"""
    parsed = feeds.parse_feed(doc, "http://a/feed", MOMENT)
    assert parsed.kind == "rdf" and parsed.title == "RDF"
    [entry] = parsed.entries
    assert (entry.entry_id, entry.published) == ("http://a/1", datetime(2026, 11, 19, 8,
                                                                         tzinfo=CHINA))


def test_parse_rss_with_relative_links_dc_dates_and_untitled_items():
    doc = """<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <title>客户端</title><link>/</link>
      <item><link>/a/1.html</link><dc:date>2026-11-18</dc:date>
        <description>&lt;p&gt;没有标题的&lt;b&gt;快讯&lt;/b&gt;&lt;/p&gt;</description></item>
      <item><title>无链接</title><guid isPermaLink="false">id-7</guid>
        <pubDate>Wed, 18 Nov 2026 01:00:00 GMT</pubDate></item>
    </channel></rss>"""
    parsed = feeds.parse_feed(doc, "http://app.example.gov.cn/rss.xml", MOMENT)
    first, second = parsed.entries
    assert first.link == "http://app.example.gov.cn/a/1.html"
    assert first.title == "没有标题的快讯"
    assert first.published == datetime(2026, 11, 18, tzinfo=CHINA)
    assert (second.entry_id, second.link) == ("id-7", None)
    assert second.published == datetime(2026, 11, 18, 1, tzinfo=timezone.utc)


def test_external_entities_are_not_resolved():
    doc = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss version="2.0"><channel><title>&x;</title></channel></rss>"""
    parsed = feeds.parse_feed(doc, "http://a/", MOMENT)
    assert "root:" not in (parsed.title or "")


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body>hi</body></html>",
                                  b'{"version": "1", "items": []}', b"<rss><channel>"])
def test_parse_refuses_non_feeds(body):
    with pytest.raises(feeds.NotAFeed):
        feeds.parse_feed(body, "http://a/", MOMENT)
