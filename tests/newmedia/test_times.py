from datetime import datetime, timedelta, timezone

import pytest

from checks.chinatime import CHINA
from crawlers.newmedia.times import from_unix, parse_post_time
from tests.support.newmedia_servers import MOMENT


def at(y, mo, d, h=0, mi=0, s=0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=CHINA)


@pytest.mark.parametrize("text, expected", [
    ("刚刚", at(2026, 11, 20, 10, 0)),
    ("30秒前", at(2026, 11, 20, 9, 59, 30)),
    ("5分钟前", at(2026, 11, 20, 9, 55)),
    ("3小时前", at(2026, 11, 20, 7, 0)),
    ("12小时前", at(2026, 11, 19, 22, 0)),
    ("2天前", at(2026, 11, 18, 10, 0)),
    ("今天 08:05", at(2026, 11, 20, 8, 5)),
    ("昨天 23:59", at(2026, 11, 19, 23, 59)),
    ("前天 07:00", at(2026, 11, 18, 7, 0)),
    ("11-02", at(2026, 11, 2)),
    ("12-30", at(2025, 12, 30)),  # a month-day after the as-of day is last year's
    ("2024-01-06", at(2024, 1, 6)),
    ("2024-01-06 12:30", at(2024, 1, 6, 12, 30)),
    ("Sat Jan 06 12:00:00 +0800 2024", at(2024, 1, 6, 12, 0)),
    ("Sat Jan 06 04:00:00 +0000 2024", at(2024, 1, 6, 12, 0)),
    ("Sat, 06 Jan 2024 12:00:00 +0800", at(2024, 1, 6, 12, 0)),
    ("Sat, 06 Jan 2024 04:00:00 GMT", at(2024, 1, 6, 12, 0)),
    ("2024-01-06T04:00:00Z", at(2024, 1, 6, 12, 0)),
    ("2024-01-06T12:00:00+08:00", at(2024, 1, 6, 12, 0)),
    ("2024年1月6日", at(2024, 1, 6)),
    ("1581517074", at(2020, 2, 12, 22, 17, 54)),
])
def test_every_form_becomes_aware_china_time(text, expected):
    found = parse_post_time(text, MOMENT)
    assert found == expected
    assert found.utcoffset() == timedelta(hours=8)


def test_relative_times_count_back_from_the_reading_moment_not_the_clock():
    other = datetime(2020, 3, 1, 0, 30, tzinfo=CHINA)
    assert parse_post_time("昨天 12:00", other) == at(2020, 2, 29, 12, 0)
    assert parse_post_time("1小时前", other) == at(2020, 2, 29, 23, 30)


def test_a_reading_moment_in_another_zone_is_taken_in_china_time():
    utc_moment = datetime(2026, 11, 19, 17, 0, tzinfo=timezone.utc)  # 01:00 on the 20th in China
    assert parse_post_time("今天 00:30", utc_moment) == at(2026, 11, 20, 0, 30)


@pytest.mark.parametrize("text", ["", "   ", "不久前", "昨天 25:00", "Foo Bar 99", None])
def test_unreadable_times_give_none(text):
    assert parse_post_time(text, MOMENT) is None


def test_unix_seconds_as_number_and_text():
    assert from_unix(1581517074) == at(2020, 2, 12, 22, 17, 54)
    assert parse_post_time(1581517074, MOMENT) == at(2020, 2, 12, 22, 17, 54)
