"""The monitoring date (as-of) of an inspection: today in China time by default
(``checks.chinatime.china_today``), and a range of dates the product can reason about.

Probe windows, deadlines and notices are counted in China time (UTC+8); a machine whose
clock runs in UTC is still on "yesterday" until 08:00 Beijing time, so the default date is
taken from the China-time clock, never from the machine's local date. Dates far from the
present (year 1 or 9999) overflow date arithmetic and name no inspection anyone makes.
"""
from __future__ import annotations

from datetime import date

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def check_date(value: date, what: str = "日期") -> date:
    """``value`` when it lies within EARLIEST..LATEST; ValueError saying so otherwise."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{what} {value.isoformat()} 超出可用范围"
                         f"（{EARLIEST.isoformat()} 至 {LATEST.isoformat()}）")
    return value
