"""The ipv6_unsupported rule on stored observations: criteria, thresholds, evidence."""
from __future__ import annotations

import copy
from datetime import date

import pytest

from checks.base import NotChecked, run_checks
from checks.ipv6 import ipv6_unsupported, percent
from checks.observations import Observations
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.yunxi.gov.cn/"
RULES = load_rulebook()
OK_PROBE = {"ok": True, "status": 200, "stage": None, "error": None, "seconds": 0.1,
            "address": "::1", "family": "ipv6", "final_url": HOME}
GOOD = {
    "host": "www.yunxi.gov.cn", "aaaa": ["::1"], "aaaa_error": None,
    "a": ["127.0.0.1"], "a_error": None,
    "homepage_v6": OK_PROBE, "homepage_v4": {**OK_PROBE, "address": "127.0.0.1"},
    "same_content": {"title_v4": "云溪区人民政府", "title_v6": "云溪区人民政府",
                     "title_equal": True, "text_similarity": 0.97},
    "second_level": {"total": 10, "ok": 10, "ratio": 1.0, "skipped": 0, "failures": []},
    "third_level": {"total": 20, "ok": 20, "ratio": 1.0, "skipped": 0, "failures": []},
    "hosts_without_aaaa": [],
    "nameservers": {"ns1.yunxi.gov.cn": ["::1"]},
}


def fact(**changes) -> dict:
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


def level(total: int, ok: int, failing: list[tuple[str, str]] = ()) -> dict:
    return {"total": total, "ok": ok, "ratio": round(ok / total, 4) if total else None,
            "skipped": 0,
            "failures": [{"url": url, "host": host, "stage": "dns", "status": None,
                          "error": "无AAAA记录(no AAAA record)"} for url, host in failing]}


def judge(data: dict | None, rules: dict = RULES) -> list:
    facts = {} if data is None else {("ipv6", "summary"): data}
    return list(ipv6_unsupported(Observations(homepage=HOME, facts=facts), rules, AS_OF))


def test_good_site_has_no_finding():
    assert judge(fact()) == []


def test_no_observation_is_not_checked():
    with pytest.raises(NotChecked):
        judge(None)


def test_silent_dns_is_not_checked():
    with pytest.raises(NotChecked):
        judge(fact(aaaa=[], a=[], aaaa_error="DNS timeout", a_error="DNS timeout"))


def test_second_level_exactly_at_the_limit_passes_and_just_below_fails():
    assert judge(fact(second_level=level(10, 9))) == []
    [finding] = judge(fact(second_level=level(1000, 899)))
    assert finding.message == "IPv6二级链接支持率89.9%(要求不低于90%)"


def test_every_failed_criterion_and_failing_link_is_in_one_finding():
    failing = [("http://sub.yunxi.gov.cn/a.html", "sub.yunxi.gov.cn"),
               ("http://old.yunxi.gov.cn/b.html", "old.yunxi.gov.cn")]
    data = fact(same_content={**GOOD["same_content"], "title_equal": True,
                              "text_similarity": 0.31},
                second_level=level(20, 17, failing),
                third_level=level(10, 8, failing[:1]),
                hosts_without_aaaa=["old.yunxi.gov.cn", "sub.yunxi.gov.cn"],
                nameservers={"ns1.yunxi.gov.cn": [], "ns2.yunxi.gov.cn": ["::1"]})
    [finding] = judge(data)
    assert (finding.check, finding.severity, finding.url) == ("ipv6_unsupported", "deduct", HOME)
    assert finding.message == ("IPv6首页与IPv4首页内容不一致(相似度31%)；"
                               "IPv6二级链接支持率85%(要求不低于90%)；"
                               "IPv6三级链接支持率80%(要求不低于85%)")
    assert "\n" not in finding.message
    evidence = finding.evidence
    assert evidence["failed"] == ["content_differs", "second_level_ratio", "third_level_ratio"]
    assert [f["url"] for f in evidence["second_level"]["failures"]] == [u for u, _h in failing]
    assert evidence["second_level"]["failing_hosts"] == ["old.yunxi.gov.cn", "sub.yunxi.gov.cn"]
    assert evidence["third_level"]["min_ratio"] == 0.85
    assert evidence["hosts_without_aaaa"] == ["old.yunxi.gov.cn", "sub.yunxi.gov.cn"]
    assert evidence["nameservers_without_ipv6"] == ["ns1.yunxi.gov.cn"]


def test_ipv6_homepage_error_status_is_named():
    [finding] = judge(fact(homepage_v6={**OK_PROBE, "ok": False, "stage": "http",
                                        "status": 502, "error": "HTTP 502"}))
    assert finding.message == "首页无法通过IPv6访问(HTTP 502)"
    assert finding.evidence["homepage_v6"]["status"] == 502


def test_no_links_seen_is_not_a_ratio_failure():
    assert judge(fact(second_level=level(0, 0), third_level=level(0, 0))) == []


def test_rulebook_thresholds_apply():
    rules = copy.deepcopy(RULES)
    rules["ipv6"]["second_level_min_ratio"] = 0.5
    assert judge(fact(second_level=level(10, 6)), rules) == []
    assert len(judge(fact(second_level=level(10, 6)))) == 1


def test_registered_with_the_catalog():
    obs = Observations(homepage=HOME, facts={("ipv6", "summary"): fact(aaaa=[])})
    results = run_checks(obs, RULES, AS_OF, only=["ipv6_unsupported"])
    assert results.statuses["ipv6_unsupported"] == ("checked", None)
    assert [f.message for f in results.findings] == ["网站未支持IPv6访问(无AAAA记录)"]


@pytest.mark.parametrize("ratio, text", [(0.85, "85%"), (0.9, "90%"), (0.8999, "89.9%"),
                                         (0.29, "29%"), (1.0, "100%"), (0.0, "0%")])
def test_percent_rounds_down(ratio, text):
    assert percent(ratio) == text
