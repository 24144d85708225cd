"""The site verdict (合格 / 不合格 / 未能检查): any veto finding, or the column counters of
veto V4; a site whose homepage could not be read is not judged at all.

V4 (国办秘函〔2019〕19号 栏目不更新) fails a site when
  (a) news columns stale over 14 days + first-level notice/policy columns stale over 6 months >= 5,
  (b) columns that should be updated but have long not been >= 10,
  (c) blank columns >= 5.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from datetime import date

from checks.base import RULES, SEVERITIES, CheckResults, Finding, run_checks
from checks.observations import ColumnObs, Observations

NAMES_LISTED = 10  # column names quoted in one detail sentence


@dataclass
class Verdict:
    result: str  # pass | fail | unchecked
    reasons: list[str] = field(default_factory=list)  # veto check ids, then V4a / V4b / V4c
    details: list[str] = field(default_factory=list)  # one Chinese sentence per reason
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"result": self.result, "reasons": list(self.reasons),
                "details": list(self.details), "counts": dict(self.counts)}


UNREADABLE = "homepage_unreadable"  # the reason id of an unchecked verdict


def judge(findings: list[Finding], columns: list[ColumnObs], rules: dict,
          homepage_error: str | None = None) -> Verdict:
    """Judge the site from its findings; ``columns`` give the names quoted in the details.
    A site whose homepage could not be read is ``unchecked``: what the crawl did not see
    can neither pass nor fail it."""
    if homepage_error is not None:
        return Verdict("unchecked", [UNREADABLE],
                       [f"首页未能读取（{homepage_error}），网站未能检查，不作合格与否的判定"],
                       {severity: 0 for severity in SEVERITIES})

    limits = rules["verdict"]
    freshness = rules["freshness"]["categories"]
    names = {column.url: column.name or column.url for column in columns}
    reasons: list[str] = []
    details: list[str] = []

    vetoes: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == "veto":
            vetoes.setdefault(finding.check, []).append(finding)
    for check, found in vetoes.items():
        reasons.append(check)
        details.append(_veto_detail(check, found))

    key_stale = _column_urls(findings, "stale_column", lambda f: bool(f.evidence.get("v4")))
    stale = _column_urls(findings, "stale_column", lambda f: limits["v4b_counts_news_weekly"]
                         or f.evidence.get("rule") != "news_weekly")
    blank = _column_urls(findings, "blank_column", lambda f: True)

    if len(key_stale) >= limits["key_stale_min"]:
        reasons.append("V4a")
        details.append(
            f"动态要闻类栏目超过{freshness['news']['max_age_days']}天未更新及一级通知公告、政策文件类栏目"
            f"超过{freshness['notice']['max_age_days']}天未更新共{len(key_stale)}个"
            f"(达到{limits['key_stale_min']}个即单项否决)：{_listed(key_stale, names)}")
    if len(stale) >= limits["stale_min"]:
        reasons.append("V4b")
        details.append(
            f"应更新但长期未更新的栏目共{len(stale)}个"
            f"(达到{limits['stale_min']}个即单项否决)：{_listed(stale, names)}")
    if len(blank) >= limits["blank_min"]:
        reasons.append("V4c")
        details.append(
            f"空白栏目共{len(blank)}个(达到{limits['blank_min']}个即单项否决)：{_listed(blank, names)}")

    counts = {
        "veto": sum(len(found) for found in vetoes.values()),
        "deduct": sum(1 for f in findings if f.severity == "deduct"),
        "warn": sum(1 for f in findings if f.severity == "warn"),
        "key_stale_columns": len(key_stale),
        "stale_columns": len(stale),
        "blank_columns": len(blank),
    }
    return Verdict("fail" if reasons else "pass", reasons, details, counts)


@dataclass
class Judgement:
    """What the checks made of one run's observations, as of one date, by one rulebook."""

    as_of: date
    results: CheckResults
    verdict: Verdict


def judge_site(obs: Observations, rules: dict, as_of: date) -> Judgement:
    """Every site check and the verdict over what one run observed: the whole judgement,
    the same at the end of a crawl and when a stored run is judged again."""
    results = run_checks(obs, rules, as_of)
    homepage = obs.homepage_page()
    unreadable = "首页未能抓取" if homepage is None else homepage.error
    return Judgement(as_of, results,
                     judge(results.findings, obs.columns, rules, homepage_error=unreadable))


def _column_urls(findings: list[Finding], check: str,
                 accepts: Callable[[Finding], bool]) -> list[str]:
    """Distinct column urls of ``check`` findings that ``accepts`` lets in, in finding order."""
    urls: dict[str, None] = {}
    for finding in findings:
        if finding.check == check and accepts(finding):
            urls.setdefault(finding.url, None)
    return list(urls)


def _veto_detail(check: str, found: list[Finding]) -> str:
    registered = RULES.get(check)
    title = registered.title if registered else check
    more = f"等{len(found)}处" if len(found) > 1 else ""
    return f"单项否决“{title}”：{found[0].message}{more}"


def _listed(urls: list[str], names: dict[str, str]) -> str:
    shown = "、".join(names.get(url, url) for url in urls[:NAMES_LISTED])
    return shown + ("等" if len(urls) > NAMES_LISTED else "")
