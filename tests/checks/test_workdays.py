from datetime import date, datetime, timedelta

import pytest

from checks.workdays import add_working_days, is_working_day, working_days_after

NATIONAL_DAY_2025 = [date(2025, 10, day) for day in range(1, 9)]


@pytest.mark.parametrize("day", NATIONAL_DAY_2025)
def test_national_day_2025_is_a_holiday(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11)])
def test_make_up_weekends_around_national_day_2025_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


def test_ordinary_weekend_and_weekday():
    assert not is_working_day(date(2025, 10, 12))  # Sunday after the make-up Saturday
    assert not is_working_day(date(2025, 9, 27))  # Saturday before the make-up Sunday
    assert is_working_day(date(2025, 10, 9))
    assert is_working_day(datetime(2025, 10, 9, 23, 30))


def test_spring_festival_2026():
    holidays = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]  # 02-15 .. 02-23
    assert not any(is_working_day(d) for d in holidays)
    assert is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert is_working_day(date(2026, 2, 28))  # make-up Saturday
    assert is_working_day(date(2026, 2, 24))


def test_working_days_after_counts_the_half_open_interval():
    # (2025-09-30, 2025-10-10]: the holiday week counts nothing, then 10-09 and 10-10.
    assert working_days_after(date(2025, 9, 30), date(2025, 10, 10)) == 2
    # A plain week: Mon 2025-11-03 to Mon 2025-11-10 is five working days (start excluded).
    assert working_days_after(date(2025, 11, 3), date(2025, 11, 10)) == 5
    assert working_days_after(date(2025, 11, 3), date(2025, 11, 3)) == 0
    assert working_days_after(date(2025, 11, 10), date(2025, 11, 3)) == 0


def test_working_days_after_counts_make_up_days():
    # Fri 09-26 -> Sun 09-28 (make-up day) is one working day; Sat 09-27 is off.
    assert working_days_after(date(2025, 9, 26), date(2025, 9, 28)) == 1
    # Fri 10-10 -> Sun 10-12: only the make-up Saturday 10-11 counts.
    assert working_days_after(date(2025, 10, 10), date(2025, 10, 12)) == 1


def test_add_working_days_skips_holidays_and_uses_make_up_days():
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 28), 1) == date(2025, 9, 29)
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert add_working_days(date(2025, 10, 5), 0) == date(2025, 10, 5)


def test_add_working_days_backwards():
    assert add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert add_working_days(date(2026, 2, 24), -2) == date(2026, 2, 13)


def test_message_deadline_of_15_working_days_across_national_day():
    sent = date(2025, 9, 25)
    deadline = add_working_days(sent, 15)
    # 09-26, 09-28, 09-29, 09-30 (4), then 10-09 .. : 10-09,10,11 (7), 10-13..17 (12), 10-20..22 (15)
    assert deadline == date(2025, 10, 22)
    assert working_days_after(sent, deadline) == 15
    assert working_days_after(sent, deadline - timedelta(days=1)) == 14


@pytest.mark.parametrize("n", [1, 3, 15, 40])
def test_add_and_count_agree(n):
    start = date(2026, 1, 30)
    assert working_days_after(start, add_working_days(start, n)) == n


def test_years_without_holiday_data_fall_back_to_monday_to_friday():
    # 2100 lies outside any holiday table: Friday 01-01 is treated as a working day.
    assert is_working_day(date(2100, 1, 1))
    assert not is_working_day(date(2100, 1, 2))  # Saturday
    assert not is_working_day(date(2100, 1, 3))  # Sunday
    assert working_days_after(date(2099, 12, 31), date(2100, 1, 8)) == 6
    assert add_working_days(date(2100, 1, 1), 1) == date(2100, 1, 4)
