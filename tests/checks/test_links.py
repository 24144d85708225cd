from datetime import date

import pytest

from checks.links import broken_link
from checks.observations import LinkObs, Observations
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
ARTICLE = "http://www.example.gov.cn/art/2026/11/1/art_1_1.html"
RULES = load_rulebook()


def check(*links: LinkObs, rules=RULES):
    return list(broken_link(Observations(homepage=HOME, links=list(links)), rules, AS_OF))


def link(url="http://www.example.gov.cn/missing.html", outcome="broken", sources=(HOME,), **kw) -> LinkObs:
    return LinkObs(url=url, internal=kw.pop("internal", True), outcome=outcome,
                   sources=list(sources), **kw)


def test_broken_link_on_the_homepage():
    [finding] = check(link(reason="http", status=404, sources=[ARTICLE, HOME], tags=["a"]))
    assert (finding.check, finding.severity) == ("broken_link", "deduct")
    assert finding.url == "http://www.example.gov.cn/missing.html"
    assert finding.page == HOME
    assert finding.message == "首页链接无法访问(HTTP 404)"
    assert finding.evidence == {
        "status": 404, "reason": "http", "error": None, "scope": "homepage",
        "pages": sorted([ARTICLE, HOME]), "pages_total": 2, "tags": ["a"], "internal": True,
        "redirects": 0}


def test_broken_link_elsewhere_names_its_first_carrying_page():
    other = "http://www.example.gov.cn/col/col2/index.html"
    [finding] = check(link(reason="timeout", error="no answer in 15 s", sources=[other, ARTICLE],
                           internal=False))
    assert finding.page == other
    assert finding.message == "网站链接无法访问(连接超时)"
    assert finding.evidence["scope"] == "site"
    assert finding.evidence["internal"] is False
    assert finding.evidence["pages"] == sorted([other, ARTICLE])


@pytest.mark.parametrize("reason, status, text", [
    ("dns", None, "域名无法解析"),
    ("refused", None, "连接被拒绝"),
    ("reset", None, "连接被重置"),
    ("tls", None, "安全连接(TLS)失败"),
    ("loop", 302, "重定向循环"),
    ("redirects", 302, "重定向超过8次"),
    ("soft404", 200, "页面提示不存在"),
    ("http", 500, "HTTP 500"),
    (None, None, "原因不明"),
])
def test_reason_vocabulary(reason, status, text):
    [finding] = check(link(reason=reason, status=status))
    assert finding.message == f"首页链接无法访问({text})"
    assert finding.severity == "deduct"


def test_redirect_limit_in_the_message_follows_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("links: {max_redirects: 5}", encoding="utf-8")
    [finding] = check(link(reason="redirects", redirects=6), rules=load_rulebook(override))
    assert finding.message == "首页链接无法访问(重定向超过5次)"
    assert finding.evidence["redirects"] == 6


@pytest.mark.parametrize("reason, status, text", [
    ("blocked", 403, "HTTP 403"),
    ("blocked", 429, "HTTP 429"),
    ("challenge", 200, "人机验证拦截"),
])
def test_blocked_links_are_warnings(reason, status, text):
    [finding] = check(link(outcome="blocked", reason=reason, status=status, sources=[ARTICLE]))
    assert finding.severity == "warn"
    assert finding.message == f"网站链接访问受限({text})"


def test_a_warn_status_reported_as_broken_is_still_a_warning():
    [finding] = check(link(reason="http", status=401))
    assert finding.severity == "warn"
    [finding] = check(link(reason="http", status=410))
    assert finding.severity == "deduct"


def test_warn_statuses_follow_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("links: {warn_statuses: [429]}", encoding="utf-8")
    [finding] = check(link(reason="http", status=403), rules=load_rulebook(override))
    assert finding.severity == "deduct"


@pytest.mark.parametrize("outcome", ["ok", "unchecked"])
def test_ok_and_unchecked_links_are_not_findings(outcome):
    assert check(link(outcome=outcome, status=200)) == []


def test_one_finding_per_target_with_pages_capped_at_20():
    sources = [f"http://www.example.gov.cn/art/{n:02d}.html" for n in range(25, 0, -1)]
    findings = check(link(reason="http", status=404, sources=sources),
                     link(url="http://other.example.cn/a.pdf", reason="dns", sources=[HOME],
                          tags=["a", "attachment"]))
    assert [f.url for f in findings] == ["http://www.example.gov.cn/missing.html",
                                         "http://other.example.cn/a.pdf"]
    first = findings[0]
    assert first.evidence["pages"] == sorted(sources)[:20]
    assert first.evidence["pages_total"] == 25
    assert first.page == sources[0]
    assert findings[1].evidence["tags"] == ["a", "attachment"]


def test_link_without_carrying_pages_has_no_page():
    [finding] = check(link(reason="http", status=404, sources=[]))
    assert finding.page is None
    assert finding.evidence["scope"] == "site"
    assert finding.evidence["pages_total"] == 0
