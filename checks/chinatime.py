"""China time (UTC+8), the one clock of everything a person reads: as-of dates, deadlines,
probe windows, report timestamps.

Storage keeps run and probe times in UTC (SQLite hands them back without a zone), and page
dates and post times as naive China time, as sites print them; ``to_china`` is told which.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

CHINA = timezone(timedelta(hours=8))
CHINA_LABEL = "北京时间"  # how a person is told which clock a time is on


def to_china(moment: datetime, *, naive: tzinfo = CHINA) -> datetime:
    """``moment`` as an aware China time; a naive one is first taken in zone ``naive``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=naive)
    return moment.astimezone(CHINA)


def stored_to_china(moment: datetime) -> datetime:
    """A time storage kept in UTC (naive or not) in China time."""
    return to_china(moment, naive=timezone.utc)


def china_now() -> datetime:
    return datetime.now(CHINA)


def china_today(now: datetime | None = None) -> date:
    """The date in China at ``now`` (default: this moment; a naive ``now`` is UTC)."""
    return stored_to_china(now or datetime.now(timezone.utc)).date()
