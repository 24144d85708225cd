"""Freshness: the homepage (veto V3), columns by category (deduct, counted toward V4), blank columns.

Windows: an item's age is ``(as_of - date).days``; a page is stale for a window of N days when
its newest item is older than N days. An item without a date counts as not updated.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from checks.base import Finding, NotChecked, rule
from checks.observations import ColumnObs, ItemObs, Observations, PageObs
from checks.summary import age_days, as_date, count_recent, latest_date

NEWS = "news"
V4_FIRST_LEVEL_CATEGORIES = ("notice", "policy")  # 通知公告/政策文件类一级栏目 count toward V4(a)
NOT_JUDGED_CATEGORIES = ("mailbox",)  # message columns are judged by the message checks
# How a column's list was read (crawl fact "column_read"), as the evidence says it.
READ_TEXT = {"markup": "页面源代码", "api": "列表数据接口", "browser": "浏览器渲染后"}


@rule("homepage_stale", "veto", "首页不更新")
def homepage_stale(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    readable_homepage(obs)
    items = obs.homepage_items
    if not items:
        # No item recognised is more likely our extraction than an empty homepage.
        raise NotChecked("首页未识别到信息条目 / no item recognised on the homepage")
    max_age = rules["freshness"]["homepage"]["max_age_days"]
    dates = [_homepage_item_date(obs, item) for item in items]
    latest = latest_date(dates)
    age = age_days(latest, as_of) if latest else None
    if age is not None and age <= max_age:
        return
    if latest is None:
        message = "首页信息均未标注发布日期，视为未更新"
    else:
        message = f"首页超过{max_age}天未更新(最近更新{latest.isoformat()})"
    yield Finding(
        check="homepage_stale", severity="veto", url=obs.homepage, page=obs.homepage,
        message=message,
        evidence={
            "latest": latest.isoformat() if latest else None,
            "age_days": age,
            "max_age_days": max_age,
            "items_seen": len(items),
            "items_dated": sum(1 for d in dates if d is not None),
        })


def _homepage_item_date(obs: Observations, item: ItemObs) -> date | None:
    """The item's own date, else the publication date of the article it links to."""
    if item.date is not None:
        return as_date(item.date)
    if item.url:
        article = obs.page(item.url)
        if article is not None and article.published is not None:
            return as_date(article.published)
    return None


def readable_homepage(obs: Observations) -> PageObs:
    """The homepage as read by the crawler; NotChecked when it was not read."""
    homepage = obs.homepage_page()
    if homepage is None or homepage.error is not None or (
            homepage.status is not None and homepage.status >= 400):
        raise NotChecked("首页未能读取 / homepage not read")
    return homepage


@rule("stale_column", "deduct", "栏目不更新")
def stale_column(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    freshness = rules["freshness"]
    for column in obs.columns:
        if column.category in NOT_JUDGED_CATEGORIES or not column.items:
            continue  # an empty column is a blank_column finding, not a stale one
        finding = _judge_column(column, freshness, as_of)
        if finding is not None:
            read = obs.fact("column_read", column.url) or {}
            if read.get("via"):
                finding.evidence["read"] = read["via"]
            yield finding


def _judge_column(column: ColumnObs, freshness: dict, as_of: date) -> Finding | None:
    category_rules = freshness["categories"]
    limits = category_rules.get(column.category, category_rules["other"])
    max_age: int = limits["max_age_days"]
    weekly_min: int | None = limits.get("weekly_min")
    recent_days: int = freshness["recent_days"]

    dates = [item.date for item in column.items]
    latest = latest_date(dates)
    if latest is None and not column.complete:
        return None  # nothing dated was read and the list was not read in full: unchecked
    age = age_days(latest, as_of) if latest else None
    new_recent = count_recent(dates, as_of, recent_days)
    name = _column_label(column)

    if age is None or age > max_age:
        rule_name = "news_14d" if column.category == NEWS else "max_age"
        v4 = column.category == NEWS or (
            column.category in V4_FIRST_LEVEL_CATEGORIES and column.level == 1)
        if latest is None:
            message = f"栏目“{name}”的信息均未标注发布日期，视为未更新"
        else:
            message = f"栏目“{name}”超过{max_age}天未更新(最近更新{latest.isoformat()})"
    elif weekly_min is not None and new_recent < weekly_min:
        rule_name, v4 = "news_weekly", False
        done = f"仅更新{new_recent}条" if new_recent else "无更新"
        message = f"栏目“{name}”近{recent_days}天{done}(要求每周不少于{weekly_min}条)"
    else:
        return None

    evidence: dict[str, Any] = {
        "rule": rule_name,
        "category": column.category,
        "level": column.level,
        "latest": latest.isoformat() if latest else None,
        "age_days": age,
        "max_age_days": max_age,
        "new_last_7_days": new_recent,
        "weekly_min": weekly_min,
        "items": len(column.items),
        "v4": v4,
    }
    if latest is None:
        evidence["undated"] = True  # items were listed, none carried a date
    if not column.complete:
        evidence["complete"] = False  # judged on the list pages that could be read
    return Finding(check="stale_column", severity="deduct", url=column.url, page=column.url,
                   message=message, evidence=evidence)


@rule("blank_column", "deduct", "空白栏目")
def blank_column(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    columns_with_messages = {m.column_url for m in obs.messages}
    for column in obs.columns:
        if column.items or not column.complete:
            continue  # a list that could not be read is unchecked, not blank
        if column.url in columns_with_messages:
            continue  # a mailbox lists its messages, not items
        read = obs.fact("column_read", column.url) or {}
        if "via" in read and read["via"] is None:
            continue  # its list is drawn by script that could not be run: unchecked
        via = read.get("via") or "markup"
        evidence = {"category": column.category, "level": column.level,
                    "pages_read": column.pages_read, "items": 0, "read": via,
                    "read_text": READ_TEXT.get(via, via)}
        if read.get("shape"):
            evidence["shape"] = read["shape"]
        if read.get("api"):
            evidence["api"] = read["api"]
        yield Finding(
            check="blank_column", severity="deduct", url=column.url, page=column.url,
            message=f"栏目“{_column_label(column)}”为空白栏目",
            evidence=evidence)


def _column_label(column: ColumnObs) -> str:
    return column.name or column.url
