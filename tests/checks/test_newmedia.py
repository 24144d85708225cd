from datetime import timedelta, timezone

import pytest

from checks.base import NotChecked, run_checks
from checks.newmedia import account_summary, newmedia_stale, posts_per_day
from checks.observations import Observations, PostObs
from checks.rulebook import load_rulebook
from tests.support.newmedia_servers import AS_OF, days_ago

RULES = load_rulebook()
URL = "https://m.weibo.cn/u/1234567890"


def post(age: int, *, pinned: bool = False, hour: int = 9, n: int = 0) -> PostObs:
    return PostObs(post_id=f"{age}-{n}", title=f"微博{age}", url=f"{URL}/{age}-{n}",
                   published=days_ago(age, hour), pinned=pinned)


def account(*posts: PostObs, state: str = "ok", error: str | None = None,
            platform: str = "weibo", name: str = "云溪发布") -> Observations:
    return Observations(homepage=URL, posts=list(posts), account={
        "platform": platform, "key": "1234567890", "name": name, "url": URL,
        "state": state, "error": error})


def judge(obs: Observations, rules=RULES):
    return list(newmedia_stale(obs, rules, AS_OF))


def test_posting_every_few_days_is_fresh():
    assert judge(account(post(0), post(3), post(6), post(20))) == []


def test_newest_post_exactly_14_days_old_is_not_a_veto():
    [finding] = judge(account(post(14), post(30)))
    assert finding.severity == "deduct"  # not stale, but nothing this week


def test_newest_post_15_days_old_is_a_veto_with_the_account_url():
    [finding] = judge(account(post(21), post(15), post(40)))
    assert (finding.check, finding.severity, finding.url) == ("newmedia_stale", "veto", URL)
    assert finding.message == "政务微博“云溪发布”超过14天未更新(最近发布2026-11-05)"
    assert finding.evidence["latest"] == "2026-11-05"
    assert finding.evidence["age_days"] == 15
    assert finding.evidence["posts_last_7_days"] == 0
    assert finding.evidence["platform"] == "weibo"
    assert finding.evidence["pinned_skipped"] == 0


def test_a_pinned_recent_looking_post_does_not_hide_a_stale_account():
    # The pinned post leads the list; it is new, but the regular posts stopped a month ago.
    [finding] = judge(account(post(2, pinned=True), post(31), post(45)))
    assert finding.severity == "veto"
    assert finding.evidence["latest"] == "2026-10-20"
    assert finding.evidence["pinned_skipped"] == 1


def test_an_old_pinned_post_first_in_the_list_is_skipped():
    [finding] = judge(account(post(400, pinned=True), post(1)))
    assert finding.severity == "deduct"
    assert finding.evidence["latest"] == "2026-11-19"
    assert finding.evidence["posts_last_7_days"] == 1


def test_one_post_this_week_is_a_deduction():
    [finding] = judge(account(post(2), post(9), post(10)))
    assert (finding.severity, finding.url) == ("deduct", URL)
    assert finding.message == "政务微博“云溪发布”近7天仅发布1条(要求每周不少于2条)"
    assert finding.evidence["rule"] == "weekly"


def test_the_week_is_the_as_of_day_and_the_six_before_it():
    assert judge(account(post(0), post(6))) == []
    [finding] = judge(account(post(0), post(7)))
    assert finding.evidence["posts_last_7_days"] == 1


def test_two_posts_on_one_day_meet_the_weekly_minimum():
    assert judge(account(post(3, n=1), post(3, n=2))) == []


def test_weekly_minimum_comes_from_the_rulebook():
    rules = load_rulebook()
    rules["newmedia"]["weekly_min"] = 3
    [finding] = judge(account(post(0), post(1)), rules)
    assert "要求每周不少于3条" in finding.message
    rules["newmedia"]["max_age_days"] = 30
    [finding] = judge(account(post(20, n=1)), rules)
    assert finding.severity == "deduct"


def test_a_post_just_after_midnight_counts_on_its_china_day():
    # 00:30 China time on 6 Nov is still 5 Nov in UTC: judged in UTC it would be 15 days old.
    published = days_ago(14, hour=0, minute=30).astimezone(timezone.utc)
    assert published.day == 5
    [finding] = judge(account(PostObs("a", "凌晨发布", URL, published)))
    assert finding.severity == "deduct" and finding.evidence["age_days"] == 14


@pytest.mark.parametrize("state, error", [
    ("failed", "http://x/feed.xml: HTTP 500"),
    ("login_wall", "接口要求登录(ok=-100)"),
    ("format", "不是有效的XML订阅源"),
])
def test_a_source_that_was_not_read_is_not_checked(state, error):
    with pytest.raises(NotChecked) as why:
        judge(account(post(1), state=state, error=error))
    assert state in str(why.value) and error in str(why.value)


def test_no_posts_read_at_all_is_not_checked_never_stale():
    with pytest.raises(NotChecked):
        judge(account())
    results = run_checks(account(), RULES, AS_OF, applies_to="account")
    assert results.findings == []
    assert results.statuses["newmedia_stale"][0] == "not_checked"


def test_only_pinned_posts_is_a_veto():
    [finding] = judge(account(post(1, pinned=True)))
    assert finding.severity == "veto" and finding.evidence["latest"] is None


def test_platform_names_in_messages():
    [wechat] = judge(account(post(30), platform="wechat", name="云溪发布"))
    assert wechat.message.startswith("微信公众号“云溪发布”超过14天未更新")
    [app] = judge(account(post(30), platform="rss", name="云溪客户端"))
    assert app.message.startswith("政务新媒体“云溪客户端”")


def test_the_rule_runs_for_accounts_only():
    results = run_checks(account(post(30)), RULES, AS_OF, applies_to="account")
    assert [f.check for f in results.findings] == ["newmedia_stale"]
    assert "newmedia_stale" not in run_checks(account(post(30)), RULES, AS_OF).statuses


def test_summary_and_rhythm():
    posts = [post(400, pinned=True), post(0, n=1), post(0, n=2), post(5), post(13), post(14)]
    summary = account_summary(posts, AS_OF)
    assert summary["latest"] == AS_OF and summary["posts_last_7_days"] == 3
    assert summary["pinned_skipped"] == 1
    rhythm = posts_per_day(posts, AS_OF, 14)
    assert len(rhythm) == 14
    assert rhythm[0] == {"date": (AS_OF - timedelta(days=13)).isoformat(), "posts": 1}
    assert rhythm[-1] == {"date": AS_OF.isoformat(), "posts": 2}
    assert sum(day["posts"] for day in rhythm) == 4  # the 14-day-old post is outside
