"""IPv6 support observed against real local servers (127.0.0.1 and ::1) and judged by the rule."""
from __future__ import annotations

import json
from datetime import date

import pytest

from checks.ipv6 import ipv6_unsupported
from checks.observations import Observations
from checks.rulebook import load_rulebook
from crawlers.dns import NameResolver
from crawlers.probes.ipv6 import probe_ipv6, text_similarity
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import DualStackSite

AS_OF = date(2026, 11, 20)
RULES = load_rulebook()
HOME = ("<html><head><title>云溪区人民政府</title></head><body>"
        "<div>政务公开 政策文件 通知公告 今日要闻 云溪区召开常务会议 部署年度重点工作</div>"
        "</body></html>")
SECOND = [f"/col/col{n}/index.html" for n in range(1, 5)]
THIRD = [f"/art/2026/11/art_{n}.html" for n in range(1, 8)]
PAGES = {"/": HOME, **{path: f"<title>栏目{path}</title>列表" for path in SECOND + THIRD}}

ZONE = {
    "www.yunxi.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
    "sub.yunxi.gov.cn": {"A": ["127.0.0.1"]},  # a sub-host left out of the IPv6 rollout
    "yunxi.gov.cn": {"NS": ["ns1.yunxi.gov.cn", "ns2.yunxi.gov.cn"]},
    "ns1.yunxi.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
    "ns2.yunxi.gov.cn": {"A": ["127.0.0.1"]},
    "www.plain.gov.cn": {"A": ["127.0.0.1"]},  # no AAAA at all
    "www.deadv6.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},  # AAAA, nothing listening
    "www.twofaced.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
}


@pytest.fixture(scope="module")
def resolver():
    with LocalDNS(ZONE) as dns:
        yield NameResolver((dns.address,), timeout=2.0)


def observe(site: DualStackSite, host: str, resolver: NameResolver, second=SECOND, third=THIRD,
            **options) -> dict:
    fact = probe_ipv6(site.url(host), [site.url(host, p) for p in second],
                      [site.url(host, p) for p in third], resolver=resolver, timeout=1.0,
                      **options)
    assert json.loads(json.dumps(fact)) == fact  # stored as a JSON document
    return fact


def judge(fact: dict, homepage: str, rules: dict = RULES) -> list:
    obs = Observations(homepage=homepage, facts={("ipv6", "summary"): fact})
    return list(ipv6_unsupported(obs, rules, AS_OF))


def test_dual_stack_site_passes(resolver):
    with DualStackSite(PAGES) as site:
        fact = observe(site, "www.yunxi.gov.cn", resolver)
    assert fact["aaaa"] == ["::1"] and fact["a"] == ["127.0.0.1"]
    assert fact["homepage_v6"]["ok"] and fact["homepage_v6"]["address"] == "::1"
    assert fact["homepage_v4"]["ok"] and fact["homepage_v4"]["address"] == "127.0.0.1"
    assert fact["same_content"] == {"title_v4": "云溪区人民政府", "title_v6": "云溪区人民政府",
                                    "title_equal": True, "text_similarity": 1.0}
    assert fact["second_level"] == {"total": 4, "ok": 4, "ratio": 1.0, "skipped": 0,
                                    "failures": []}
    assert (fact["third_level"]["total"], fact["third_level"]["ok"]) == (7, 7)
    assert fact["hosts_without_aaaa"] == []
    assert fact["nameservers"] == {"ns1.yunxi.gov.cn": ["::1"], "ns2.yunxi.gov.cn": []}
    assert judge(fact, site.url("www.yunxi.gov.cn")) == []


def test_links_are_fetched_over_ipv6_once_each(resolver):
    with DualStackSite(PAGES) as site:
        observe(site, "www.yunxi.gov.cn", resolver, second=SECOND + SECOND[:2],
                third=THIRD + SECOND[:1])
        v6_paths = [seen.path for seen in site.v6.requests]
        v4_paths = [seen.path for seen in site.v4.requests]
    assert sorted(v6_paths) == sorted(["/", *SECOND, *THIRD])
    assert v4_paths == ["/"]  # only the IPv4 homepage, for the comparison


def test_host_without_aaaa(resolver):
    with DualStackSite(PAGES) as site:
        fact = observe(site, "www.plain.gov.cn", resolver)
        v6_requests = list(site.v6.requests)
    assert fact["aaaa"] == [] and "no AAAA record" in fact["aaaa_error"]
    assert fact["homepage_v6"]["stage"] == "dns"
    assert fact["second_level"]["ratio"] == 0.0
    assert fact["hosts_without_aaaa"] == ["www.plain.gov.cn"]
    assert v6_requests == []  # failed without a connection attempt
    [finding] = judge(fact, site.url("www.plain.gov.cn"))
    assert (finding.check, finding.severity) == ("ipv6_unsupported", "deduct")
    assert finding.url == site.url("www.plain.gov.cn")
    assert finding.message.startswith("网站未支持IPv6访问(无AAAA记录)")
    assert finding.evidence["failed"] == ["no_aaaa", "second_level_ratio", "third_level_ratio"]


def test_aaaa_pointing_at_a_closed_port(resolver):
    with DualStackSite(PAGES, v6=False) as site:
        fact = observe(site, "www.deadv6.gov.cn", resolver)
    assert fact["aaaa"] == ["::1"]
    assert (fact["homepage_v6"]["ok"], fact["homepage_v6"]["stage"]) == (False, "tcp")
    assert fact["homepage_v4"]["ok"]
    assert fact["same_content"]["title_equal"] is None
    [finding] = judge(fact, site.url("www.deadv6.gov.cn"))
    assert finding.evidence["failed"][0] == "homepage_unreachable"
    assert finding.message.startswith("首页无法通过IPv6访问(无法建立连接)")
    assert {f["stage"] for f in finding.evidence["second_level"]["failures"]} == {"tcp"}


def test_ipv6_homepage_with_different_content(resolver):
    v6_pages = {**PAGES, "/": "<html><head><title>测试页</title></head><body>It works!</body></html>"}
    with DualStackSite(PAGES, v6_pages=v6_pages) as site:
        fact = observe(site, "www.twofaced.gov.cn", resolver)
    same = fact["same_content"]
    assert (same["title_v4"], same["title_v6"], same["title_equal"]) == (
        "云溪区人民政府", "测试页", False)
    assert same["text_similarity"] < 0.2
    [finding] = judge(fact, site.url("www.twofaced.gov.cn"))
    assert finding.evidence["failed"] == ["content_differs"]
    assert finding.message == "IPv6首页与IPv4首页标题不一致"


def test_same_title_but_different_text_is_judged_by_similarity(resolver):
    v6_pages = {**PAGES, "/": "<html><head><title>云溪区人民政府</title></head><body>"
                              "<div>网站维护中</div></body></html>"}
    with DualStackSite(PAGES, v6_pages=v6_pages) as site:
        fact = observe(site, "www.twofaced.gov.cn", resolver, second=[], third=[])
    assert fact["same_content"]["title_equal"] is True
    [finding] = judge(fact, site.url("www.twofaced.gov.cn"))
    assert finding.message.startswith("IPv6首页与IPv4首页内容不一致(相似度")
    lenient = {**RULES, "ipv6": {**RULES["ipv6"], "text_similarity_min": 0.0}}
    assert judge(fact, site.url("www.twofaced.gov.cn"), lenient) == []


def test_second_level_links_on_a_sub_host_without_aaaa(resolver):
    second = SECOND[:2] + ["/sub/a.html", "/sub/b.html"]
    with DualStackSite(PAGES) as site:
        fact = probe_ipv6(site.url("www.yunxi.gov.cn"),
                          [site.url("www.yunxi.gov.cn", p) for p in SECOND[:2]]
                          + [site.url("sub.yunxi.gov.cn", p) for p in second[2:]],
                          [site.url("www.yunxi.gov.cn", p) for p in THIRD],
                          resolver=resolver, timeout=1.0)
        asked = [(seen.host.split(":")[0], seen.path) for seen in site.v4.requests]
    assert fact["homepage_v6"]["ok"]
    level = fact["second_level"]
    assert (level["total"], level["ok"], level["ratio"]) == (4, 2, 0.5)
    assert [f["host"] for f in level["failures"]] == ["sub.yunxi.gov.cn"] * 2
    assert {f["stage"] for f in level["failures"]} == {"dns"}
    assert fact["hosts_without_aaaa"] == ["sub.yunxi.gov.cn"]
    assert not any(host == "sub.yunxi.gov.cn" for host, _path in asked)
    [finding] = judge(fact, site.url("www.yunxi.gov.cn"))
    assert finding.message == "IPv6二级链接支持率50%(要求不低于90%)"
    assert finding.evidence["second_level"]["failing_hosts"] == ["sub.yunxi.gov.cn"]
    assert finding.evidence["hosts_without_aaaa"] == ["sub.yunxi.gov.cn"]


def test_third_level_page_missing_over_ipv6(resolver):
    v6_pages = {k: v for k, v in PAGES.items() if k != THIRD[0]}  # 6 of 7 = 85.7%
    with DualStackSite(PAGES, v6_pages=v6_pages) as site:
        fact = observe(site, "www.yunxi.gov.cn", resolver)
    [failure] = fact["third_level"]["failures"]
    assert (failure["status"], failure["stage"]) == (404, "http")
    assert judge(fact, site.url("www.yunxi.gov.cn")) == []  # 85.7% >= 85%
    stricter = {**RULES, "ipv6": {**RULES["ipv6"], "third_level_min_ratio": 0.9}}
    [finding] = judge(fact, site.url("www.yunxi.gov.cn"), stricter)
    assert finding.message == "IPv6三级链接支持率85.7%(要求不低于90%)"


def test_links_beyond_the_limit_are_counted_not_probed(resolver):
    with DualStackSite(PAGES) as site:
        fact = observe(site, "www.yunxi.gov.cn", resolver, max_links=3)
    assert (fact["second_level"]["total"], fact["second_level"]["skipped"]) == (3, 1)
    assert (fact["third_level"]["total"], fact["third_level"]["skipped"]) == (3, 4)


def test_server_hanging_over_ipv6_times_out(resolver):
    with DualStackSite({"/": HOME}, hang_seconds=10) as site:
        fact = observe(site, "www.yunxi.gov.cn", resolver, second=[], third=[])
    assert fact["homepage_v6"]["stage"] == "timeout"
    [finding] = judge(fact, site.url("www.yunxi.gov.cn"))
    assert finding.message == "首页无法通过IPv6访问(访问超时)"


def test_text_similarity():
    assert text_similarity("", "") == 1.0
    assert text_similarity("今日 要闻 通知", "今日 要闻 通知") == 1.0
    assert text_similarity("今日 要闻 通知 公告", "今日 要闻") == pytest.approx(2 / 3)
    assert text_similarity("a b c", "x y z") == 0.0

