"""What a column's dates say as of a day: newest date, items new in the last week.

The report's column table (SPEC §4) and the freshness checks count the same way, so both use
the helpers here.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from checks.observations import ColumnObs

RECENT_DAYS = 7  # "the last 7 days" of SPEC §1, the default of rulebook freshness.recent_days


def as_date(value: date | datetime | None) -> date | None:
    """The calendar day of a date or datetime (a datetime keeps its own time zone's day)."""
    if isinstance(value, datetime):
        return value.date()
    return value


def age_days(day: date, as_of: date) -> int:
    """Whole days from ``day`` to ``as_of``; negative for a date after ``as_of``."""
    return (as_date(as_of) - as_date(day)).days


def latest_date(dates: Iterable[date | None]) -> date | None:
    """The newest of the known dates, None when no date is known."""
    known = [as_date(d) for d in dates if d is not None]
    return max(known) if known else None


def count_recent(dates: Iterable[date | None], as_of: date, days: int = RECENT_DAYS) -> int:
    """Dates within the last ``days`` days up to ``as_of`` (age <= days - 1).

    Dates after ``as_of`` count as recent: a site that pre-dates an item has still published it.
    """
    return sum(1 for d in dates if d is not None and age_days(d, as_of) <= days - 1)


def column_summary(column: ColumnObs, as_of: date) -> dict[str, Any]:
    """The column object of the JSON report (SPEC §4)."""
    dates = [item.date for item in column.items]
    latest = latest_date(dates)
    return {
        "url": column.url,
        "name": column.name,
        "category": column.category,
        "items": len(column.items),
        "latest": latest.isoformat() if latest else None,
        "new_last_7_days": count_recent(dates, as_of),
    }
