"""IPv6 support (47号 IPv6改造; YD/T 3118 and the national IPv6 monitoring platform).

Reads the ``ipv6/summary`` fact the IPv6 probe stored and judges five criteria: the AAAA
record, the homepage reachable over IPv6, the IPv6 homepage the same as the IPv4 one, and
the share of second- and third-level internal links reachable over IPv6. All failed
criteria make ONE finding on the homepage, whose evidence names every failing host and
link, so the site owner knows what to fix.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterator

from checks.base import Finding, NotChecked, rule
from checks.observations import Observations

# Defaults when a rulebook lacks a key (checks/rulebook.yaml holds the real values).
DEFAULT_LIMITS = {"second_level_min_ratio": 0.90, "third_level_min_ratio": 0.85,
                  "text_similarity_min": 0.5}
_STAGE_TEXT = {"dns": "域名无法解析", "tcp": "无法建立连接", "tls": "安全连接(TLS)失败",
               "timeout": "访问超时", "http": "访问出错"}
_LEVEL_TEXT = {"second_level": "二级链接", "third_level": "三级链接"}
# The probe's stage for an answer cut at a size bound: neither a failure nor a success.
CUT_STAGE = "limit"


@rule("ipv6_unsupported", "deduct", "IPv6支持")
def ipv6_unsupported(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    fact = obs.fact("ipv6", "summary")
    if fact is None:
        raise NotChecked("未进行IPv6探测 / no IPv6 probe was made")
    if not fact.get("aaaa") and not fact.get("a") and _is_timeout(fact.get("aaaa_error")):
        # Neither lookup answered: our resolver, not the site, is the likelier cause.
        raise NotChecked("域名解析无应答，无法判断IPv6支持 / DNS did not answer")
    limits = {**DEFAULT_LIMITS, **rules.get("ipv6", {})}
    failed = list(_failed_criteria(fact, limits))
    if not failed:
        cut = [side for side in ("homepage_v6", "homepage_v4")
               if (fact.get(side) or {}).get("stage") == CUT_STAGE]
        if cut:
            raise NotChecked("首页响应超过大小上限，未能完整读取，无法判断IPv6支持 / "
                             f"the homepage answer was cut at a size bound ({', '.join(cut)})")
        return
    yield Finding(
        check="ipv6_unsupported", severity="deduct", url=obs.homepage, page=obs.homepage,
        message="；".join(item["text"] for item in failed),
        evidence={
            "failed": [item["criterion"] for item in failed],
            "criteria": failed,
            "host": fact.get("host"),
            "aaaa": fact.get("aaaa", []),
            "homepage_v6": fact.get("homepage_v6"),
            "homepage_v4": fact.get("homepage_v4"),
            "same_content": fact.get("same_content"),
            "second_level": _level_evidence(fact.get("second_level"),
                                            limits["second_level_min_ratio"]),
            "third_level": _level_evidence(fact.get("third_level"),
                                           limits["third_level_min_ratio"]),
            "hosts_without_aaaa": fact.get("hosts_without_aaaa", []),
            "nameservers_without_ipv6": sorted(
                ns for ns, addresses in (fact.get("nameservers") or {}).items() if not addresses),
        })


def _failed_criteria(fact: dict[str, Any], limits: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each failed criterion as {criterion, text}: the text is one clause of the message."""
    home_v6 = fact.get("homepage_v6") or {}
    if not fact.get("aaaa"):
        reason = fact.get("aaaa_error")
        yield {"criterion": "no_aaaa", "text": "网站未支持IPv6访问(无AAAA记录)", "detail": reason}
    elif home_v6.get("stage") == CUT_STAGE:
        pass  # cut at a size bound: not judged either way
    elif not home_v6.get("ok"):
        yield {"criterion": "homepage_unreachable",
               "text": f"首页无法通过IPv6访问({_failure_text(home_v6)})",
               "detail": home_v6.get("error")}
    else:
        yield from _content_differs(fact.get("same_content") or {}, limits)
    for level, key in (("second_level", "second_level_min_ratio"),
                       ("third_level", "third_level_min_ratio")):
        summary = fact.get(level) or {}
        ratio, minimum = summary.get("ratio"), limits[key]
        if ratio is not None and ratio < minimum:
            yield {"criterion": f"{level}_ratio",
                   "text": f"IPv6{_LEVEL_TEXT[level]}支持率{percent(ratio)}(要求不低于{percent(minimum)})",
                   "detail": f"{summary.get('ok')}/{summary.get('total')}"}


def _content_differs(same: dict[str, Any], limits: dict[str, Any]) -> Iterator[dict[str, Any]]:
    minimum = limits["text_similarity_min"]
    similarity = same.get("text_similarity")
    if same.get("title_equal") is False:
        yield {"criterion": "content_differs",
               "text": "IPv6首页与IPv4首页标题不一致",
               "detail": {"title_v4": same.get("title_v4"), "title_v6": same.get("title_v6")}}
    elif similarity is not None and similarity < minimum:
        yield {"criterion": "content_differs",
               "text": f"IPv6首页与IPv4首页内容不一致(相似度{percent(similarity)})",
               "detail": {"text_similarity": similarity, "min": minimum}}


def _level_evidence(summary: dict[str, Any] | None, minimum: float) -> dict[str, Any] | None:
    if not summary:
        return None
    failures = summary.get("failures") or []
    return {"total": summary.get("total"), "ok": summary.get("ok"),
            "ratio": summary.get("ratio"), "min_ratio": minimum,
            "skipped": summary.get("skipped", 0),
            "failing_hosts": sorted({f.get("host") for f in failures if f.get("host")}),
            "failures": failures}


def _failure_text(probe: dict[str, Any]) -> str:
    if probe.get("stage") == "http" and probe.get("status"):
        return f"HTTP {probe['status']}"
    return _STAGE_TEXT.get(probe.get("stage") or "", probe.get("error") or "原因不明")


def _is_timeout(error: str | None) -> bool:
    return bool(error) and "timeout" in error.lower()


def percent(ratio: float) -> str:
    """0.85 -> "85%", 0.8999 -> "89.9%": rounded down, so a ratio short of a limit never
    reads as the limit itself."""
    value = math.floor(ratio * 1000 + 1e-9) / 10
    return f"{value:g}%"
