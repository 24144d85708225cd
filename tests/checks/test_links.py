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


# ---- judged from the answer's raw facts ------------------------------------------------------

def answered(status=200, length=None, words=(), markers=(), **kw) -> LinkObs:
    """A link whose final answer's raw facts were stored (the crawl's outcome ``ok``)."""
    return link(outcome=kw.pop("outcome", "ok"), status=status, text_length=length,
                notfound_words=list(words), challenge_markers=list(markers), **kw)


def lengths(rules_text: str, tmp_path) -> dict:
    override = tmp_path / "r.yaml"
    override.write_text(rules_text, encoding="utf-8")
    return load_rulebook(override)


def test_a_short_page_that_says_not_found_is_a_soft_404():
    [finding] = check(answered(length=30, words=["页面不存在"]))
    assert finding.message == "首页链接无法访问(页面提示不存在)"
    assert (finding.evidence["reason"], finding.evidence["error"]) == ("soft404", "页面提示内容不存在")
    assert check(answered(length=601, words=["页面不存在"])) == []
    assert check(answered(length=30, words=[])) == []
    assert check(answered(length=None, words=["404"])) == []  # no body was read


def test_the_soft_404_length_and_words_are_the_rulebooks(tmp_path):
    long_page = answered(length=2500, words=["404"])
    assert check(long_page) == []
    [finding] = check(long_page, rules=lengths("links: {soft404_max_length: 3000}", tmp_path))
    assert finding.evidence["reason"] == "soft404"
    # The crawl called it a soft 404 with the rulebook it ran with; this one says no.
    crawled = answered(length=30, words=["页面不存在"], outcome="broken", reason="soft404",
                       error="页面提示内容不存在", attempts=2)
    assert check(crawled, rules=lengths("links: {soft404_max_length: 10}", tmp_path)) == []
    assert check(crawled, rules=lengths("links: {soft404_phrases: [找不到]}", tmp_path)) == []
    assert check(answered(length=30, words=["not found"])) != []  # as written in any case


@pytest.mark.parametrize("status, length, markers, expected", [
    (412, 40, ["$_ts"], ("warn", "challenge", "人机验证拦截")),
    (200, 40, ["安全验证"], ("warn", "challenge", "人机验证拦截")),
    (200, 450, ["安全验证"], None),  # a long page that mentions 安全验证 is a page
    (404, 40, ["安全验证"], ("deduct", "http", "HTTP 404")),
    (403, 40, [], ("warn", "blocked", "HTTP 403")),
    (429, None, [], ("warn", "blocked", "HTTP 429")),
    (500, None, [], ("deduct", "http", "HTTP 500")),
])
def test_refusals_and_challenges_from_the_answer(status, length, markers, expected):
    found = check(answered(status=status, length=length, markers=markers, sources=[ARTICLE]))
    if expected is None:
        assert found == []
        return
    [finding] = found
    severity, reason, text = expected
    assert (finding.severity, finding.evidence["reason"]) == (severity, reason)
    assert finding.message.endswith(f"({text})")


def test_the_blocked_statuses_are_the_rulebooks(tmp_path):
    rules = lengths("links: {blocked_statuses: [429], warn_statuses: [429]}", tmp_path)
    [finding] = check(answered(status=403), rules=rules)
    assert (finding.severity, finding.evidence["reason"]) == ("deduct", "http")


def test_a_run_stored_without_the_facts_keeps_the_crawls_outcome(tmp_path):
    rules = lengths("links: {soft404_max_length: 10}", tmp_path)
    [finding] = check(link(reason="soft404", status=200), rules=rules)
    assert finding.evidence["reason"] == "soft404"
    assert check(link(outcome="ok", status=200), rules=rules) == []
    # A failure without an answer (a redirect chain) keeps its own reason too.
    [chain] = check(link(reason="loop", status=302, notfound_words=None))
    assert chain.evidence["reason"] == "loop"
