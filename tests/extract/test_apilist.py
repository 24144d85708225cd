"""JSON list APIs of many shapes: records, dates, and the API's own paging fields."""
from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawlers.extract.apilist import (
    api_messages, api_page_url, api_page_urls, looks_like_letters, parse_api_reply,
)
from crawlers.extract.scripted import find_list_api

AS_OF = date(2026, 11, 20)
BASE = "http://www.yx.gov.cn/zwgk/zcwj/index.html"


def query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


def test_records_and_page_fields_named_the_usual_way():
    reply = json.dumps({"code": 0, "data": {"list": [
        {"title": "云溪县2026年减税降费实施方案", "url": "/zwgk/zcwj/202611/t20261118_1.html",
         "publishTime": "2026-11-18 09:30:00"},
        {"title": "关于印发冬季防火工作方案的通知", "url": "202610/t20261002_2.html",
         "publishTime": "2026-10-02"}],
        "total": 23, "pageSize": 10, "pageNo": 1}}, ensure_ascii=False)
    page = parse_api_reply(reply, BASE, AS_OF)
    assert [e.title for e in page.entries] == ["云溪县2026年减税降费实施方案", "关于印发冬季防火工作方案的通知"]
    assert page.entries[0].url == "http://www.yx.gov.cn/zwgk/zcwj/202611/t20261118_1.html"
    assert page.entries[1].url == "http://www.yx.gov.cn/zwgk/zcwj/202610/t20261002_2.html"
    assert [e.date for e in page.entries] == [date(2026, 11, 18), date(2026, 10, 2)]
    assert (page.total, page.page_size, page.page_count) == (23, 10, 3)
    urls = api_page_urls("http://www.yx.gov.cn/api/zcwj?pageNo=1&pageSize=10", page)
    assert [query(u)["pageNo"] for u in urls] == ["2", "3"]
    assert all(query(u)["pageSize"] == "10" for u in urls)


def test_unix_times_rows_and_a_page_count():
    records = [{"name": f"第{i}号公告的标题", "link": f"/gg/{i}.html", "ctime": 1_763_500_000 - i * 86_400}
               for i in range(3)]
    page = parse_api_reply(json.dumps({"rows": records, "pages": 4}), BASE, AS_OF)
    assert page.page_count == 4
    assert page.entries[0].date == date(2025, 11, 19)
    # The address has no page key: the reply's name for it is unknown, so "page" is added.
    urls = api_page_urls("http://www.yx.gov.cn/api/gg?cat=7", page)
    assert [query(u) for u in urls] == [{"cat": "7", "page": str(n)} for n in (2, 3, 4)]


def test_milliseconds_and_a_current_page_key_from_the_reply():
    body = {"result": {"records": [{"docTitle": "通知一号标题", "docUrl": "/a/1.html",
                                    "pubDate": 1_763_510_400_000}],
                       "current": 1, "totalCount": 2, "size": 1}}
    page = parse_api_reply(json.dumps(body), BASE, AS_OF)
    assert page.entries[0].date == date(2025, 11, 19)
    assert [query(u) for u in api_page_urls("http://www.yx.gov.cn/api/list", page)] == [{"current": "2"}]


def test_offset_paging_and_gkmlpt_shape():
    body = {"articles": [{"title": f"财政信息{i}", "url": f"/gkmlpt/content/2/2476/post_{i}.html",
                          "display_publish_time": 1_763_400_000} for i in range(10)],
            "total": 25, "limit": 10}
    page = parse_api_reply(json.dumps(body), BASE, AS_OF)
    assert page.page_count == 3
    urls = api_page_urls("http://www.yx.gov.cn/api/list?start=0&limit=10", page)
    assert [query(u)["start"] for u in urls] == ["10", "20"]
    assert [query(u)["page"] for u in api_page_urls(
        "http://www.yx.gov.cn/gkmlpt/api/all/2476?page=1&sid=755001", page)] == ["2", "3"]


def test_jsonp_and_chinese_keys():
    body = "jQuery1124({\"数据\": [{\"标题\": \"云溪县第一号通知\", \"链接\": \"/t/1.html\", \"发布日期\": \"2026年11月3日\"}]})"
    page = parse_api_reply(body, BASE, AS_OF)
    assert page.entries[0].title == "云溪县第一号通知"
    assert page.entries[0].date == date(2026, 11, 3)


@pytest.mark.parametrize("body", ["<html>404</html>", "", "{\"msg\": \"error\"}", "[1, 2, 3]"])
def test_replies_that_are_not_lists(body):
    assert parse_api_reply(body, BASE, AS_OF) is None


def test_an_empty_list_reply_is_an_empty_page():
    page = parse_api_reply(json.dumps({"data": [], "total": 0}), BASE, AS_OF)
    assert page is not None and page.entries == [] and page.page_count is None


def test_letters_without_pages_of_their_own():
    records = [{"letterNo": "YX20261001", "title": "路灯不亮", "submitTime": "2026-10-08",
                "status": "已办结", "replyTime": "2026-11-10", "replyUnit": "县住建局"},
               {"letterNo": "YX20261002", "title": "噪音扰民", "submitTime": "2026-10-09",
                "status": "办理中", "replyTime": None}]
    assert looks_like_letters(records)
    rows = api_messages(records, BASE, AS_OF)
    assert [r.number for r in rows] == ["YX20261001", "YX20261002"]
    assert rows[0].sent == date(2026, 10, 8) and rows[0].replied == date(2026, 11, 10)
    assert rows[0].reply_unit == "县住建局" and rows[1].replied is None and rows[1].url is None
    assert not looks_like_letters([{"title": "通知", "publishTime": "2026-10-01"}])


@pytest.mark.parametrize("html,attribute", [
    ("<div id='list' data-api='/api/zcwj/list?pageNo=1&pageSize=10'></div>", "data-api"),
    ("<ul class='news' data-url='https://www.yx.gov.cn/api/news.json'></ul>", "data-url"),
    ("<section><div data-source='../api/gg.do'></div></section>", "data-source"),
])
def test_data_addresses_written_in_the_markup(html, attribute):
    found = find_list_api(f"<html><body>{html}<script src='/js/list.js'></script></body></html>", BASE)
    assert found is not None and found.attribute == attribute
    assert found.url.startswith("http") and "api" in found.url


def test_a_filled_container_or_a_plain_word_is_not_a_data_address():
    filled = "<ul data-api='/api/x'><li><a href='/a.html'>一条</a></li></ul>"
    assert find_list_api(f"<html><body>{filled}</body></html>", BASE) is None
    assert find_list_api("<html><body><div data-url='hello'></div></body></html>", BASE) is None


def test_known_cms_api_written_in_the_pages_script():
    html = """<html><body><div id="app"><ul class="list" id="gkmlList"></ul></div><script>
      var page = parseInt(new URLSearchParams(location.search).get('page') || '1', 10);
      fetch('/gkmlpt/api/all/2476?page=' + page + '&sid=755001').then(function (r) { return r.json(); });
    </script></body></html>"""
    found = find_list_api(html, "http://www.yx.gov.cn/gkmlpt/index")
    assert found is not None and found.attribute == "script"
    assert found.url == "http://www.yx.gov.cn/gkmlpt/api/all/2476?page=1&sid=755001"
    assert find_list_api("<html><body><script>fetch('/api/other?page=' + p)</script></body></html>",
                         "http://www.yx.gov.cn/") is None


def test_letters_dated_only_by_a_generic_date_field_are_dated_by_it_not_by_the_reply():
    records = [{"title": "咨询公积金提取", "date": "2026-10-09", "replyDate": "2026-11-12", "state": "已回复"}]
    [row] = api_messages(records, BASE, AS_OF)
    assert (row.sent, row.replied, row.status) == (date(2026, 10, 9), date(2026, 11, 12), "已回复")


@pytest.mark.parametrize("html", [
    "<a class='share' data-url='/xwzx/202611/t20261118_1.html'>分享</a>",  # a link's own address
    "<img data-src-api='x' data-url='/images/banner.jpg'>",
    "<div class='qr' data-url='/about/index.html'></div>",  # a page, not a data call
    "<div data-api='mailto:xx@yx.gov.cn'></div>",
])
def test_attributes_that_are_not_list_data_addresses(html):
    assert find_list_api(f"<html><body>{html}</body></html>", BASE) is None


def test_a_reply_that_only_says_another_page_follows():
    body = {"pageNum": 1, "list": [{"title": "第一条信息标题", "url": "/a/1.html", "time": "2026-11-19"}],
            "hasNextPage": True}
    page = parse_api_reply(json.dumps(body), BASE, AS_OF)
    assert page.page_count is None and page.has_next is True
    assert api_page_urls("http://www.yx.gov.cn/api/x", page) == []
    assert query(api_page_url("http://www.yx.gov.cn/api/x", page, 2)) == {"pageNum": "2"}
    last = parse_api_reply(json.dumps({**body, "hasNextPage": False}), BASE, AS_OF)
    assert last.has_next is False
    assert parse_api_reply(json.dumps({**body, "isLastPage": True, "hasNextPage": None}), BASE, AS_OF).has_next is False


def test_page_keys_written_with_underscores_are_kept():
    page = parse_api_reply(json.dumps({"rows": [{"title": "一条信息的标题"}], "total": 30, "page_size": 10}), BASE, AS_OF)
    assert [query(u)["page_no"] for u in api_page_urls("http://www.yx.gov.cn/api/x?page_no=1", page)] == ["2", "3"]
