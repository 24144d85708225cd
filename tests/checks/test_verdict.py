from datetime import date, timedelta

import pytest

from checks.base import Finding, run_checks
from checks.observations import ColumnObs, ItemObs, Observations, PageObs
from checks.rulebook import load_rulebook
from checks.verdict import Verdict, judge

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
RULES = load_rulebook()


def columns(prefix: str, category: str, count: int, age: int | None, level: int = 1) -> list[ColumnObs]:
    """``count`` columns whose single item is ``age`` days old (no item when age is None)."""
    made = []
    for n in range(count):
        items = [] if age is None else [
            ItemObs(title="信息", url=f"{HOME}{prefix}/{n}/1.html", date=AS_OF - timedelta(days=age))]
        made.append(ColumnObs(url=f"{HOME}{prefix}/{n}/index.html", name=f"{prefix}{n}",
                              category=category, level=level, pages_read=1, items=items))
    return made


def verdict_of(cols: list[ColumnObs], rules=RULES, extra: list[Finding] = ()) -> Verdict:
    obs = Observations(homepage=HOME, pages=[PageObs(url=HOME, kind="homepage", status=200)],
                       columns=cols)
    found = run_checks(obs, rules, AS_OF, only=["stale_column", "blank_column"]).findings
    return judge(found + list(extra), cols, rules)


def test_clean_site_passes():
    verdict = verdict_of(columns("动态", "news", 3, 0) + columns("通知", "notice", 3, 10))
    assert verdict == Verdict("pass", [], [], verdict.counts)
    assert verdict.counts["key_stale_columns"] == 0
    assert verdict.as_dict()["result"] == "pass"


def test_v4a_fails_at_5_and_not_at_4():
    four = columns("动态", "news", 2, 20) + columns("通知", "notice", 2, 200)
    assert verdict_of(four).result == "pass"
    assert verdict_of(four).counts["key_stale_columns"] == 4
    five = four + columns("文件", "policy", 1, 300)
    verdict = verdict_of(five)
    assert (verdict.result, verdict.reasons) == ("fail", ["V4a"])
    assert verdict.counts["key_stale_columns"] == 5
    [detail] = verdict.details
    assert "共5个" in detail and "动态0" in detail and "文件0" in detail


def test_second_level_notice_and_news_weekly_do_not_count_toward_v4a():
    cols = (columns("动态", "news", 4, 20) + columns("通知", "notice", 3, 200, level=2)
            + columns("部门动态", "news", 3, 3))  # 1 item 3 days old: news_weekly only
    verdict = verdict_of(cols)
    assert verdict.counts["key_stale_columns"] == 4
    assert "V4a" not in verdict.reasons


def test_v4b_fails_at_10_stale_columns_of_any_kind_and_not_at_9():
    nine = columns("人事", "personnel", 5, 400) + columns("解读", "interpretation", 4, 200)
    assert verdict_of(nine).result == "pass"
    assert verdict_of(nine).counts["stale_columns"] == 9
    verdict = verdict_of(nine + columns("规划", "planning", 1, 400))
    assert (verdict.result, verdict.reasons) == ("fail", ["V4b"])
    assert "共10个" in verdict.details[0]


def test_news_weekly_counts_toward_v4b_only_when_the_rulebook_says_so(tmp_path):
    cols = columns("人事", "personnel", 9, 400) + columns("部门动态", "news", 1, 3)
    assert verdict_of(cols).counts["stale_columns"] == 9
    override = tmp_path / "r.yaml"
    override.write_text("verdict: {v4b_counts_news_weekly: true}", encoding="utf-8")
    assert verdict_of(cols, load_rulebook(override)).reasons == ["V4b"]


def test_v4c_fails_at_5_blank_columns_and_not_at_4():
    assert verdict_of(columns("空", "other", 4, None)).result == "pass"
    verdict = verdict_of(columns("空", "other", 5, None))
    assert (verdict.result, verdict.reasons) == ("fail", ["V4c"])
    assert verdict.counts["blank_columns"] == 5
    assert verdict.details[0].startswith("空白栏目共5个")


def test_v4_counters_follow_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("verdict: {blank_min: 3}", encoding="utf-8")
    assert verdict_of(columns("空", "other", 3, None), load_rulebook(override)).reasons == ["V4c"]


def test_several_v4_reasons_together():
    cols = columns("动态", "news", 5, 30) + columns("人事", "personnel", 5, 400) + columns("空", "other", 5, None)
    verdict = verdict_of(cols)
    assert verdict.reasons == ["V4a", "V4b", "V4c"]
    assert len(verdict.details) == 3


def veto(check: str, url: str, message: str) -> Finding:
    return Finding(check=check, severity="veto", url=url, message=message)


def test_any_veto_fails_once_per_check_id():
    findings = [
        veto("homepage_stale", HOME, "首页超过14天未更新(最近更新2026-10-01)"),
        veto("message_unanswered", f"{HOME}xx/1.html", "留言超过90天未答复"),
        veto("message_unanswered", f"{HOME}xx/2.html", "留言超过90天未答复"),
        Finding(check="broken_link", severity="deduct", url=f"{HOME}a.html", message="首页链接无法访问(HTTP 404)"),
    ]
    verdict = judge(findings, [], RULES)
    assert verdict.result == "fail"
    assert verdict.reasons == ["homepage_stale", "message_unanswered"]
    assert verdict.details[0] == "单项否决“首页不更新”：首页超过14天未更新(最近更新2026-10-01)"
    assert verdict.details[1].endswith("等2处")
    assert verdict.counts["veto"] == 3 and verdict.counts["deduct"] == 1


def test_a_site_whose_homepage_was_not_read_is_unchecked_never_passed_or_failed():
    stale = columns("动态", "news", 6, 30)  # would fail V4a if the site had been read
    found = [veto("homepage_stale", HOME, "首页超过14天未更新(最近更新2026-10-01)")]
    verdict = judge(found, stale, RULES, homepage_error="connection refused")
    assert verdict.result == "unchecked"
    assert verdict.reasons == ["homepage_unreadable"]
    assert "connection refused" in verdict.details[0]


def test_deductions_and_warnings_alone_pass():
    findings = [Finding(check="broken_link", severity="warn", url=f"{HOME}b", message="x"),
                Finding(check="identity_missing", severity="deduct", url=HOME, message="y")]
    verdict = judge(findings, [], RULES)
    assert verdict.result == "pass"
    assert verdict.counts["warn"] == 1


def test_the_same_column_is_counted_once():
    [col] = columns("空", "other", 1, None)
    duplicate = [Finding(check="blank_column", severity="deduct", url=col.url, message="m")] * 5
    assert judge(duplicate, [col], RULES).counts["blank_columns"] == 1


@pytest.mark.parametrize("count, shown_all", [(10, True), (12, False)])
def test_details_list_at_most_ten_names(count, shown_all):
    cols = columns("空", "other", count, None)
    detail = verdict_of(cols).details[0]
    names = detail.split("：", 1)[1].removesuffix("等").split("、")
    assert names == [f"空{n}" for n in range(min(count, 10))]
    assert detail.endswith("等") is not shown_all
