from datetime import date, timedelta

from checks.observations import ColumnObs, ItemObs
from checks.summary import column_summary, count_recent, latest_date

AS_OF = date(2026, 11, 20)
URL = "http://www.example.gov.cn/col/col1/index.html"


def item(days: int | None) -> ItemObs:
    return ItemObs(title="t", url=None, date=None if days is None else AS_OF - timedelta(days=days))


def test_column_summary_is_the_spec_column_object():
    column = ColumnObs(url=URL, name="工作动态", category="news",
                       items=[item(2), item(6), item(7), item(None), item(-1)])
    assert column_summary(column, AS_OF) == {
        "url": URL, "name": "工作动态", "category": "news", "items": 5,
        "latest": (AS_OF + timedelta(days=1)).isoformat(), "new_last_7_days": 3}


def test_column_summary_of_undated_and_blank_columns():
    undated = ColumnObs(url=URL, name=None, category="other", items=[item(None)])
    assert column_summary(undated, AS_OF)["latest"] is None
    assert column_summary(undated, AS_OF)["new_last_7_days"] == 0
    blank = ColumnObs(url=URL, name="空", category="other")
    assert column_summary(blank, AS_OF)["items"] == 0


def test_recent_window_edges():
    dates = [AS_OF - timedelta(days=d) for d in (0, 6, 7, 13)]
    assert count_recent(dates, AS_OF) == 2
    assert count_recent(dates, AS_OF, days=14) == 4
    assert latest_date([None, dates[2], dates[0]]) == AS_OF
    assert latest_date([None]) is None
