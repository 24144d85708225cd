"""Chinese official working days: statutory holidays off, make-up working weekends on.

Deadlines in the indicators (message replies, policy interpretations) are counted in working
days as the State Council's holiday arrangement defines them, not in plain weekdays.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar


def is_working_day(d: date) -> bool:
    """True on an official working day.

    Uses the chinesecalendar holiday tables (statutory holidays and 调休 make-up working
    days). For a year those tables do not cover yet, falls back to Monday to Friday.
    """
    return _is_working_day(_as_date(d))


@lru_cache(maxsize=4096)
def _is_working_day(d: date) -> bool:
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:  # year outside the library's tables
        return d.weekday() < 5


def working_days_after(start: date, end: date) -> int:
    """Number of working days in (start, end]: ``start`` itself is not counted.

    A message sent on a Friday and answered the next Monday took 1 working day. Returns 0
    when ``end`` is not after ``start``.
    """
    start, end = _as_date(start), _as_date(end)
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if _is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (before it for negative ``n``).

    ``add_working_days(d, 0)`` is ``d`` itself, whatever day it is; for n > 0 the result is
    always a working day and ``working_days_after(start, result) == n``.
    """
    day = _as_date(start)
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if _is_working_day(day):
            remaining -= 1
    return day


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d
