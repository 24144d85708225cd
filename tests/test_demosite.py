"""The simulated government sites answer as designed, and expected.py tells the truth about them.

These tests read the sites the way an inspector's crawler would (urllib and lxml, following
TRS pagers, Hanweb data islands and dataproxy.jsp), independently of how the pages are built.
"""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode, urljoin, urlsplit

import chinese_calendar
import lxml.html
import pytest

from crawlers.extract.category import categorize
from crawlers.urls import normalize_url
from govpatrol.demosite import AS_OF, DemoSites, build_large_site
from govpatrol.demosite.expected import (
    BROWSER_ONLY_PATHS, DECOYS, EXPECTED_COLUMNS, EXPECTED_FINDINGS, FOCUS_COLUMN, message_target, resolve_target,
)
from govpatrol.demosite.letters import CONSULT, LEADERS, MAILBOXES, MAYOR

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
CHINA = timezone(timedelta(hours=8))


# -- a small HTTP client that does not follow redirects ----------------------------------------------

@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    def text(self, encoding: str = "utf-8") -> str:
        return self.body.decode(encoding)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET", data: dict[str, str] | None = None, timeout: float = 5) -> Answer:
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read(), url)
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read(), url)


def follow(url: str, limit: int = 20) -> tuple[list[int], str, int]:
    """Follow redirects by hand: (redirect statuses, final url, final status); stops on a repeat."""
    hops: list[int] = []
    seen = {url}
    while True:
        answer = fetch(url)
        if answer.status not in (301, 302, 303, 307, 308):
            return hops, url, answer.status
        hops.append(answer.status)
        url = urljoin(url, answer.headers["location"])
        if url in seen or len(hops) >= limit:
            return hops, url, -1  # -1: a loop (or too long to care)
        seen.add(url)


def charset_of(answer: Answer) -> str:
    match = re.search(r"charset=([\w-]+)", answer.headers.get("content-type", ""))
    return match.group(1).lower() if match else "utf-8"


def page_text(answer: Answer) -> str:
    """Decode like a careful crawler: the header's charset, else GBK when the bytes are not UTF-8."""
    try:
        return answer.body.decode(charset_of(answer))
    except UnicodeDecodeError:
        return answer.body.decode("gbk")


# -- reading list pages ---------------------------------------------------------------------------

DATE_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), "ymd"),
    (re.compile(r"\[(\d{1,2})-(\d{1,2})\]"), "md"),
)


def find_date(text: str) -> date | None:
    for pattern, shape in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if shape == "ymd":
            return date(*map(int, match.groups()))
        month, day = map(int, match.groups())
        guess = date(AS_OF.year, month, day)  # no year: the latest such date not after AS_OF
        return guess if guess <= AS_OF else date(AS_OF.year - 1, month, day)
    return None


@dataclass
class ColumnRead:
    url: str
    name: str
    items: list[tuple[str, date | None]] = field(default_factory=list)  # (absolute href, date)
    pages: list[str] = field(default_factory=list)

    @property
    def latest(self) -> date | None:
        return max((d for _, d in self.items if d), default=None)

    @property
    def new_last_7_days(self) -> int:
        return sum(1 for _, d in self.items if d and (AS_OF - d).days <= 6)


def list_lines(tree) -> list:
    return tree.xpath('//ul[@class="list"]/li | //ul[@class="xxgk-list"]/li'
                      ' | //table[contains(@class,"listAll") or contains(@class,"mail-list")]//tr[td]')


def line_item(line, base: str) -> tuple[str, date | None]:
    href = line.xpath(".//a/@href")[0]
    return urljoin(base, href), find_date(line.text_content())


def island_records(html: str) -> list[str]:
    return re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", html, re.S)


def column_name(tree) -> str:
    meta = tree.xpath('//meta[@name="ColumnName"]/@content')
    if meta:
        return meta[0]
    hidden = tree.xpath('//div[@id="hiddenLocation"]/span[starts-with(@id,"col") and contains(@id,"_name")]')
    if hidden:
        return hidden[-1].text_content()
    crumbs = tree.xpath('//div[@class="position"]')
    if crumbs and "当前位置" in crumbs[0].text_content():
        return crumbs[0].text_content().split(">")[-1].strip()
    return tree.findtext(".//title").strip()


JACT_CONFIG = re.compile(r"proxyUrl: '([^']+)', perPage: (\d+), groupSize: (\d+), totalRecord: (\d+)")
# fetch('/list.json') or fetch('/api?page=' + page [+ '&sid=…'])
FETCHED = re.compile(r"fetch\('([^']+)'(?P<paged> \+ page(?: \+ '(?P<tail>[^']*)')?)?\)")


def jact_group(proxy: str, start: int, end: int, per_page: int, group_size: int, sysid: str = "6") -> list[str]:
    """One POST to a JACT dataproxy: the ``<tr>`` strings of its ``dataStore``."""
    url = f"{proxy}?startrecord={start}&endrecord={end}&perpage={per_page}&groupSize={group_size}"
    form = {"sysid": sysid, "mailstate": "", "starttime": "", "endtime": "", "keyword": "",
            "orderfield": "", "groupid": "", "querycode": ""}
    reply = fetch(url, "POST", form)
    assert reply.status == 200, url
    body = reply.text()
    assert body.startswith("dataStore = [") and body.rstrip().endswith("];")
    return json.loads(body[len("dataStore = "):].rstrip().rstrip(";"))


def read_jact(read: ColumnRead, html: str) -> None:
    """Page through a JACT list group by group until a reply is empty."""
    proxy, per_page, group_size, total = JACT_CONFIG.search(html).groups()
    proxy, span = urljoin(read.url, proxy), int(per_page) * int(group_size)
    for group in range(100):
        rows = jact_group(proxy, group * span + 1, (group + 1) * span, int(per_page), int(group_size))
        if not rows:
            break
        read.pages.append(f"{proxy}#group{group}")
        for row in rows:
            read.items.append(line_item(lxml.html.fromstring(f"<table>{row}</table>"), read.url))
    assert len(read.items) == int(total)


def read_script_list(read: ColumnRead, html: str) -> None:
    """What the page's script would draw: the JSON it fetches, page after page."""
    call = FETCHED.search(html)
    for page in range(1, 100):
        source = call.group(1) + (f"{page}{call['tail'] or ''}" if call["paged"] else "")
        url = urljoin(read.url, source)
        data = json.loads(fetch(url).text())
        read.pages.append(url)
        if "data" in data:  # the consultation API: {"data": {"list": [...], "pageNo", "pages"}}
            for item in data["data"]["list"]:
                read.items.append((f"{read.url}#{item['code']}", find_date(item["createTime"])))
            last = data["data"]["pageNo"] >= data["data"]["pages"]
        elif "articles" in data:  # gkmlpt: {"articles": [...], "total", "page", "limit"}, Unix seconds
            for item in data["articles"]:
                moment = datetime.fromtimestamp(item["display_publish_time"], CHINA)
                read.items.append((urljoin(read.url, item["url"].split("#")[0]), moment.date()))
            last = data["page"] * data["limit"] >= data["total"]
        else:  # a column's list.json: {"list": [{"title", "url", "date"}]}
            read.items += [(urljoin(read.url, item["url"]), find_date(item["date"])) for item in data["list"]]
            last = True
        if last:
            break


def read_column(url: str) -> ColumnRead:
    answer = fetch(url)
    assert answer.status == 200, url
    html = page_text(answer)
    tree = lxml.html.fromstring(html)
    read = ColumnRead(url, column_name(tree), pages=[url])
    if "dataproxy_mailpublist" in html:
        read_jact(read, html)
        return read
    if FETCHED.search(html):
        assert not list_lines(tree), "a script-built list is empty in the served page"
        read_script_list(read, html)
        return read
    if '<script type="text/xml">' in html:  # Hanweb: island first, then dataproxy pages
        for record in island_records(html):
            read.items.append(line_item(lxml.html.fromstring(record), url))
        column_id = re.search(r"columnid:(\d+)", html).group(1)
        total = int(re.search(r"totalRecord:(\d+)", html).group(1))
        per_page = int(re.search(r"perPage:(\d+)", html).group(1))
        for page in range(2, -(-total // per_page) + 1):
            proxy = urljoin(url, f"{DATAPROXY}?page={page}&columnid={column_id}&perpage={per_page}")
            read.pages.append(proxy)
            for record in island_records(fetch(proxy).text()):
                read.items.append(line_item(lxml.html.fromstring(record), url))
        return read
    extension = url.rsplit(".", 1)[1]
    count = re.search(r"var countPage = (\d+)", html) or re.search(r'createPageHTML\((\d+), 0, "index"', html)
    for line in list_lines(tree):
        read.items.append(line_item(line, url))
    for index in range(1, int(count.group(1)) if count else 1):
        page_url = urljoin(url, f"index_{index}.{extension}")
        read.pages.append(page_url)
        page = fetch(page_url)
        assert page.status == 200, page_url
        for line in list_lines(lxml.html.fromstring(page_text(page))):
            read.items.append(line_item(line, page_url))
    return read


def page_links(url: str, html: str) -> set[str]:
    """Every link a checker would verify: a, img, iframe/frame, plus Hanweb island records."""
    tree = lxml.html.fromstring(html)
    raw = tree.xpath("//a/@href | //img/@src | //iframe/@src | //frame/@src")
    for record in island_records(html):
        raw += lxml.html.fromstring(record).xpath("//a/@href")
    links = set()
    for href in raw:
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        links.add(normalize_url(href, url))
    return links


# -- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    with DemoSites(host="127.0.0.1") as sites:
        yield sites


@pytest.fixture(scope="module")
def columns(demo) -> dict[tuple[str, str], ColumnRead]:
    return {(c.site, c.path): read_column(demo.url(c.site, c.path)) for c in EXPECTED_COLUMNS}


def _is_target(demo, url: str) -> bool:
    return any(resolve_target(demo, e.site, e.target) == url
               for e in EXPECTED_FINDINGS + DECOYS if e.check == "broken_link")


@pytest.fixture(scope="module")
def crawl(demo) -> dict[str, set[str]]:
    """Breadth-first walk of the main and stale sites: page url -> links on it."""
    starts = [normalize_url(demo.main), normalize_url(demo.stale)]
    home_ports = {urlsplit(u).port for u in starts}
    queue, seen, links_on = deque(starts), set(starts), {}
    while queue:
        url = queue.popleft()
        answer = fetch(url)
        assert answer.status == 200, url
        if "html" not in answer.headers.get("content-type", ""):
            continue
        found = page_links(url, page_text(answer))
        if "jpage" in page_text(answer) or "fetch(" in page_text(answer):  # script-fed lists
            for column in EXPECTED_COLUMNS:
                if normalize_url(demo.url(column.site, column.path)) == url:
                    found |= {normalize_url(href) for href, _ in read_column(url).items}
        links_on[url] = found
        for link in found:
            if urlsplit(link).port in home_ports and link not in seen and not _is_target(demo, link):
                seen.add(link)
                queue.append(link)
    return links_on


# -- the homepage and the footer -----------------------------------------------------------------------

def test_homepage_is_utf8_fresh_and_carries_the_full_footer(demo):
    answer = fetch(demo.main)
    assert answer.status == 200
    assert charset_of(answer) == "utf-8"
    html = answer.text("utf-8")
    tree = lxml.html.fromstring(html)
    assert tree.findtext(".//title") == "云溪市人民政府"
    assert tree.xpath('//meta[@name="SiteIDCode"]/@content') == ["3399000012"]
    footer = tree.xpath('//div[@class="footer"]')[0].text_content()
    assert "主办单位：云溪市人民政府办公室" in footer
    assert "网站标识码：3399000012" in footer
    assert re.search(r"浙ICP备\d{8}号-1", footer)
    assert re.search(r"公网安备 ?\d{14}号", footer)
    assert tree.xpath('//script[@id="_jiucuo_"]/@sitecode') == ["3399000012"]
    assert tree.xpath('//a[contains(., "我为政府网站找错")]')
    assert tree.xpath('//span[@id="_ideConac"]')
    lines = tree.xpath('//div[@class="block"]//li')
    dates = [find_date(line.text_content()) for line in lines]
    assert max(d for d in dates if d) == date(2026, 11, 19)
    assert any(d is None for d in dates), "some homepage items carry no date"


def test_stale_site_homepage_is_30_days_old_and_footer_incomplete(demo):
    tree = lxml.html.fromstring(fetch(demo.stale).text())
    dates = [find_date(li.text_content()) for li in tree.xpath('//div[@class="block"]//li')]
    assert (AS_OF - max(d for d in dates if d)).days == 30
    assert any(d is None for d in dates)
    footer = tree.xpath('//div[@class="footer"]')[0].text_content()
    assert "主办单位" in footer and "ICP备" in footer and "公网安备" in footer
    assert "标识码" not in footer and "找错" not in footer
    assert not tree.xpath('//script[@id="_jiucuo_"]')


def test_ipv6_serves_the_same_sites():
    with DemoSites(host="::1") as demo6:
        assert demo6.main.startswith("http://[::1]:")
        answer = fetch(demo6.main)
        assert answer.status == 200 and "云溪市人民政府" in answer.text()
        reply = fetch(demo6.url("main", f"{DATAPROXY}?page=2&columnid=1301")).text()
        assert len(island_records(reply)) == 15
        assert fetch(demo6.url("external", "/zwfw/index.html"), "HEAD").status == 405


# -- encodings --------------------------------------------------------------------------------------

def test_gbk_column_is_served_and_encoded_as_gbk(demo):
    answer = fetch(demo.url("main", "/fgw/jgxx/index.html"))
    assert answer.status == 200
    assert charset_of(answer) == "gbk"
    with pytest.raises(UnicodeDecodeError):
        answer.body.decode("utf-8")
    html = answer.body.decode("gbk")
    assert '<meta charset="gbk">' in html
    assert 'content="价格信息"' in html
    assert "农产品价格监测" in html or "居民消费价格" in html


def test_one_gbk_page_claims_utf8_in_its_header(demo, columns):
    mislabelled = []
    for href, _ in columns[("main", "/fgw/jgxx/index.html")].items:
        answer = fetch(href)
        assert answer.status == 200
        try:
            answer.body.decode(charset_of(answer))
        except UnicodeDecodeError:
            mislabelled.append(answer)
    assert len(mislabelled) == 1
    answer = mislabelled[0]
    assert charset_of(answer) == "utf-8"
    html = answer.body.decode("gbk")
    assert "charset=gbk" in html and "发布时间：" in html and "市发展改革委" in html


# -- Hanweb paging ------------------------------------------------------------------------------------

def test_hanweb_island_holds_the_first_page_and_points_at_the_next(demo):
    html = fetch(demo.url("main", "/col/col1301/index.html")).text()
    assert len(island_records(html)) == 15
    assert "totalRecord:40" in html and "perPage:15" in html
    next_group = re.search(r"<nextgroup><!\[CDATA\[(.*?)\]\]></nextgroup>", html, re.S).group(1)
    assert f"{DATAPROXY}?page=2" in next_group and "columnid=1301" in next_group


def test_dataproxy_post_and_get_return_the_right_records(demo):
    column = read_column(demo.url("main", "/col/col1301/index.html"))
    hrefs = [href for href, _ in column.items]
    assert len(hrefs) == len(set(hrefs)) == 40
    form = {"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1301",
            "sourceContentType": "1", "unitid": "4521", "webname": "云溪市人民政府", "permissiontype": "0"}
    post = fetch(demo.url("main", f"{DATAPROXY}?startrecord=16&endrecord=45&perpage=15"), "POST", form)
    assert post.status == 200 and post.headers["content-type"].startswith("text/xml")
    reply = post.text()
    assert "<totalrecord>40</totalrecord>" in reply and "<totalpage>3</totalpage>" in reply
    posted = [lxml.html.fromstring(r).xpath("//a/@href")[0] for r in island_records(reply)]
    assert [normalize_url(h, demo.main) for h in posted] == hrefs[15:40]
    for page, expected in ((2, hrefs[15:30]), (3, hrefs[30:40]), (4, [])):
        got = fetch(demo.url("main", f"{DATAPROXY}?page={page}&appid=1&webid=1&path=/&columnid=1301&unitid=4521"))
        records = [lxml.html.fromstring(r).xpath("//a/@href")[0] for r in island_records(got.text())]
        assert [normalize_url(h, demo.main) for h in records] == expected


def test_hanweb_article_url_and_hidden_location(demo, columns):
    href = columns[("main", "/col/col1301/index.html")].items[0][0]
    assert re.search(r"/art/2026/10/31/art_1301_\d+\.html$", href), "month and day are not zero-padded"
    tree = lxml.html.fromstring(fetch(href).text())
    assert tree.xpath('//span[@id="col1_name"]/text()') == ["部门动态"]
    assert "发布日期：2026-10-31" in tree.text_content()


# -- TRS pages --------------------------------------------------------------------------------------

def test_trs_paging_is_zero_based_and_js_written(demo, columns):
    news = columns[("main", "/xwzx/yxyw/index.html")]
    assert [u.rsplit("/", 1)[1] for u in news.pages] == ["index.html", "index_1.html", "index_2.html"]
    assert fetch(demo.url("main", "/xwzx/yxyw/index_3.html")).status == 404
    first = fetch(demo.url("main", "/xwzx/yxyw/index.html")).text()
    assert "var countPage = 3" in first and "document.write" in first
    assert 'href="./202611/t20261119_' in first
    towns = columns[("main", "/xwzx/xzdt/index.shtml")]
    assert [u.rsplit("/", 1)[1] for u in towns.pages] == ["index.shtml", "index_1.shtml", "index_2.shtml"]
    assert 'createPageHTML(3, 1, "index", "shtml")' in fetch(towns.pages[1]).text()


def test_list_date_shapes_and_truncated_titles(demo):
    def html(path):
        return fetch(demo.url("main", path)).text()
    assert re.search(r"<span class=\"fr\">\[11-17\]</span>", html("/xwzx/xzdt/index.shtml"))
    assert "2026年05月04日" in html("/zwgk/tzgg/index.html")
    assert "2026年6月23日" in html("/zwgk/gsgg/index.html")
    assert "[2026-11-12]" in html("/zwgk/zcjd/index.html")
    assert 'class="listAll"' in html("/zwgk/zcwj/index.html")
    hanweb = html("/col/col1302/index.html")
    assert "2026/11/18" in hanweb and '<font style="display:none" class="jd">解读</font>' in hanweb
    tree = lxml.html.fromstring(html("/xwzx/yxyw/index.html"))
    cut = [a for a in tree.xpath('//ul[@class="list"]/li/a') if a.text.endswith("...")]
    assert cut and all(len(a.get("title")) > len(a.text) - 3 for a in cut)


def test_article_pages_carry_dates_sources_and_disclosure_tables(demo, columns):
    shapes = set()
    for href, listed in columns[("main", "/xwzx/yxyw/index.html")].items[:5]:
        html = fetch(href).text()
        pubdate = re.findall(r'<meta name="PubDate" content="([^"]+)"', html)
        shapes.add(("cn" if "年" in pubdate[0] else "iso", len(pubdate)))
        assert find_date(pubdate[0]) == listed
        assert f"发布时间：{listed.isoformat()}" in html and "来源：" in html
    assert ("cn", 1) in shapes and ("iso", 2) in shapes, "Chinese PubDate and a duplicated meta block"
    doc = fetch(demo.url("main", "/zwgk/zcwj/202605/t20260514_2100001.html")).text()
    for label in ("索 引 号", "发文机关", "成文日期", "发文字号", "发布日期"):
        assert label in doc
    assert "云政发〔2026〕9号" in doc


# -- redirects, HEAD and retries -----------------------------------------------------------------------

def test_redirect_chains(demo):
    hops, final, status = follow(demo.url("main", "/jump/9.html"))
    assert len(hops) == 9 and status == 200
    hops, final, status = follow(demo.url("main", "/old/bsfw.html"))
    assert hops == [301, 302] and status == 200 and final.endswith("/bsfw/index.html")
    hops, final, status = follow(demo.url("main", "/loop/a.html"))
    assert status == -1 and len(hops) == 2 and final.endswith("/loop/a.html")


def test_head_is_refused_but_get_works_on_the_external_service_hall(demo):
    url = demo.url("external", "/zwfw/index.html")
    assert fetch(url, "HEAD").status == 405
    answer = fetch(url)
    assert answer.status == 200 and "云江政务服务网" in answer.text()


def test_flaky_link_fails_once_then_works():
    with DemoSites() as fresh:
        url = fresh.url("main", "/data/kfml.html")
        assert fetch(url).status == 503
        assert fetch(url).status == 200
        assert fetch(url, "HEAD").status == 200


def test_hanging_link_does_not_answer_within_a_second(demo):
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        fetch(demo.url("main", "/jtcx/ssld.jsp"), timeout=1)
    assert time.monotonic() - started < 3


# -- expected.py against the served sites ----------------------------------------------------------------

def _answers_as(demo, expect) -> None:
    """Assert that a broken_link target (or decoy) behaves as its ``cause`` says."""
    url = resolve_target(demo, expect.site, expect.target)
    cause = expect.cause
    if cause.startswith("http:"):
        assert fetch(url).status == int(cause[5:]), url
        assert fetch(url).status == int(cause[5:]), "stays broken on the second try"
    elif cause == "refused":
        with pytest.raises(urllib.error.URLError) as caught:
            fetch(url, timeout=2)
        assert isinstance(caught.value.reason, ConnectionRefusedError)
    elif cause.startswith("redirects:"):
        hops, _, status = follow(url)
        assert len(hops) == int(cause.split(":")[1]) and status == 200
    elif cause == "redirect_loop":
        assert follow(url)[2] == -1
    elif cause == "soft404":
        answer = fetch(url)
        text = lxml.html.fromstring(answer.text()).text_content()
        assert answer.status == 200 and "页面不存在" in text and len(text.strip()) < 200
    elif cause == "timeout":
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            fetch(url, timeout=1)
    elif cause == "head405":
        assert fetch(url, "HEAD").status == 405 and fetch(url).status == 200
    elif cause == "flaky503":
        assert fetch(url).status in (200, 503) and fetch(url).status == 200
    elif cause == "long404text":
        answer = fetch(url)
        body = lxml.html.fromstring(answer.text()).xpath('//div[@class="TRS_Editor"]')[0].text_content()
        assert answer.status == 200 and "404" in body and len(body.encode()) > 2048
        assert "页面不存在" not in body and "找不到" not in body
    else:
        raise AssertionError(f"unknown cause {cause}")


def test_every_broken_link_target_answers_as_designed(demo):
    planted = [e for e in EXPECTED_FINDINGS if e.check == "broken_link"]
    assert {e.cause for e in planted} >= {"http:404", "http:500", "http:403", "http:429", "refused",
                                          "redirect_loop", "redirects:9", "soft404", "timeout"}
    for expect in planted:
        assert expect.severity == ("warn" if expect.cause in ("http:403", "http:429") else "deduct")
        _answers_as(demo, expect)


def test_every_link_decoy_answers_and_works(demo):
    for expect in (e for e in DECOYS if e.check == "broken_link"):
        _answers_as(demo, expect)


def test_each_planted_link_sits_on_the_page_named(demo, crawl):
    for expect in (e for e in EXPECTED_FINDINGS + DECOYS if e.check == "broken_link"):
        page = normalize_url(demo.url(expect.site, expect.page))
        assert resolve_target(demo, expect.site, expect.target) in crawl[page], (expect.target, expect.page)
    homepage_only = resolve_target(demo, "main", "/xwzx/yxyw/202301/t20230105_1000001.html")
    carriers = [page for page, links in crawl.items() if homepage_only in links]
    assert len(carriers) == 1 and "t20261112" in carriers[0], "linked only from one article"


def test_nothing_else_is_broken_and_nothing_leaves_the_machine(demo, crawl):
    host = urlsplit(demo.main).hostname
    checked = set()
    for links in crawl.values():
        for link in links:
            assert urlsplit(link).hostname == host, link
            if link in crawl or link in checked or _is_target(demo, link):
                continue
            checked.add(link)
            answer = fetch(link)
            assert answer.status == 200, link
    assert len(crawl) > 150 and len(crawl) < 320, "the main site stays around 150-300 pages"


def test_expected_columns_match_what_is_served(columns):
    assert len({(c.site, c.path) for c in EXPECTED_COLUMNS}) == len(EXPECTED_COLUMNS)
    for expect in EXPECTED_COLUMNS:
        read = columns[(expect.site, expect.path)]
        assert read.name == expect.name, expect.path
        assert categorize(read.name) == expect.category, expect.name
        assert len(read.items) == expect.items, expect.name
        assert len({href for href, _ in read.items}) == expect.items, f"{expect.name}: duplicates"
        assert read.latest == expect.latest, expect.name
        assert read.new_last_7_days == expect.new_last_7_days, expect.name


def test_column_levels_follow_the_links(demo, crawl):
    homepage = crawl[normalize_url(demo.main)]
    openness = crawl[normalize_url(demo.url("main", "/zwgk/index.html"))]
    for expect in (c for c in EXPECTED_COLUMNS if c.site == "main"):
        url = normalize_url(demo.url("main", expect.path))
        assert (url in homepage) == (expect.level == 1), expect.name
        if expect.level == 2:
            assert url in openness, expect.name


def test_freshness_plants_and_decoys_sit_clear_of_the_edges():
    by_path = {(c.site, c.path): c for c in EXPECTED_COLUMNS}
    windows = {"news": 14, "notice": 183, "policy": 183, "interpretation": 183,
               "personnel": 365, "planning": 365, "other": 365}
    for expect in (e for e in EXPECTED_FINDINGS if e.check == "stale_column"):
        column = by_path[(expect.site, expect.target)]
        age = (AS_OF - column.latest).days
        if expect.cause == "weekly":
            assert column.category == "news" and column.new_last_7_days < 2 and age <= 14 - 7
        else:
            assert age >= windows[column.category] + 5, expect.target
    for expect in (e for e in DECOYS if e.check == "stale_column"):
        column = by_path[(expect.site, expect.target)]
        assert (AS_OF - column.latest).days <= windows[column.category] - 10, expect.target
        if column.category == "news":
            assert column.new_last_7_days >= 2
    news_decoy = by_path[("main", "/col/col1302/index.html")]
    assert news_decoy.new_last_7_days == 2
    blanks = {(e.site, e.target) for e in EXPECTED_FINDINGS if e.check == "blank_column"}
    assert all((by_path[key].items == 0) == (key in blanks) for key in by_path)


def test_blank_columns_say_so(demo):
    trs = fetch(demo.url("main", "/zxft/index.html")).text()
    assert "暂无信息" in trs and '<meta name="ColumnName" content="在线访谈">' in trs
    hanweb = fetch(demo.url("main", "/col/col1310/index.html")).text()
    assert '<script type="text/xml">' in hanweb and island_records(hanweb) == []


def working_days_between(first: date, last: date) -> int:
    """Official working days in (first, last], straight from the holiday tables."""
    return len(chinese_calendar.get_workdays(first, last)) - (1 if chinese_calendar.is_workday(first) else 0)


def weekdays_between(first: date, last: date) -> int:
    """Monday-to-Friday days in (first, last]: what a checker ignoring holidays would count."""
    return sum(1 for n in range(1, (last - first).days + 1) if (first + timedelta(days=n)).weekday() < 5)


def test_interpretation_links_and_dates(demo):
    def links_of(path):
        html = fetch(demo.url("main", path)).text()
        tree = lxml.html.fromstring(html)
        published = find_date(tree.xpath('//div[@class="article-info"]')[0].text_content())
        related = {normalize_url(h, demo.url("main", path)) for h in
                   tree.xpath('//div[@class="xgjd" or @class="xgwj"]//a/@href')}
        return published, related

    interps = {}  # interpretation url -> (day, the pages it links)
    for href, _ in read_column(demo.url("main", "/zwgk/zcjd/index.html")).items:
        interps[normalize_url(href)] = links_of(urlsplit(href).path)
    expected = {(e.check, e.target) for e in EXPECTED_FINDINGS if e.check.startswith("interpretation")}
    decoys = {(e.check, e.target) for e in DECOYS if e.check.startswith("interpretation")}
    seen = set()
    for column in ("/zwgk/zcwj/index.html", "/zwgk/bmwj/index.html"):
        for href, _ in read_column(demo.url("main", column)).items:
            path, doc = urlsplit(href).path, normalize_url(href)
            day, related = links_of(path)
            linking_back = {url for url, (_, targets) in interps.items() if doc in targets}
            linked = related & interps.keys()
            pair = linking_back | linked
            if not pair:
                seen.add(("interpretation_missing", path))
                continue
            for interp in pair:
                if interp not in linked:
                    seen.add(("interpretation_unlinked", path))
                elif interp not in linking_back:
                    seen.add(("interpretation_unlinked", urlsplit(interp).path))
            lag = min(working_days_between(day, interps[interp][0]) for interp in pair)
            if lag > 3:
                seen.add(("interpretation_late", path))
    assert seen == expected
    assert not seen & decoys
    assert {check for check, _ in seen} == {"interpretation_missing", "interpretation_unlinked", "interpretation_late"}


def test_interpretations_around_national_day_are_judged_in_working_days(demo):
    late = [e for e in EXPECTED_FINDINGS if e.check == "interpretation_late" and "/bmwj/" in e.target]
    in_time = [e for e in DECOYS if e.check == "interpretation_late" and "/bmwj/" in e.target]
    assert len(late) == len(in_time) == 1
    # The late one is only 3 weekdays behind (the make-up Saturday 10-10 is the 4th working
    # day); the one in time is 7 weekdays behind (the holidays are not working days).
    assert (working_days_between(date(2026, 10, 8), date(2026, 10, 13)),
            weekdays_between(date(2026, 10, 8), date(2026, 10, 13))) == (4, 3)
    assert (working_days_between(date(2026, 9, 30), date(2026, 10, 9)),
            weekdays_between(date(2026, 9, 30), date(2026, 10, 9))) == (2, 7)
    for expect, day in ((late[0], "2026-10-08"), (in_time[0], "2026-09-30")):
        assert f"发布时间：{day}" in fetch(demo.url("main", expect.target)).text()


# -- mailboxes and script-built lists -------------------------------------------------------------------

def test_letters_sit_on_their_working_day_edges():
    limits = {"in_time": lambda wd, days: wd <= 15, "late": lambda wd, days: wd > 15,
              "edge_reply": lambda wd, days: wd == 15, "unanswered": lambda wd, days: wd > 15 and days <= 90,
              "veto": lambda wd, days: 90 < days <= 365, "young": lambda wd, days: wd <= 5,
              "edge_wait": lambda wd, days: wd == 15, "old": lambda wd, days: days > 365}
    roles = set()
    for mailbox in MAILBOXES:
        for letter in mailbox.letters:
            answered = letter.replied is not None
            assert answered == (letter.role in ("in_time", "late", "edge_reply")), letter
            end = letter.replied or AS_OF
            assert limits[letter.role](working_days_between(letter.sent, end), (end - letter.sent).days), letter
            roles.add((mailbox.key, letter.role))
        assert [l.sent for l in mailbox.letters] == sorted((l.sent for l in mailbox.letters), reverse=True)
        assert len({l.number for l in mailbox.letters}) == len(mailbox.letters)
    for mailbox in MAILBOXES:  # every shape carries every kind of problem and decoy
        assert {role for key, role in roles if key == mailbox.key} >= {"in_time", "late", "unanswered", "veto",
                                                                      "young", "edge_reply"}
    # Holidays decide: counted Monday to Friday, these answers would look late.
    edges = [l for m in MAILBOXES for l in m.letters if l.role == "edge_reply"]
    assert all(weekdays_between(l.sent, l.replied) > 15 for l in edges)
    assert {l.sent.month for l in edges} == {9, 2}  # across National Day and Spring Festival
    consult = {l.role: l for l in CONSULT.letters if l.role in ("unanswered", "veto") and l.sent.month == 8}
    assert [(AS_OF - l.sent).days for l in sorted(consult.values(), key=lambda l: l.sent, reverse=True)] == [90, 91]


def test_message_findings_and_decoys_name_every_problem_letter():
    planted = {(e.check, e.target): e.severity for e in EXPECTED_FINDINGS if e.check.startswith("message_")}
    decoys = {(e.check, e.target) for e in DECOYS if e.check.startswith("message_")}
    assert {severity for severity in planted.values()} == {"deduct", "veto", "warn"}
    assert not planted.keys() & decoys
    for mailbox in MAILBOXES:
        for letter in mailbox.letters:
            target = message_target(mailbox, letter)
            if mailbox is CONSULT:
                assert target == f"/zmhd/wszx/index.html#{letter.number}"
            flagged = {check for check, t in planted if t == target}
            assert bool(flagged) == (letter.role in ("late", "unanswered", "veto")), letter


def test_mayor_mailbox_table_and_letter_pages(demo):
    tree = lxml.html.fromstring(fetch(demo.url("main", MAYOR.path)).text())
    header = [th.text_content() for th in tree.xpath('//table[@class="mail-list"]//th')]
    assert header == ["信件编号", "信件标题", "办理状态", "来信时间", "回复时间", "回复单位"]
    rows = tree.xpath('//table[@class="mail-list"]//tr[td]')
    assert len(rows) == len(MAYOR.letters)
    for row, letter in zip(rows, MAYOR.letters):
        cells = [td.text_content() for td in row.xpath("td")]
        assert cells[0] == letter.number and cells[2] == letter.status
        assert find_date(cells[3]) == letter.sent and find_date(cells[4]) == letter.replied
        detail = urljoin(demo.url("main", MAYOR.path), row.xpath(".//a/@href")[0])
        assert normalize_url(detail) == resolve_target(demo, "main", MAYOR.detail_path(letter))
        page = lxml.html.fromstring(fetch(detail).text())
        form = {th.text_content(): td.text_content() for th, td in
                zip(page.xpath('//table[@class="viewform"]//th'), page.xpath('//table[@class="viewform"]//td'))}
        assert find_date(form["提交时间"]) == letter.sent
        assert find_date(form["回复时间"]) == letter.replied and form["处理状态"] == letter.status
        assert not page.xpath('//meta[@name="ColumnName"]'), "a letter page is not a column"


def test_jact_proxy_answers_group_by_group_and_details_carry_the_reply(demo):
    html = fetch(demo.url("main", LEADERS.path)).text()
    assert "<tbody id=\"mailBody\"></tbody>" in html and "var dataStore = [];" in html
    proxy = demo.url("main", "/jact/front/dataproxy_mailpublist.do")
    groups = [jact_group(proxy, start, start + 9, 5, 2) for start in (1, 11, 21, 31)]
    assert [len(group) for group in groups] == [10, 10, 2, 0]
    assert jact_group(proxy, 1, 10, 5, 2, sysid="7") == []
    rows = [lxml.html.fromstring(f"<table>{row}</table>") for group in groups for row in group]
    for row, letter in zip(rows, LEADERS.letters):
        cells = [td.text_content() for td in row.xpath("//td")]
        assert cells[:4] == [letter.number, letter.title, letter.status, letter.sent.isoformat()]
        assert cells[4].isdigit()
        detail = urljoin(proxy, row.xpath("//a/@href")[0])
        assert normalize_url(detail) == resolve_target(demo, "main", LEADERS.detail_path(letter))
        text = lxml.html.fromstring(fetch(detail).text()).xpath('//div[@class="jact_box_font"]')[0].text_content()
        assert letter.number in text and f"来信时间：{letter.sent.isoformat()}" in text.replace("\n", "")
        reply_at = re.search(r"回复时间：\s*(\S+)", text)
        assert (find_date(reply_at.group(1)) if reply_at else None) == letter.replied


def test_consultation_api_pages_and_its_page_has_no_rows(demo):
    html = fetch(demo.url("main", CONSULT.path)).text()
    assert "fetch('/api/consult/list?page=' + page)" in html
    assert lxml.html.fromstring(html).xpath('//tbody[@id="zxBody"]/*') == []
    answers = [json.loads(fetch(demo.url("main", f"/api/consult/list?page={n}")).text()) for n in (1, 2, 3)]
    assert [len(a["data"]["list"]) for a in answers] == [10, 2, 0]
    assert {(a["data"]["total"], a["data"]["pages"]) for a in answers} == {(12, 2)}
    listed = [item for a in answers for item in a["data"]["list"]]
    for item, letter in zip(listed, CONSULT.letters):
        assert (item["code"], item["statusName"], find_date(item["createTime"])) == (
            letter.number, letter.status, letter.sent)
        assert (find_date(item["replyTime"]) if item["replyTime"] else None) == letter.replied


def test_focus_column_is_empty_html_and_its_json_lists_fresh_articles(demo, columns):
    html = fetch(demo.url("main", FOCUS_COLUMN)).text()
    assert '<ul class="list" id="list-jrgz"></ul>' in html and "fetch('/xwzx/jrgz/data/list.json')" in html
    read = columns[("main", FOCUS_COLUMN)]
    assert len(read.items) == 8 and read.new_last_7_days == 2 and (AS_OF - read.latest).days == 1
    for href, day in read.items:
        assert f"发布时间：{day.isoformat()}" in fetch(href).text()
    assert normalize_url(demo.url("main", FOCUS_COLUMN)) in {
        normalize_url(h, demo.main) for h in lxml.html.fromstring(fetch(demo.main).text()).xpath("//a/@href")}


def test_gkmlpt_api_pages_records_and_wants_its_site_id(demo, columns):
    api = "/gkmlpt/api/all/2476"
    answers = [json.loads(fetch(demo.url("main", f"{api}?page={n}&sid=755001")).text()) for n in (1, 2, 3)]
    assert [len(a["articles"]) for a in answers] == [10, 4, 0]
    assert {(a["total"], a["limit"]) for a in answers} == {(14, 10)}
    assert json.loads(fetch(demo.url("main", f"{api}?page=1")).text())["articles"] == []
    shell = fetch(demo.url("main", "/gkmlpt/index")).text()
    assert '<ul class="list" id="gkmlList"></ul>' in shell and fetch(demo.url("main", "/gkmlpt/index?page=2")).text() == shell
    read = columns[("main", "/gkmlpt/index")]
    assert (AS_OF - read.latest).days == 6 and len(read.items) == 14
    for href, day in read.items[:3]:
        html = fetch(href).text()
        assert re.search(r"/gkmlpt/content/2/2476/post_\d+\.html$", href)
        assert f"发布时间：{day.isoformat()}" in html and "<b>发文字号：</b></td><td>无</td>" in html


def test_a_browser_draws_the_script_built_lists(demo):
    """What the crawl's browser sees on the pages whose lists only script draws."""
    from crawlers.browser import launch_browser
    assert set(BROWSER_ONLY_PATHS) == {FOCUS_COLUMN, CONSULT.path, "/gkmlpt/index"}
    with launch_browser() as browser:
        page = browser.new_page()
        page.goto(demo.url("main", FOCUS_COLUMN))
        page.wait_for_function("document.querySelectorAll('#list-jrgz li').length === 8", timeout=10_000)
        drawn = lxml.html.fromstring(page.content())
        lines = drawn.xpath('//ul[@class="list"]/li')
        assert [line_item(line, page.url) for line in lines] == [
            (normalize_url(h), d) for h, d in read_column(demo.url("main", FOCUS_COLUMN)).items]
        page.goto(demo.url("main", CONSULT.path))
        page.wait_for_function("document.getElementById('zxTotal').textContent === '12'", timeout=10_000)
        rows = lxml.html.fromstring(page.content()).xpath('//tbody[@id="zxBody"]/tr')
        assert [[td.text_content() for td in row.xpath("td")][:4] for row in rows] == [
            [l.number, l.title, l.status, l.sent.isoformat()] for l in CONSULT.letters]
        catalogue = read_column(demo.url("main", "/gkmlpt/index")).items
        drawn_pages = []
        for number, count in ((1, 10), (2, 4)):
            page.goto(demo.url("main", f"/gkmlpt/index?page={number}"))
            page.wait_for_function(f"document.querySelectorAll('#gkmlList li').length === {count}", timeout=10_000)
            drawn = lxml.html.fromstring(page.content())
            drawn_pages += [line_item(line, page.url) for line in drawn.xpath('//ul[@id="gkmlList"]/li')]
            pager = drawn.xpath('//div[@id="gkmlPager"]/a/@href')
            assert pager == [f"?page={2 if number == 1 else 1}"]
        assert [(normalize_url(h), d) for h, d in drawn_pages] == [(normalize_url(h), d) for h, d in catalogue]


def test_resolve_target_gives_normalised_absolute_urls(demo):
    assert resolve_target(demo, "main", "/") == normalize_url(demo.main)
    assert resolve_target(demo, "stale", "/gzdt/index.html") == normalize_url(demo.stale + "gzdt/index.html")
    assert resolve_target(demo, "main", "external:/zwfw/index.html").startswith(normalize_url(demo.external))
    assert resolve_target(demo, "main", "closed:") == normalize_url(demo.closed_url)
    assert "?id=12" in resolve_target(demo, "main", "/zmhd/wsdc/survey.jsp?id=12")


# -- benchmark site and the command line -------------------------------------------------------------------

def test_large_site_has_about_the_pages_asked_for():
    site = build_large_site(1500)
    html_pages = [p for p in site.paths if p.endswith((".html", ".shtml")) and not p.startswith("/about/")]
    assert 1200 <= len(html_pages) <= 1600
    assert any(p.startswith("/col/col") for p in html_pages) and any(p.endswith("index_1.shtml") for p in html_pages)
    with DemoSites(scale=600) as big:
        home = lxml.html.fromstring(fetch(big.main).text())
        columns = [urljoin(big.main, h) for h in home.xpath('//ul[@class="nav"]//a/@href')[1:]]
        assert len(columns) >= 4
        for url in columns:
            read = read_column(url)
            assert len(read.items) == 120 and read.new_last_7_days == 4


def test_module_entry_point_serves_until_stopped():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "govpatrol.demosite", "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].split() == ["main", f"http://127.0.0.1:{port}/"]
        assert [line.split()[0] for line in lines] == ["main", "stale", "external"]
        assert fetch(f"http://127.0.0.1:{port}/").status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
