"""What the notice of a period says, gathered from the stored runs (no rendering)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from checks.workdays import add_working_days, working_days_after
from govpatrol.notices.gather import gather_notice
from reports.notice_model import default_title, percent, period_bounds, period_text
from storage import models as m
from tests.support.notice_period import PERIOD, new_database


@pytest.fixture
def notice(period):
    with period.db.session() as session:
        return gather_notice(session, *PERIOD)


def test_counts_and_pass_rates_use_complete_runs_only(notice):
    sites, accounts = notice.site_tally, notice.account_tally
    # A, B, C, E inspected; D's run failed; F was inspected in October only.
    assert (sites.checked, sites.passed, sites.failed, sites.incomplete) == (4, 2, 2, 1)
    assert sites.rate_text == "50%"
    assert (accounts.checked, accounts.passed, accounts.incomplete) == (3, 2, 1)
    assert accounts.rate_text == "66.67%"
    assert accounts.platforms == {"weibo": 1, "wechat": 1, "rss": 1}
    overview = "".join(notice.overview())
    assert "本次共检查政府网站4个，其中合格2个、不合格2个，合格率50%。" in overview
    assert "检查政务新媒体账号3个（微博1个、微信1个、客户端1个）" in overview
    assert "合格率66.67%" in overview
    assert "另有1个网站、1个政务新媒体账号检查未完成" in overview


def test_the_latest_complete_run_of_the_period_counts(period, notice):
    by_name = {s.name: s for s in notice.sites}
    assert set(by_name) == {"某某市人民政府", "某某市教育局", "某某市交通运输局",
                            "某某市卫生健康委员会", "某某市自然资源局"}
    city = by_name["某某市人民政府"]
    assert city.run_id == period.ids["A-run"]
    assert "site_unreachable" not in {f["check"] for f in city.findings}  # the early run's
    health = by_name["某某市卫生健康委员会"]
    assert (health.complete, health.passed, health.failed) == (False, False, False)
    assert health.error == "首页无法抓取：连接被拒绝"
    assert [s.label for s in notice.incomplete] == ["某某市卫生健康委员会", "某某卫健(微博)"]


def test_problem_sites_put_veto_cases_first(period, notice):
    assert [s.name for s in notice.problem_sites] == ["某某市人民政府", "某某市自然资源局",
                                                      "某某市交通运输局"]
    city = notice.problem_sites[0]
    assert [f["check"] for f in city.notice_findings] == ["homepage_stale", "stale_column",
                                                          "broken_link"]
    assert city.findings[-1]["severity"] == "warn"  # kept for the workbook, not named
    assert city.evidence_url == period.url("/")  # the stale homepage, not the 404 target


def test_main_problems_grouped_by_indicator_veto_first(notice):
    titles = [g.title for g in notice.indicators]
    assert titles == ["首页不更新（单项否决）", "栏目不更新（单项否决）", "栏目不更新", "空白栏目",
                      "链接不可用", "网站标识缺失"]
    v4 = notice.indicators[1]
    assert [e.sentence() for e in v4.entries] == ["某某市自然资源局：空白栏目达5个以上。"]
    blank = notice.indicators[3]
    assert [e.subject.name for e in blank.entries] == ["某某市自然资源局", "某某市交通运输局"]
    assert blank.entries[0].sentence().endswith("等共5处。")


def test_accounts_are_named_with_their_platform(notice):
    assert [a.label for a in notice.veto_accounts] == ["某某发布(微博)"]
    assert [a.label for a in notice.deduct_accounts] == ["某某交通(客户端)"]
    assert notice.account_lines(notice.veto_accounts) == [
        "某某发布(微博)：账号超过2周未更新（最新发布于2026-10-30）。"]


def test_new_repeated_and_fixed_against_cases_and_the_previous_notice(period, notice):
    def keys(kind):
        return sorted((c.subject_label, c.check) for c in notice.changes_of(kind))

    assert notice.previous is not None and notice.previous.id == period.ids["previous"]
    # Cases decide where they exist: first seen before the period = repeat.
    assert ("某某市人民政府", "stale_column") in keys("repeat")
    assert ("某某市人民政府", "homepage_stale") in keys("repeat")
    assert ("某某市人民政府", "broken_link") in keys("new")
    # Without a case, being named in the previous notice is what makes a repeat.
    assert ("某某市交通运输局", "identity_missing") in keys("new")
    assert keys("fixed") == [("某某市交通运输局", "ipv6_unsupported"),  # not found again
                             ("某某市教育局", "broken_link")]  # its case was fixed in the period
    # The previous notice's unanswered message was not checked this time: not "fixed".
    assert all(c.check != "message_unanswered" for c in notice.changes)
    assert len(notice.changes_of("new")) == 9 and len(notice.changes_of("repeat")) == 3
    assert "与上次通报（2026年10月）相比，新发现问题9个，重复出现问题3个，已整改问题2个。" in notice.overview()


def test_default_deadline_is_fifteen_working_days_after_the_period(notice):
    assert notice.deadline == add_working_days(date(2026, 11, 30), 15)
    assert working_days_after(date(2026, 11, 30), notice.deadline) == 15
    assert f"于{notice.deadline.year}年{notice.deadline.month}月{notice.deadline.day}日前" \
        in notice.requirements()[0]


def test_deadline_and_title_can_be_given(period):
    with period.db.session() as session:
        notice = gather_notice(session, *PERIOD, deadline=date(2026, 12, 10))
    assert notice.deadline == date(2026, 12, 10)
    assert notice.title == "关于2026年11月政府网站和政务新媒体检查情况的通报"


def test_a_period_without_runs_is_empty(period):
    with period.db.session() as session:
        notice = gather_notice(session, date(2025, 1, 1), date(2025, 1, 31))
    assert notice.is_empty and notice.overview() == []


def test_a_reversed_period_is_refused(period):
    with period.db.session() as session, pytest.raises(ValueError):
        gather_notice(session, date(2026, 11, 30), date(2026, 11, 1))


@pytest.mark.parametrize("text, bounds", [
    ("2026-11", (date(2026, 11, 1), date(2026, 11, 30))),
    ("2026-2", (date(2026, 2, 1), date(2026, 2, 28))),
    ("2026-q4", (date(2026, 10, 1), date(2026, 12, 31))),
    ("2026-H1", (date(2026, 1, 1), date(2026, 6, 30))),
    ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
])
def test_period_bounds(text, bounds):
    assert period_bounds(text) == bounds


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "11-2026", "2026-11-05", "", "二〇二六"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError, match="期间格式"):
        period_bounds(text)


@pytest.mark.parametrize("first, last, text", [
    (date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
    (date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
    (date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
    (date(2026, 1, 1), date(2026, 12, 31), "2026年度"),
    (date(2026, 9, 1), date(2026, 11, 30), "2026年9月至11月"),
    (date(2026, 11, 1), date(2026, 11, 20), "2026年11月1日至11月20日"),
    (date(2025, 12, 15), date(2026, 1, 14), "2025年12月15日至2026年1月14日"),
])
def test_period_text(first, last, text):
    assert period_text(first, last) == text


def test_titles_and_percentages():
    assert default_title(date(2026, 11, 1), date(2026, 11, 30), has_accounts=False) == \
        "关于2026年11月政府网站检查情况的通报"
    assert [percent(r) for r in (1.0, 116 / 120, 0.5, 0.0, None)] == \
        ["100%", "96.67%", "50%", "0%", "—"]


def test_a_site_that_could_not_be_read_is_listed_unfinished_not_passed(tmp_path):
    db = new_database(tmp_path)
    with db.session() as s:
        for name, verdict, details in (("甲县人民政府", "pass", []),
                                       ("乙县人民政府", "unchecked",
                                        ["首页未能读取（连接被拒绝），网站未能检查，不作合格与否的判定"])):
            site = m.Site(url=f"http://www.{verdict}.gov.cn/", name=name,
                          created_at=datetime(2026, 11, 1, tzinfo=timezone.utc))
            s.add(site)
            s.flush()
            s.add(m.Run(site_id=site.id, kind="audit", as_of=date(2026, 11, 20), status="complete",
                        started_at=datetime(2026, 11, 20, tzinfo=timezone.utc),
                        finished_at=datetime(2026, 11, 20, 1, tzinfo=timezone.utc),
                        settings={}, stats={"verdict_details": details}, verdict=verdict,
                        verdict_reasons=["homepage_unreadable"] if details else []))
    with db.session() as session:
        notice = gather_notice(session, *PERIOD)
    tally = notice.site_tally
    assert (tally.checked, tally.passed, tally.failed, tally.incomplete) == (1, 1, 0, 1)
    [unread] = notice.incomplete
    assert unread.name == "乙县人民政府" and "连接被拒绝" in unread.error
    assert "合格率100%" in "".join(notice.overview())
    db.dispose()
