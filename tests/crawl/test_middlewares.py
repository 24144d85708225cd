"""The crawl's downloader middlewares (Scrapy's redirect and retry, subclassed), driven with
Scrapy's own test crawler and hand-built requests and responses, and the link check the
spider records from what they leave: redirect chains, loops and invalid targets, the
HEAD-then-GET fallback, and the confirmation try after a back-off."""
from __future__ import annotations

import asyncio
from datetime import date

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from crawlers import items as it
from crawlers import settings as crawl_settings
from crawlers.middlewares import (
    AGAIN_PRIORITY, BackoffMiddleware, ChainRedirectMiddleware, ConfirmMiddleware,
)
from crawlers.spiders.site import SiteSpider

HOME = "http://www.example.gov.cn/"
DELAY = 0.25


def settings(**changes) -> dict:
    values = {name: getattr(crawl_settings, name) for name in dir(crawl_settings)
              if name.isupper()}
    return {**values, "GOVPATROL_CONFIRM_DELAY": DELAY, **changes}


class Crawl:
    """A spider and the middlewares as Scrapy would build them, and a tiny downloader: every
    request is answered from ``answers``: url -> {method or "*": answer}, or url -> a list of
    answers given in turn. An answer is (status, headers, body) or an exception."""

    def __init__(self, answers: dict, **changes):
        crawler = get_crawler(SiteSpider, settings(**changes))
        crawler.spider = crawler._create_spider(homepage=HOME, as_of=date(2026, 11, 20))
        self.spider = crawler.spider
        self.redirect = ChainRedirectMiddleware.from_crawler(crawler)
        self.confirm = ConfirmMiddleware.from_crawler(crawler)
        self.answers = answers
        self.sent: list[Request] = []

    def answer(self, request: Request):
        planned = self.answers[request.url]
        if isinstance(planned, list):
            answer = planned.pop(0)
        else:
            answer = planned.get(request.method, planned.get("*"))
        if isinstance(answer, Exception):
            return answer
        status, headers, body = answer
        cls = HtmlResponse if b"html" in headers.get("Content-Type", "").encode() else Response
        # As from Scrapy's downloader: the engine ties the request to it later.
        return cls(request.url, status=status, headers=headers, body=body.encode())

    def fetch(self, request: Request):
        """Send ``request`` through the middlewares until Scrapy would hand the result to the
        spider: (response or failure exception, the last request)."""
        for _ in range(40):
            self.sent.append(request)
            answer = self.answer(request)
            if isinstance(answer, Exception):
                result = self.confirm.process_exception(request, answer)
                if result is None:
                    return answer, request
            else:
                result = self.redirect.process_response(request, answer)
                if isinstance(result, Response):
                    result = self.confirm.process_response(request, result)
                if isinstance(result, Response):
                    return result, request
            request = result
        raise AssertionError("the middlewares never settled")

    def record(self, request: Request) -> tuple[list, Request]:
        """What the spider yields for ``request`` once its fetch settles."""
        result, last = self.fetch(request)
        if isinstance(result, Exception):
            failure = type("F", (), {"request": last, "value": result})()
            return list(self.spider.on_error(failure)), last
        result.request = last
        return list(self.spider.on_response(result)), last

    def check(self, url: str) -> it.LinkCheckItem:
        self.spider.targets.add(url)
        output, _ = self.record(self.spider._check_request(url, True, HOME))
        [check] = [o for o in output if isinstance(o, it.LinkCheckItem)]
        return check


def html(body: str = "<html><body><p>正常页面</p></body></html>", status: int = 200):
    return status, {"Content-Type": "text/html; charset=utf-8"}, body


def redirect(to: str, status: int = 302):
    return status, {"Location": to}, ""


def fields(check: it.LinkCheckItem) -> tuple:
    return (check.outcome, check.reason, check.status, check.error, check.method,
            check.final_url, check.redirects, check.attempts)


# ---- redirects ---------------------------------------------------------------------------------

def test_a_chain_is_followed_and_counted():
    crawl = Crawl({HOME + "old": {"*": redirect("/mid", 301)},
                   HOME + "mid": {"*": redirect(HOME + "new")},
                   HOME + "new": {"*": html()}})
    assert fields(crawl.check(HOME + "old")) == (
        "ok", None, 200, None, "GET", HOME + "new", 2, 1)
    # HEAD followed the chain and saw HTML; GET starts again from the first address.
    assert [(r.method, r.url) for r in crawl.sent] == [
        ("HEAD", HOME + "old"), ("HEAD", HOME + "mid"), ("HEAD", HOME + "new"),
        ("GET", HOME + "old"), ("GET", HOME + "mid"), ("GET", HOME + "new")]
    # Scrapy's own bookkeeping, and queued behind the crawl's first requests.
    assert crawl.sent[2].meta["redirect_urls"] == [HOME + "old", HOME + "mid"]
    assert all(r.priority < AGAIN_PRIORITY for r in crawl.sent[1:])


def test_a_chain_over_the_limit_is_a_confirmed_failure():
    hops = {HOME + f"go/{n}": {"*": redirect(HOME + f"go/{n + 1}")} for n in range(12)}
    crawl = Crawl(hops, GOVPATROL_MAX_REDIRECTS=8)
    assert fields(crawl.check(HOME + "go/0")) == (
        "broken", "redirects", 302, "重定向超过8次", "GET", None, 8, 2)
    confirmation = [r for r in crawl.sent if r.url == HOME + "go/0"]
    assert [(r.method, r.meta.get("retry_times", 0), r.meta.get("backoff")) for r in confirmation] \
        == [("HEAD", 0, None), ("GET", 1, DELAY)]
    assert len(crawl.sent) == 2 * 9


def test_a_loop_is_recorded_as_a_loop():
    crawl = Crawl({HOME + "a": {"*": redirect(HOME + "b")}, HOME + "b": {"*": redirect("/a")}})
    assert fields(crawl.check(HOME + "a")) == (
        "broken", "loop", 302, "重定向循环(2次)", "GET", None, 1, 2)
    assert len(crawl.sent) == 4  # HEAD a, b; then the confirmation: GET a, b


def test_an_invalid_location_is_a_failed_redirect():
    crawl = Crawl({HOME + "x": {"*": redirect("javascript:void(0)")}})
    assert fields(crawl.check(HOME + "x")) == (
        "broken", "redirects", 302, "重定向地址无效", "GET", None, 0, 2)


def test_a_redirect_without_a_target_is_an_http_failure():
    crawl = Crawl({HOME + "x": {"*": (302, {}, "")}})
    assert fields(crawl.check(HOME + "x")) == (
        "broken", "http", 302, "重定向缺少目标地址", "GET", HOME + "x", 0, 2)


def test_a_post_redirected_by_302_continues_as_get():
    crawl = Crawl({HOME + "proxy": {"POST": redirect(HOME + "list")},
                   HOME + "list": {"GET": html()}})
    request = crawl.spider._list_request(HOME + "proxy", HOME, 1, method="POST",
                                         formdata={"page": "2"}, purpose="proxy")
    response, last = crawl.fetch(request)
    assert (last.method, last.url, last.body, response.status) == ("GET", HOME + "list", b"", 200)


# ---- HEAD, then GET ----------------------------------------------------------------------------

def test_a_refused_head_that_works_as_get_is_ok():
    crawl = Crawl({HOME + "hall": {"HEAD": (405, {}, ""), "GET": html()}})
    assert fields(crawl.check(HOME + "hall")) == ("ok", None, 200, None, "GET", HOME + "hall", 0, 1)
    assert [r.method for r in crawl.sent] == ["HEAD", "GET"]
    assert "backoff" not in crawl.sent[1].meta  # not a confirmation: no waiting


def test_an_html_head_answer_is_read_again_with_get_for_its_body():
    soft = html("<html><body><p>对不起，您访问的页面不存在或已被删除！</p></body></html>")
    crawl = Crawl({HOME + "gone": {"HEAD": html(""), "GET": soft}})
    assert fields(crawl.check(HOME + "gone")) == (
        "broken", "soft404", 200, "页面提示内容不存在", "GET", HOME + "gone", 0, 2)
    assert [(r.method, r.meta.get("retry_times", 0)) for r in crawl.sent] == [
        ("HEAD", 0), ("GET", 0), ("GET", 1)]


def test_a_file_answered_to_head_needs_no_get():
    crawl = Crawl({HOME + "a.pdf": {"HEAD": (200, {"Content-Type": "application/pdf"}, "")}})
    assert fields(crawl.check(HOME + "a.pdf")) == ("ok", None, 200, None, "HEAD", HOME + "a.pdf", 0, 1)
    assert len(crawl.sent) == 1


# ---- the confirmation try ----------------------------------------------------------------------

def test_a_failure_that_passes_on_the_second_try_is_ok():
    crawl = Crawl({HOME + "data": [html(status=503), html()]})
    request = crawl.spider._page_request(HOME + "data", purpose="page", depth=1, level=1)
    crawl.spider.targets.add(HOME + "data")
    output, last = crawl.record(request)
    [check] = [o for o in output if isinstance(o, it.LinkCheckItem)]
    assert fields(check) == ("ok", None, 200, None, "GET", HOME + "data", 0, 2)
    assert last.meta["backoff"] == DELAY


def test_a_confirmed_http_failure_records_the_page_as_failed():
    crawl = Crawl({HOME + "gone": {"*": html(status=404)}})
    request = crawl.spider._page_request(HOME + "gone", purpose="page", depth=1, level=1)
    crawl.spider.targets.add(HOME + "gone")
    output, _ = crawl.record(request)
    [check] = [o for o in output if isinstance(o, it.LinkCheckItem)]
    [page] = [o for o in output if isinstance(o, it.PageItem)]
    assert fields(check) == ("broken", "http", 404, None, "GET", HOME + "gone", 0, 2)
    assert (page.status, page.error) == (404, "http:")


@pytest.mark.parametrize("status", [401, 403, 429])
def test_a_refusal_is_not_asked_twice(status):
    crawl = Crawl({HOME + "x": {"*": html(status=status)}})
    assert fields(crawl.check(HOME + "x")) == (
        "blocked", "blocked", status, None, "HEAD", HOME + "x", 0, 1)
    assert len(crawl.sent) == 1


def test_a_network_failure_of_head_is_confirmed_by_the_get():
    crawl = Crawl({"http://gone.example.cn/": {"*": DNSLookupError("gone.example.cn")}})
    check = crawl.check("http://gone.example.cn/")
    assert fields(check)[:2] == ("broken", "dns")
    assert fields(check)[4:] == ("GET", None, 0, 2)
    assert [(r.method, r.meta.get("retry_times", 0)) for r in crawl.sent] == [("HEAD", 0), ("GET", 1)]


def test_a_network_failure_of_a_page_is_confirmed_after_the_back_off():
    crawl = Crawl({HOME + "p.html": {"*": DNSLookupError("x")}})
    request = crawl.spider._page_request(HOME + "p.html", purpose="page", depth=1, level=1)
    crawl.spider.targets.add(HOME + "p.html")
    output, last = crawl.record(request)
    assert [(r.method, r.meta.get("retry_times", 0), r.meta.get("backoff")) for r in crawl.sent] \
        == [("GET", 0, None), ("GET", 1, DELAY)]
    [check] = [o for o in output if isinstance(o, it.LinkCheckItem)]
    assert (check.reason, check.attempts) == ("dns", 2)


def test_a_browser_failure_falls_back_to_the_page_as_served():
    crawl = Crawl({HOME + "col.html": {"*": TimeoutError("browser")}})
    request = crawl.spider._page_request(HOME + "col.html", purpose="page", depth=1, level=1)
    request.meta.update({"playwright": True, "rendered": True})
    output, _ = crawl.record(request)
    [again] = output
    assert isinstance(again, Request) and len(crawl.sent) == 1  # no confirmation by browser
    assert again.meta["playwright"] is False and again.meta["render_error"]
    assert crawl.spider.unchecked["browser"] == 1


def test_requests_the_crawl_does_not_record_get_scrapys_plain_handling():
    crawl = Crawl({HOME + "robots.txt": {"*": redirect(HOME + "elsewhere")}})
    response, _ = crawl.fetch(Request(HOME + "robots.txt"))
    assert response.status == 302  # robots.txt is read where it is, as before
    retried = crawl.confirm.process_exception(Request(HOME + "robots.txt"),
                                              DNSLookupError("x"))
    assert retried.meta["retry_times"] == 1 and "backoff" not in retried.meta


def test_the_back_off_waits_once():
    request = Request(HOME, meta={"backoff": DELAY})

    async def send() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await BackoffMiddleware().process_request(request)
        await BackoffMiddleware().process_request(request)  # a redirect hop: no second wait
        return loop.time() - started

    waited = asyncio.run(send())
    assert DELAY <= waited < DELAY + 0.2


# ---- the raw facts of the answer ---------------------------------------------------------------

def facts(check: it.LinkCheckItem) -> tuple:
    return check.text_length, check.notfound_words, check.challenge_markers


SOFT_404 = "<html><head><title>提示</title></head><body><p>您访问的页面不存在</p></body></html>"
LONG_404 = "<html><body><p>专项整治“404”错误页面。" + "政府网站内容建设。" * 80 + "</p></body></html>"


def test_the_answer_is_stored_as_raw_facts():
    crawl = Crawl({HOME + "gone": {"*": html(SOFT_404)}, HOME + "long": {"*": html(LONG_404)},
                   HOME + "a.pdf": {"*": (200, {"Content-Type": "application/pdf"}, "%PDF")}})
    assert facts(crawl.check(HOME + "gone")) == (len("提示 您访问的页面不存在"), ["页面不存在"], [])
    long = crawl.check(HOME + "long")
    assert long.outcome == "ok" and long.text_length > 600 and long.notfound_words == ["404"]
    assert facts(crawl.check(HOME + "a.pdf")) == (None, [], [])  # HEAD: no body read


def test_the_crawl_takes_answers_by_the_audits_soft_404_length_and_keeps_the_facts():
    crawl = Crawl({HOME + "gone": {"*": html(SOFT_404)}}, GOVPATROL_SOFT404_MAX_CHARS=5)
    check = crawl.check(HOME + "gone")
    assert (check.outcome, check.attempts) == ("ok", 1)  # not confirmed, read as a page
    assert check.notfound_words == ["页面不存在"]  # re-judged in checks/ by another rulebook


def test_the_words_looked_for_are_the_defaults_and_the_audits():
    crawl = Crawl({HOME + "x": {"*": html("<p>该信息已下线</p><p>Not Found</p>")}},
                  GOVPATROL_SOFT404_PHRASES=["已下线"])
    check = crawl.check(HOME + "x")
    assert (check.reason, check.notfound_words) == ("soft404", ["Not Found", "已下线"])


def test_a_bot_challenge_is_blocked_with_its_markers():
    page = "<html><script>var $_ts=window['$_ts'];</script><body>请开启JavaScript</body></html>"
    crawl = Crawl({HOME + "x": {"*": html(page, status=412)}})
    check = crawl.check(HOME + "x")
    assert fields(check) == ("blocked", "challenge", 412, "反爬虫验证页面", "GET", HOME + "x", 0, 1)
    assert check.challenge_markers == ["$_ts", "请开启JavaScript"]


def test_a_failure_without_an_answer_has_no_facts():
    crawl = Crawl({HOME + "a": {"*": redirect(HOME + "a")}})
    assert facts(crawl.check(HOME + "a")) == (None, None, None)
