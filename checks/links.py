"""Link availability: broken links are deducted, refusals (401/403/429, bot challenges) warned.

The crawler has already tried each target twice and recorded the outcome and its reason; this
check only turns those outcomes into findings, one per target.
"""
from __future__ import annotations

from datetime import date
from typing import Iterator

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


@rule("broken_link", "deduct", "链接不可用")
def broken_link(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    link_rules = rules["links"]
    warn_statuses = set(link_rules["warn_statuses"])
    for link in obs.links:
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
