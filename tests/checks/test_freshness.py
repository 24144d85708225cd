from datetime import date, datetime, timedelta
from urllib.parse import quote

import pytest

from checks.base import NotChecked, run_checks
from checks.freshness import blank_column, homepage_stale, stale_column
from checks.observations import ColumnObs, ItemObs, MessageObs, Observations, PageObs
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
RULES = load_rulebook()


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def items(*ages: int | None) -> list[ItemObs]:
    return [ItemObs(title=f"信息{i}", url=f"{HOME}art/{i}.html", date=None if a is None else ago(a))
            for i, a in enumerate(ages)]


def site(homepage_items=(), columns=(), pages=None, messages=()) -> Observations:
    if pages is None:
        pages = [PageObs(url=HOME, kind="homepage", status=200)]
    return Observations(homepage=HOME, pages=list(pages), homepage_items=list(homepage_items),
                        columns=list(columns), messages=list(messages))


def column(name: str, category: str, ages=(), level: int = 1, complete: bool = True,
           url: str | None = None) -> ColumnObs:
    return ColumnObs(url=url or f"{HOME}col/{quote(name)}/index.html", name=name,
                     category=category, level=level, complete=complete, pages_read=1,
                     items=items(*ages))


def stale(obs: Observations, rules=RULES):
    return list(stale_column(obs, rules, AS_OF))


# --- homepage_stale ---------------------------------------------------------------------------

def test_homepage_updated_exactly_14_days_ago_is_fresh():
    assert list(homepage_stale(site(items(14, 30, None)), RULES, AS_OF)) == []


def test_homepage_updated_15_days_ago_is_a_veto():
    [finding] = homepage_stale(site(items(15, 40, None)), RULES, AS_OF)
    assert (finding.check, finding.severity, finding.url) == ("homepage_stale", "veto", HOME)
    assert finding.message == "首页超过14天未更新(最近更新2026-11-05)"
    assert finding.evidence == {"latest": "2026-11-05", "age_days": 15, "max_age_days": 14,
                                "items_seen": 3, "items_dated": 2}


def test_homepage_with_only_undated_items_is_stale():
    [finding] = homepage_stale(site(items(None, None)), RULES, AS_OF)
    assert finding.evidence["latest"] is None and finding.evidence["items_dated"] == 0
    assert "未标注发布日期" in finding.message


def test_undated_homepage_item_takes_the_date_of_its_article():
    article = f"{HOME}art/0.html"
    pages = [PageObs(url=HOME, kind="homepage", status=200),
             PageObs(url=article, kind="article", status=200, published=datetime(2026, 11, 18, 9, 30))]
    obs = site(items(None, 30), pages=pages)
    assert list(homepage_stale(obs, RULES, AS_OF)) == []
    old = [pages[0], PageObs(url=article, kind="article", status=200, published=datetime(2026, 10, 1))]
    [finding] = homepage_stale(site(items(None, 60), pages=old), RULES, AS_OF)
    assert finding.evidence["latest"] == "2026-10-01" and finding.evidence["items_dated"] == 2


def test_future_dated_homepage_item_is_fresh():
    assert list(homepage_stale(site(items(-3)), RULES, AS_OF)) == []


@pytest.mark.parametrize("pages", [
    [],
    [PageObs(url=HOME, kind="homepage", status=503)],
    [PageObs(url=HOME, kind="homepage", error="timeout")],
])
def test_homepage_not_read_is_not_checked(pages):
    with pytest.raises(NotChecked):
        list(homepage_stale(site(items(40), pages=pages), RULES, AS_OF))


def test_homepage_without_recognised_items_is_not_checked():
    with pytest.raises(NotChecked):
        list(homepage_stale(site([]), RULES, AS_OF))


def test_homepage_window_follows_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("freshness: {homepage: {max_age_days: 10}}", encoding="utf-8")
    [finding] = homepage_stale(site(items(11)), load_rulebook(override), AS_OF)
    assert finding.evidence["max_age_days"] == 10


# --- stale_column: news -----------------------------------------------------------------------

def test_news_column_14_days_old_is_not_news_14d():
    # newest item exactly 14 days old: within the window, but nothing in the last 7 days
    [finding] = stale(site(columns=[column("工作动态", "news", [14, 20])]))
    assert finding.evidence["rule"] == "news_weekly"
    assert finding.evidence["v4"] is False


def test_news_column_15_days_old_is_news_14d_and_counts_toward_v4():
    col = column("工作动态", "news", [15, 20])
    [finding] = stale(site(columns=[col]))
    assert (finding.check, finding.severity, finding.url, finding.page) == (
        "stale_column", "deduct", col.url, col.url)
    assert finding.message == "栏目“工作动态”超过14天未更新(最近更新2026-11-05)"
    assert finding.evidence == {
        "rule": "news_14d", "category": "news", "level": 1, "latest": "2026-11-05",
        "age_days": 15, "max_age_days": 14, "new_last_7_days": 0, "weekly_min": 2,
        "items": 2, "v4": True}


def test_news_column_with_two_items_in_the_last_7_days_passes():
    assert stale(site(columns=[column("部门动态", "news", [0, 6, 30])])) == []


def test_news_column_with_one_item_in_the_last_7_days_is_news_weekly():
    [finding] = stale(site(columns=[column("部门动态", "news", [2, 7, 8])]))
    assert finding.message == "栏目“部门动态”近7天仅更新1条(要求每周不少于2条)"
    assert finding.evidence["rule"] == "news_weekly"
    assert finding.evidence["new_last_7_days"] == 1
    assert finding.evidence["weekly_min"] == 2
    assert finding.evidence["age_days"] == 2


def test_news_weekly_with_nothing_new_says_no_update():
    [finding] = stale(site(columns=[column("部门动态", "news", [7, 9])]))
    assert finding.message == "栏目“部门动态”近7天无更新(要求每周不少于2条)"


def test_future_dated_items_count_as_new():
    assert stale(site(columns=[column("要闻", "news", [-2, 3])])) == []


def test_news_rule_applies_to_second_level_columns_too():
    [finding] = stale(site(columns=[column("区县动态", "news", [20], level=2)]))
    assert finding.evidence["rule"] == "news_14d" and finding.evidence["v4"] is True


# --- stale_column: other categories -----------------------------------------------------------

@pytest.mark.parametrize("category, window", [
    ("notice", 183), ("policy", 183), ("interpretation", 183),
    ("personnel", 365), ("planning", 365), ("other", 365),
])
def test_category_windows(category, window):
    assert stale(site(columns=[column("栏目", category, [window, window + 100])])) == []
    [finding] = stale(site(columns=[column("栏目", category, [window + 1])]))
    assert finding.evidence["rule"] == "max_age"
    assert finding.evidence["max_age_days"] == window
    assert finding.evidence["age_days"] == window + 1
    assert finding.evidence["weekly_min"] is None
    assert finding.message == f"栏目“栏目”超过{window}天未更新(最近更新{ago(window + 1).isoformat()})"


@pytest.mark.parametrize("category", ["notice", "policy"])
def test_first_level_notice_and_policy_count_toward_v4_second_level_do_not(category):
    [first] = stale(site(columns=[column("通知公告", category, [200], level=1)]))
    [second] = stale(site(columns=[column("通知公告", category, [200], level=2)]))
    assert first.evidence["v4"] is True
    assert second.evidence["v4"] is False
    assert second.evidence["level"] == 2


@pytest.mark.parametrize("category", ["interpretation", "personnel", "planning", "other"])
def test_other_categories_never_count_toward_v4(category):
    [finding] = stale(site(columns=[column("栏目", category, [400])]))
    assert finding.evidence["v4"] is False


def test_mailbox_columns_are_not_judged_for_freshness():
    assert stale(site(columns=[column("领导信箱", "mailbox", [900])])) == []


def test_unknown_category_uses_the_other_window():
    assert stale(site(columns=[column("专题", "special", [365])])) == []
    [finding] = stale(site(columns=[column("专题", "special", [366])]))
    assert finding.evidence["max_age_days"] == 365


# --- stale_column: undated and incomplete -----------------------------------------------------

def test_column_with_only_undated_items_is_stale():
    [finding] = stale(site(columns=[column("通知公告", "notice", [None, None])]))
    assert finding.evidence["latest"] is None and finding.evidence["age_days"] is None
    assert finding.evidence["undated"] is True
    assert finding.evidence["v4"] is True
    assert "未标注发布日期" in finding.message


def test_undated_items_next_to_dated_ones_do_not_refresh_the_column():
    [finding] = stale(site(columns=[column("工作动态", "news", [None, None, 16])]))
    assert finding.evidence["rule"] == "news_14d" and finding.evidence["items"] == 3


def test_incomplete_column_with_nothing_dated_is_unchecked():
    assert stale(site(columns=[column("政策文件", "policy", [None], complete=False)])) == []


def test_incomplete_column_is_judged_on_what_was_read():
    [finding] = stale(site(columns=[column("政策文件", "policy", [300, None], complete=False)]))
    assert finding.evidence["complete"] is False
    assert finding.evidence["age_days"] == 300
    assert stale(site(columns=[column("政策文件", "policy", [3], complete=False)])) == []


def test_blank_columns_are_left_to_blank_column():
    assert stale(site(columns=[column("空栏目", "news", [])])) == []


def test_news_windows_follow_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("freshness: {categories: {news: {weekly_min: 3}}}", encoding="utf-8")
    rules = load_rulebook(override)
    [finding] = stale(site(columns=[column("动态", "news", [0, 1, 9])]), rules)
    assert finding.evidence["rule"] == "news_weekly" and finding.evidence["weekly_min"] == 3
    assert "要求每周不少于3条" in finding.message


# --- blank_column -----------------------------------------------------------------------------

def test_blank_column_is_a_finding():
    col = column("专项工作", "other", [])
    [finding] = blank_column(site(columns=[col]), RULES, AS_OF)
    assert (finding.check, finding.severity, finding.url) == ("blank_column", "deduct", col.url)
    assert finding.message == "栏目“专项工作”为空白栏目"
    assert finding.evidence["category"] == "other"


def test_column_with_items_or_unread_is_not_blank():
    obs = site(columns=[column("有内容", "news", [None]), column("读取失败", "notice", [], complete=False)])
    assert list(blank_column(obs, RULES, AS_OF)) == []


def test_mailbox_listing_messages_is_not_blank():
    box = column("领导信箱", "mailbox", [])
    message = MessageObs(column_url=box.url, list_url=box.url, url=None, number="1", title="咨询",
                         sent=ago(3), status_text="已回复", replied=ago(1), reply_unit="办公室")
    assert list(blank_column(site(columns=[box], messages=[message]), RULES, AS_OF)) == []
    [finding] = blank_column(site(columns=[box]), RULES, AS_OF)
    assert finding.url == box.url


def test_unnamed_column_is_named_by_its_url():
    col = ColumnObs(url=f"{HOME}col/col9/index.html", name=None, category="other")
    [finding] = blank_column(site(columns=[col]), RULES, AS_OF)
    assert col.url in finding.message


# --- through the registry ---------------------------------------------------------------------

def test_run_checks_keeps_not_checked_apart_from_findings():
    obs = site(items(40), columns=[column("工作动态", "news", [30]), column("空", "other", [])],
               pages=[PageObs(url=HOME, kind="homepage", error="timeout")])
    results = run_checks(obs, RULES, AS_OF, only=["homepage_stale", "stale_column", "blank_column"])
    assert results.statuses["homepage_stale"][0] == "not_checked"
    assert results.statuses["stale_column"] == ("checked", None)
    assert sorted(f.check for f in results.findings) == ["blank_column", "stale_column"]


def test_blank_column_evidence_says_how_the_list_was_read():
    col = column("图片新闻", "news", [])
    obs = site(columns=[col])
    obs.facts[("column_read", col.url)] = {"via": "api", "api": "http://www.example.gov.cn/api/pics",
                                           "shape": "列表由脚本从接口读取"}
    [finding] = blank_column(obs, RULES, AS_OF)
    assert finding.evidence["read"] == "api" and finding.evidence["read_text"] == "列表数据接口"
    assert finding.evidence["api"] == "http://www.example.gov.cn/api/pics"
    obs.facts[("column_read", col.url)] = {"via": "browser"}
    [finding] = blank_column(obs, RULES, AS_OF)
    assert finding.evidence["read"] == "browser"


def test_a_column_script_draws_and_nobody_ran_is_not_blank():
    col = column("专题专栏", "other", [])
    obs = site(columns=[col])
    obs.facts[("column_read", col.url)] = {"via": None, "unread": "浏览器未启用"}
    assert list(blank_column(obs, RULES, AS_OF)) == []
