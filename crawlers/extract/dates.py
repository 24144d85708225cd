"""The one date parser: dates and times as government sites write them.

Forms: ``2026-11-18``, ``2026/11/18``, ``2026.11.18``, ``2026年1月2日``, ``20261118`` (only
as a standalone valid 8-digit date), ``2019-09-18 06:23``, ``2007-08-20-23:59:59`` (gov.cn
meta), and month-day forms without a year (``[11-18]``, ``11-18``, ``11月18日``) whose year
is inferred from an as-of date. Times are naive China time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# Full-width digits and punctuation map one to one onto ASCII, so match offsets survive.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：－／．　", "0123456789:-/. ")

_TIME = r"""
    (?:\s*|\s*[T-]\s*)
    (?P<H>\d{1,2})\s*[:时]\s*(?P<M>\d{2})(?:\s*[:分]\s*(?P<S>\d{2}))?
    (?!\d)
"""
_PATTERN = re.compile(
    r"""
    (?<!\d)(?:
        (?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]?
      | (?P<y2>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})
      | (?<![A-Za-z0-9_./-])(?P<y3>(?:19|20)\d{2})(?P<m3>[01]\d)(?P<d3>[0-3]\d)
        (?![A-Za-z_/-]|\.\d)
      | (?P<m4>\d{1,2})-(?P<d4>\d{1,2})(?![-/.月日\d])
      | (?P<m5>\d{1,2})\s*月\s*(?P<d5>\d{1,2})\s*[日号]
    )(?!\d)
    (?:""" + _TIME + r""")?
    """,
    re.X,
)
_YEAR_INFERENCE_LIMIT = 8


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: the value, whether a time was given, and the matched text."""

    value: datetime
    has_time: bool
    text: str
    start: int
    end: int
    year_given: bool = True  # False for month-day forms, whose year was inferred

    @property
    def date(self) -> date:
        return self.value.date()


def find_date(text: str | None, as_of: date | None = None) -> DateMatch | None:
    """The first valid date in ``text`` (candidates that are not real dates are passed over)."""
    if not text:
        return None
    normalized = text.translate(_FULL_WIDTH)
    for match in _PATTERN.finditer(normalized):
        if _inside_number(normalized, match.start()):
            continue
        day = _day_of(match, as_of)
        if day is None:
            continue
        moment, has_time = _with_time(day, match)
        return DateMatch(moment, has_time, text[match.start():match.end()].strip(),
                         match.start(), match.end(), year_given=not (match["m4"] or match["m5"]))
    return None


def parse_date(text: str | None, as_of: date | None = None) -> date | None:
    """The first date in ``text``, or None. Month-day forms take the year that puts them on
    or before ``as_of`` (today when None); one day past ``as_of`` is allowed for time zones."""
    found = find_date(text, as_of)
    return found.date if found else None


def parse_datetime(text: str | None, as_of: date | None = None) -> datetime | None:
    """Like ``parse_date`` but keeps HH:MM[:SS] when given; a bare date means midnight."""
    found = find_date(text, as_of)
    return found.value if found else None


_URL_DATES = (
    # TRS: t20240102_123.html
    re.compile(r"/t(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),
    # Hanweb: /art/2024/1/2/art_…; generic /2024/01/02/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),
    # gov.cn old: /2018-12/29/content_…
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),
    # /20230203/ path segment
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),
)


def date_from_url(url: str) -> date | None:
    """The publication date written into an article URL; month-only paths give None."""
    for pattern in _URL_DATES:
        match = pattern.search(url or "")
        if match:
            return _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def _inside_number(text: str, start: int) -> bool:
    """A match right after a decimal point or a dash-joined number is part of something else."""
    if start >= 2 and text[start - 1] in ".-/" and text[start - 2].isdigit():
        return True
    return False


def _day_of(match: re.Match, as_of: date | None) -> date | None:
    for index in "123":
        if match[f"y{index}"]:
            return _valid(int(match[f"y{index}"]), int(match[f"m{index}"]),
                          int(match[f"d{index}"]))
    for index in "45":
        if match[f"m{index}"]:
            return infer_year(int(match[f"m{index}"]), int(match[f"d{index}"]), as_of)
    return None


def infer_year(month: int, day: int, as_of: date | None = None) -> date | None:
    """The latest date with this month and day that is not after ``as_of`` + 1 day."""
    as_of = as_of or date.today()
    limit = as_of + timedelta(days=1) if as_of < date.max else as_of
    for year in range(as_of.year, max(as_of.year - _YEAR_INFERENCE_LIMIT, 0), -1):
        candidate = _valid(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
        if candidate is None and not (month == 2 and day == 29):
            return None  # not a date in any year
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_time(day: date, match: re.Match) -> tuple[datetime, bool]:
    if match["H"] is not None:
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return datetime.combine(day, time(hour, minute, second)), True
    return datetime.combine(day, time()), False
