from datetime import date, datetime

import pytest

from crawlers.extract.dates import date_from_url, find_date, parse_date, parse_datetime

AS_OF = date(2026, 11, 20)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-18", date(2026, 11, 18)),
    ("2026/11/18", date(2026, 11, 18)),
    ("2026.11.18", date(2026, 11, 18)),
    ("2026年11月18日", date(2026, 11, 18)),
    ("2026年1月2日", date(2026, 1, 2)),
    ("2026 年 1 月 2 日", date(2026, 1, 2)),
    ("[11-18]", date(2026, 11, 18)),
    ("11-18", date(2026, 11, 18)),
    ("11月18日", date(2026, 11, 18)),
    ("(2026-11-18)", date(2026, 11, 18)),
    ("【2026-09-22】", date(2026, 9, 22)),
    ("2019-09-18 06:23", date(2019, 9, 18)),
    ("2007-08-20-23:59:59", date(2007, 8, 20)),
    ("20261118", date(2026, 11, 18)),
    ("发布日期：2026-1-2", date(2026, 1, 2)),
    ("２０２６－１１－１８", date(2026, 11, 18)),
    ("发布时间：2024-01-02 浏览次数：12", date(2024, 1, 2)),
])
def test_parse_date_forms(text, expected):
    assert parse_date(text, AS_OF) == expected


@pytest.mark.parametrize("text", [
    "2026-02-30",  # no such day
    "2026-13-01",
    "20261318",  # 8 digits that are no date
    "12345678",
    "20191202-189769",  # an index number, not a date
    "1-10月德清县固定资产投资",  # a month range
    "0571-87052500",  # a phone number
    "1.1:50.3:48.6",  # ratios
    "2026年11月",  # month only
    "",
    None,
])
def test_parse_date_rejects_non_dates(text):
    assert parse_date(text, AS_OF) is None


def test_first_valid_date_wins():
    assert parse_date("成文日期 2026-02-30 发布日期 2026-03-01", AS_OF) == date(2026, 3, 1)
    assert parse_date("2026-11-18 至 2026-11-19", AS_OF) == date(2026, 11, 18)


def test_month_day_year_inference_across_new_year():
    assert parse_date("[12-30]", date(2027, 1, 5)) == date(2026, 12, 30)
    assert parse_date("01-04", date(2027, 1, 5)) == date(2027, 1, 4)
    assert parse_date("12月30日", date(2027, 1, 5)) == date(2026, 12, 30)


def test_month_day_allows_one_day_of_time_zone_slack():
    assert parse_date("11-21", AS_OF) == date(2026, 11, 21)
    assert parse_date("11-22", AS_OF) == date(2025, 11, 22)


def test_month_day_leap_day_goes_back_to_a_leap_year():
    assert parse_date("02-29", date(2027, 1, 5)) == date(2024, 2, 29)
    assert parse_date("02-30", date(2027, 1, 5)) is None


def test_month_day_without_as_of_uses_today():
    found = parse_date("01-01")
    assert found is not None and found <= date.today()


def test_parse_datetime_keeps_time():
    assert parse_datetime("2019-09-18 06:23", AS_OF) == datetime(2019, 9, 18, 6, 23)
    assert parse_datetime("2007-08-20-23:59:59") == datetime(2007, 8, 20, 23, 59, 59)
    assert parse_datetime("2024-01-02T10:00:05") == datetime(2024, 1, 2, 10, 0, 5)
    assert parse_datetime("2026年11月18日 09:30") == datetime(2026, 11, 18, 9, 30)
    assert parse_datetime("[11-18 10:30]", AS_OF) == datetime(2026, 11, 18, 10, 30)


def test_parse_datetime_date_only_is_midnight():
    assert parse_datetime("2026-11-18", AS_OF) == datetime(2026, 11, 18)
    assert parse_datetime("2026-11-18 25:99", AS_OF) == datetime(2026, 11, 18)


def test_find_date_reports_matched_text_and_whether_the_year_was_given():
    found = find_date("发布时间：[11-18]", AS_OF)
    assert found.text == "11-18" and not found.year_given
    found = find_date("(2026-11-18)")
    assert found.text == "2026-11-18" and found.year_given and not found.has_time


@pytest.mark.parametrize("url, expected", [
    ("http://www.x.gov.cn/zwgk/202401/t20240102_123.html", date(2024, 1, 2)),
    ("http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", date(2019, 9, 18)),
    ("http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html", date(2016, 11, 22)),
    ("http://www.x.gov.cn/art/2024/1/2/art_314_12345.html", date(2024, 1, 2)),
    ("https://www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm", date(2018, 12, 29)),
    ("http://www.x.gov.cn/202401/", None),
    ("http://www.x.gov.cn/zwgk/202401/index.html", None),
    ("https://www.gov.cn/zhengce/content/202411/content_6986382.htm", None),
    ("http://www.x.gov.cn/art/2024/2/30/art_1_2.html", None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


def test_year_inference_at_the_ends_of_the_calendar():
    from datetime import date as day
    from crawlers.extract.dates import infer_year, parse_date
    assert parse_date("[11-18]", day(9999, 12, 31)) == day(9999, 11, 18)
    assert infer_year(12, 31, day.max) == day(9999, 12, 31)
    assert parse_date("11-18", day(1, 1, 1)) is None
    assert parse_date("11-18", day(1, 12, 1)) == day(1, 11, 18)
