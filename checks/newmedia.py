"""政务新媒体 content updates (19号 单项否决 "内容不更新", and the local weekly minimum).

An account run's observations hold the posts its source yielded and how the reading went
(``obs.account["state"]``). A source that could not be read is "not checked", never fresh
and never stale. Ages are whole days in China time: a post is new when ``as_of - day <=
recent_days - 1`` and too old when ``as_of - day > max_age_days``.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterable, Iterator

from checks.base import Finding, NotChecked, rule
from checks.chinatime import to_china
from checks.observations import Observations, PostObs
from checks.summary import age_days, count_recent

PLATFORM_LABELS = {"weibo": "政务微博", "wechat": "微信公众号", "rss": "政务新媒体"}


def post_day(post: PostObs) -> date | None:
    """The China-time calendar day a post was published."""
    if post.published is None:
        return None
    return to_china(post.published).date()


def account_summary(posts: Iterable[PostObs], as_of: date, recent_days: int = 7
                    ) -> dict[str, Any]:
    """Newest regular post and the recent rhythm, counted the way ``newmedia_stale`` judges.

    Pinned posts are skipped for "newest" (they lead the list however old they are) but a
    pinned post published within the window still counts as a post of that week.
    """
    posts = [p for p in posts if p.published is not None]
    regular = [p for p in posts if not p.pinned]
    latest_post = max(regular, key=lambda p: to_china(p.published), default=None)
    latest = post_day(latest_post) if latest_post else None
    return {
        "latest": latest,
        "latest_at": to_china(latest_post.published) if latest_post else None,
        "age_days": age_days(latest, as_of) if latest else None,
        "posts_last_7_days": count_recent([post_day(p) for p in posts], as_of, recent_days),
        "pinned_skipped": len(posts) - len(regular),
        "posts_read": len(posts),
    }


def posts_per_day(posts: Iterable[PostObs], as_of: date, days: int = 14) -> list[dict]:
    """Posts published on each of the ``days`` days up to ``as_of``, oldest day first."""
    counts: dict[date, int] = {}
    for post in posts:
        day = post_day(post)
        if day is not None:
            counts[day] = counts.get(day, 0) + 1
    first = as_of - timedelta(days=days - 1)
    return [{"date": (first + timedelta(days=i)).isoformat(),
             "posts": counts.get(first + timedelta(days=i), 0)} for i in range(days)]


def account_label(account: dict) -> str:
    """``政务微博“某某发布”``: the platform's Chinese name and the account's name."""
    kind = account.get("label") or PLATFORM_LABELS.get(account.get("platform") or "", "政务新媒体")
    name = account.get("name") or account.get("key") or account.get("url") or "未命名账号"
    return f"{kind}“{name}”"


@rule("newmedia_stale", "veto", "新媒体不更新", applies_to="account")
def newmedia_stale(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    account = obs.account or {}
    state = account.get("state") or "failed"
    if state != "ok":
        why = account.get("error") or state
        raise NotChecked(f"账号内容未能读取({state}): {why} / source not read ({state})")
    dated = [p for p in obs.posts if p.published is not None]
    if not dated:
        raise NotChecked("未读到任何带发布时间的内容 / no dated post read from the source")

    limits = rules["newmedia"]
    max_age: int = limits["max_age_days"]
    weekly_min: int = limits["weekly_min"]
    recent_days: int = limits.get("recent_days", 7)
    summary = account_summary(dated, as_of, recent_days)
    latest, age = summary["latest"], summary["age_days"]
    label = account_label(account)

    if latest is None or age > max_age:
        severity, rule_name = "veto", "max_age"
        if latest is None:
            message = f"{label}除置顶内容外未读到任何发布内容，视为未更新"
        else:
            message = f"{label}超过{max_age}天未更新(最近发布{latest.isoformat()})"
    elif summary["posts_last_7_days"] < weekly_min:
        severity, rule_name = "deduct", "weekly"
        recent = summary["posts_last_7_days"]
        done = f"仅发布{recent}条" if recent else "无发布"
        message = f"{label}近{recent_days}天{done}(要求每周不少于{weekly_min}条)"
    else:
        return

    url = account.get("url") or obs.homepage
    yield Finding(
        check="newmedia_stale", severity=severity, url=url, page=url, message=message,
        evidence={
            "rule": rule_name,
            "platform": account.get("platform"),
            "latest": latest.isoformat() if latest else None,
            "latest_at": summary["latest_at"].isoformat() if summary["latest_at"] else None,
            "age_days": age,
            "max_age_days": max_age,
            "posts_last_7_days": summary["posts_last_7_days"],
            "weekly_min": weekly_min,
            "pinned_skipped": summary["pinned_skipped"],
            "posts_read": summary["posts_read"],
        })
