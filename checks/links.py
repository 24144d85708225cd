"""Link availability: broken links are deducted, refusals (401/403/429, bot challenges) warned.

The crawler has tried each target (twice where a second try could help) and stored the raw
facts of the final answer: its status, the length of its visible text, the "not found" words
and the bot-challenge markers seen. ``judge_answer`` says what those facts mean under the
rulebook (soft 404, refusal, challenge, HTTP error); the crawl asks it too, with the audit's
rulebook, only to decide on a second try and on reading the page. A run stored before the
facts were kept, and a failure without an answer (a network error, a redirect chain that
ended badly), keep the outcome the crawl recorded.
"""
from __future__ import annotations

import dataclasses
from datetime import date
from typing import Iterable, Iterator

from checks.base import Finding, rule
from checks.observations import LinkObs, Observations

MAX_PAGES_LISTED = 20  # the evidence names this many carrying pages, and counts them all

_REASON_TEXT = {
    "dns": "域名无法解析",
    "refused": "连接被拒绝",
    "reset": "连接被重置",
    "tls": "安全连接(TLS)失败",
    "timeout": "连接超时",
    "loop": "重定向循环",
    "soft404": "页面提示不存在",
    "challenge": "人机验证拦截",
}
# The error an answer's failure carries in the evidence.
_ANSWER_ERRORS = {"soft404": "页面提示内容不存在", "challenge": "反爬虫验证页面",
                  "redirect": "重定向缺少目标地址"}


def judge_answer(status: int, text_length: int | None, notfound_words: Iterable[str],
                 challenge_markers: Iterable[str], link_rules: dict
                 ) -> tuple[str, str | None, str | None]:
    """(outcome, reason, error) of a final answer (not a redirect followed): ok, broken (an
    HTTP error, a soft 404) or blocked (a refusal, a bot challenge). ``text_length`` is the
    visible text of an HTML body read, None when no body was read (HEAD, not HTML)."""
    markers = list(challenge_markers)
    if markers and status in link_rules["challenge_statuses"] and text_length is not None \
            and text_length < link_rules["challenge_max_length"]:
        return "blocked", "challenge", _ANSWER_ERRORS["challenge"]
    if status in link_rules["blocked_statuses"]:
        return "blocked", "blocked", None
    if status >= 400:
        return "broken", "http", None
    if status >= 300:
        return "broken", "http", _ANSWER_ERRORS["redirect"]
    if text_length is not None and text_length <= link_rules["soft404_max_length"] \
            and _any_phrase(notfound_words, link_rules["soft404_phrases"]):
        return "broken", "soft404", _ANSWER_ERRORS["soft404"]
    return "ok", None, None


def _any_phrase(words: Iterable[str], phrases: Iterable[str]) -> bool:
    wanted = {phrase.casefold() for phrase in phrases}
    return any(word.casefold() in wanted for word in words)


def judged(link: LinkObs, link_rules: dict) -> LinkObs:
    """The link as the rulebook judges it: from the stored facts of its final answer, where
    the crawl kept them; else as the crawl recorded it."""
    if link.notfound_words is None or link.status is None or link.outcome == "unchecked":
        return link
    outcome, reason, error = judge_answer(link.status, link.text_length, link.notfound_words,
                                          link.challenge_markers or (), link_rules)
    if (outcome, reason) == (link.outcome, link.reason):
        return link
    return dataclasses.replace(link, outcome=outcome, reason=reason, error=error)


@rule("broken_link", "deduct", "链接不可用")
def broken_link(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    link_rules = rules["links"]
    warn_statuses = set(link_rules["warn_statuses"])
    for link in (judged(link, link_rules) for link in obs.links):
        if link.outcome == "broken":
            severity = "warn" if link.status in warn_statuses else "deduct"
        elif link.outcome == "blocked":
            severity = "warn"
        else:
            continue  # ok, or unchecked (budget, robots, our own timeout): not a finding
        yield _finding(obs, link, severity, link_rules["max_redirects"])


def _finding(obs: Observations, link: LinkObs, severity: str, max_redirects: int) -> Finding:
    on_homepage = obs.homepage in link.sources
    where = "首页" if on_homepage else "网站"
    problem = "链接访问受限" if severity == "warn" else "链接无法访问"
    return Finding(
        check="broken_link", severity=severity, url=link.url,
        page=obs.homepage if on_homepage else (link.sources[0] if link.sources else None),
        message=f"{where}{problem}({_reason_text(link, max_redirects)})",
        evidence={
            "status": link.status,
            "reason": link.reason,
            "error": link.error,
            "scope": "homepage" if on_homepage else "site",
            "pages": sorted(link.sources)[:MAX_PAGES_LISTED],
            "pages_total": len(link.sources),
            "tags": list(link.tags),
            "internal": link.internal,
            "redirects": link.redirects,
        })


def _reason_text(link: LinkObs, max_redirects: int) -> str:
    """The short Chinese cause shown in brackets, from the crawler's reason vocabulary."""
    if link.reason == "redirects":
        return f"重定向超过{max_redirects}次"
    if link.reason in _REASON_TEXT:
        return _REASON_TEXT[link.reason]
    if link.status is not None:  # http, blocked, or a reason we do not know
        return f"HTTP {link.status}"
    return link.error or "原因不明"
