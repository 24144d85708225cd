"""The demo monitoring date and the date shapes list pages print.

Every date on the simulated sites is absolute; it is chosen by its age at ``AS_OF`` so that
planted problems and decoys sit well clear of the 7-, 14-, 183- and 365-day edges.
"""
from __future__ import annotations

from datetime import date, timedelta

AS_OF = date(2026, 11, 20)

DATE_STYLES = ("iso", "bracket", "month_day", "cn", "cn_short", "slash")


def ago(days: int) -> date:
    """The date that is ``days`` old at AS_OF."""
    return AS_OF - timedelta(days=days)


def age(day: date) -> int:
    return (AS_OF - day).days


def series(first: date, count: int, every: int) -> list[date]:
    """``count`` dates going back from ``first``, one every ``every`` days."""
    return [first - timedelta(days=every * n) for n in range(count)]


def format_date(day: date, style: str) -> str:
    """A list-page date as one of the shapes seen on real sites (reference §4)."""
    if style == "iso":
        return day.isoformat()
    if style == "bracket":
        return f"[{day.isoformat()}]"
    if style == "month_day":  # no year: the reader infers it
        return f"[{day:%m-%d}]"
    if style == "cn":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    if style == "cn_short":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "slash":
        return f"{day:%Y/%m/%d}"
    raise ValueError(f"unknown date style {style!r}")
