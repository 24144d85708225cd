"""Post times as new-media platforms write them, turned into aware China time.

Relative forms (``刚刚``, ``5分钟前``, ``3小时前``, ``昨天 08:15``, ``今天 09:00``) count back from
the moment the source was read, which is an argument: nothing here reads the clock. Absolute
forms: Weibo's ``Sat Jan 06 12:00:00 +0800 2024``, RSS ``Sat, 06 Jan 2024 12:00:00 +0800``,
ISO 8601 (Atom, JSON Feed), unix seconds (WeChat ``var ct``), and every form the site date
parser knows (``2024-01-06``, ``01-06`` with the year inferred, ``2024年1月6日``). A time
without a zone is China time.
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime

from checks.chinatime import CHINA, to_china
from crawlers.extract.dates import parse_datetime

_JUST_NOW = re.compile(r"^(刚刚|刚才|just now)$", re.I)
_AGO = re.compile(r"^(?P<n>\d+)\s*(?P<unit>秒|分钟|小时|天)前$")
_DAY_WORD = re.compile(r"^(?P<day>今天|昨天|前天)\s*(?:(?P<H>\d{1,2})\s*:\s*(?P<M>\d{2}))?$")
_UNIX_SECONDS = re.compile(r"^\d{9,10}$")
_WEIBO_STAMP = re.compile(
    r"^[A-Za-z]{3}\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+"
    r"(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})\s+(?P<tz>[+-]\d{4})\s+(?P<y>\d{4})$")
_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_UNITS = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}


def parse_post_time(text: str | int | float | None, as_of_moment: datetime) -> datetime | None:
    """The moment ``text`` names, in China time; None when it names none.

    ``as_of_moment`` (aware) is when the source was read: relative forms count back from it
    and a month-day form takes the year that puts it on or before that day.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return from_unix(text)
    value = " ".join(str(text).split())
    if not value:
        return None
    now = as_of_moment.astimezone(CHINA)
    for parse in (_relative, _weibo_stamp):
        found = parse(value, now)
        if found is not None:
            return found
    if _UNIX_SECONDS.match(value):
        return from_unix(int(value))
    for parse_absolute in (_iso, _rfc822):
        found = parse_absolute(value)
        if found is not None:
            return found
    naive = parse_datetime(value, now.date())
    return naive.replace(tzinfo=CHINA) if naive is not None else None


def from_unix(seconds: int | float | str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(seconds), tz=CHINA)
    except (ValueError, OverflowError, OSError):
        return None


def _relative(value: str, now: datetime) -> datetime | None:
    if _JUST_NOW.match(value):
        return now
    match = _AGO.match(value)
    if match:
        return now - timedelta(**{_UNITS[match["unit"]]: int(match["n"])})
    match = _DAY_WORD.match(value)
    if match:
        day = now.date() - timedelta(days=_DAYS_BACK[match["day"]])
        hour, minute = int(match["H"] or 0), int(match["M"] or 0)
        if hour > 23 or minute > 59:
            return None
        return datetime.combine(day, time(hour, minute), tzinfo=CHINA)
    return None


def _weibo_stamp(value: str, _now: datetime) -> datetime | None:
    """``Sat Jan 06 12:00:00 +0800 2024``, read without the locale (``%a``/``%b`` are not)."""
    match = _WEIBO_STAMP.match(value)
    if not match or match["mon"].lower() not in _MONTHS:
        return None
    offset = int(match["tz"][1:3]) * 60 + int(match["tz"][3:5])
    zone = timezone(timedelta(minutes=-offset if match["tz"][0] == "-" else offset))
    try:
        moment = datetime(int(match["y"]), _MONTHS[match["mon"].lower()], int(match["d"]),
                          int(match["H"]), int(match["M"]), int(match["S"]), tzinfo=zone)
    except ValueError:
        return None
    return moment.astimezone(CHINA)


def _iso(value: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        return None  # a bare date goes to the site date parser
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return to_china(moment)


def _rfc822(value: str) -> datetime | None:
    if not re.search(r"[A-Za-z]{3}", value):
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000" means UTC with no local zone known
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CHINA)
