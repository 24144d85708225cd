from datetime import date, timedelta

import pytest

from checks.base import NotChecked, run_checks
from checks.messages import message_late_reply, message_unanswered, message_url
from checks.observations import ColumnObs, MessageObs, Observations, PageObs
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
LIST = f"{HOME}zmhd/szxx/index.html"
RULES = load_rulebook()


def letter(number: str, sent: date | None, *, status: str | None = None, replied: date | None = None,
           url: str | None = "", title: str | None = "关于小区路灯不亮的问题", position: int = 0) -> MessageObs:
    own = f"{HOME}zmhd/szxx/detail.jsp?id={number}" if url == "" else url
    return MessageObs(column_url=LIST, list_url=LIST, url=own, number=number, title=title, sent=sent,
                      status_text=status, replied=replied, reply_unit="市住建局" if replied else None,
                      position=position)


def mailbox(name: str = "市长信箱", complete: bool = True) -> ColumnObs:
    return ColumnObs(url=LIST, name=name, category="mailbox", complete=complete)


def site(*messages: MessageObs, columns=None) -> Observations:
    return Observations(homepage=HOME, pages=[PageObs(url=HOME, kind="homepage", status=200)],
                        columns=[mailbox()] if columns is None else list(columns),
                        messages=list(messages))


def unanswered(obs: Observations, as_of: date = AS_OF, rules=RULES):
    return list(message_unanswered(obs, rules, as_of))


def late(obs: Observations, as_of: date = AS_OF, rules=RULES):
    return list(message_late_reply(obs, rules, as_of))


# --- working days across holidays -----------------------------------------------------------------

def test_reply_on_the_15th_working_day_across_national_day_is_in_time():
    # 2026-09-24 (Thu) -> 2026-10-22: Mid-Autumn 09-25..27 and National Day 10-01..07 are off,
    # the Saturday 10-10 is a make-up working day: 15 working days (plain weekdays would say 20).
    assert late(site(letter("A1", date(2026, 9, 24), status="已回复", replied=date(2026, 10, 22)))) == []


def test_reply_on_the_16th_working_day_across_national_day_is_late():
    [finding] = late(site(letter("A2", date(2026, 9, 24), status="已回复", replied=date(2026, 10, 23))))
    assert (finding.check, finding.severity) == ("message_late_reply", "warn")
    assert finding.url == f"{HOME}zmhd/szxx/detail.jsp?id=A2"
    assert finding.page == LIST
    assert finding.evidence["working_days"] == 16 and finding.evidence["reply_working_days"] == 15
    assert finding.evidence["sent"] == "2026-09-24" and finding.evidence["replied"] == "2026-10-23"
    assert "\n" not in finding.message and "16个工作日" in finding.message


def test_spring_festival_counts_the_make_up_saturdays():
    # 2026-02-10 (Tue): 02-14 and 02-28 are make-up Saturdays, 02-15..23 off.
    assert late(site(letter("B1", date(2026, 2, 10), replied=date(2026, 3, 9)))) == []
    [finding] = late(site(letter("B2", date(2026, 2, 10), replied=date(2026, 3, 10))))
    assert finding.evidence["working_days"] == 16


def test_unanswered_after_15_working_days_is_not_yet_a_finding_after_16_it_is():
    message = letter("C1", date(2026, 9, 24), status="办理中")
    assert unanswered(site(message), as_of=date(2026, 10, 22)) == []
    [finding] = unanswered(site(message), as_of=date(2026, 10, 23))
    assert (finding.check, finding.severity) == ("message_unanswered", "deduct")
    assert finding.evidence["working_days"] == 16 and finding.evidence["days"] == 29
    assert "超过15个工作日未回复" in finding.message


# --- veto past 90 days, lookback window ----------------------------------------------------------------

@pytest.mark.parametrize("days, severity", [(90, "deduct"), (91, "veto"), (365, "veto")])
def test_unanswered_for_90_days_is_deducted_and_for_91_vetoed(days, severity):
    [finding] = unanswered(site(letter("D1", AS_OF - timedelta(days=days))))
    assert finding.severity == severity
    assert finding.evidence["days"] == days and finding.evidence["veto_after_days"] == 90
    assert ("超过90天未回复" in finding.message) == (severity == "veto")


def test_messages_older_than_the_lookback_year_are_not_judged():
    assert unanswered(site(letter("E1", AS_OF - timedelta(days=366)))) == []
    assert late(site(letter("E2", AS_OF - timedelta(days=400), replied=AS_OF - timedelta(days=300)))) == []


def test_a_young_unanswered_message_is_not_a_finding():
    assert unanswered(site(letter("F1", date(2026, 11, 17), status="待回复"))) == []


# --- what counts as an answer ------------------------------------------------------------------------

def test_answered_status_without_a_reply_date_is_answered():
    assert unanswered(site(letter("G1", date(2026, 8, 1), status="已办结"))) == []
    assert late(site(letter("G1", date(2026, 8, 1), status="已办结"))) == []


@pytest.mark.parametrize("status", [None, "已受理", "处理中", "待处理", "公开"])
def test_no_reply_date_and_no_answered_status_is_unanswered(status):
    [finding] = unanswered(site(letter("G2", date(2026, 10, 9), status=status)))
    assert finding.severity == "deduct" and finding.evidence["status"] == status


def test_a_reply_date_is_an_answer_whatever_the_status_says():
    assert unanswered(site(letter("G3", date(2026, 10, 9), status="办理中", replied=date(2026, 10, 12)))) == []


def test_a_message_without_a_date_is_not_judged():
    obs = site(letter("H1", None), letter("H2", date(2026, 10, 9)))
    assert [f.evidence["number"] for f in unanswered(obs)] == ["H2"]


# --- finding urls --------------------------------------------------------------------------------------

def test_message_without_its_own_page_is_named_by_the_list_and_its_number():
    [finding] = unanswered(site(letter("2026100900031", date(2026, 10, 9), url=None)))
    assert finding.url == f"{LIST}#2026100900031"
    assert message_url(letter("", date(2026, 10, 9), url=None, position=7)) == f"{LIST}#7"
    assert message_url(letter("X", date(2026, 10, 9), url=None, position=7)) == f"{LIST}#X"


def test_every_problem_message_gets_its_own_finding():
    obs = site(letter("J1", date(2026, 10, 9)), letter("J2", date(2026, 6, 1)),
               letter("J3", date(2026, 9, 24), replied=date(2026, 10, 30)),
               letter("J4", date(2026, 11, 2), replied=date(2026, 11, 5)))
    assert sorted((f.evidence["number"], f.severity) for f in unanswered(obs)) == [("J1", "deduct"), ("J2", "veto")]
    assert [f.evidence["number"] for f in late(obs)] == ["J3"]
    [untitled] = unanswered(site(letter("J5", date(2026, 10, 9), title=None)))
    assert "编号J5的留言" in untitled.message


# --- not checked --------------------------------------------------------------------------------------

def test_site_without_a_mailbox_is_not_checked():
    with pytest.raises(NotChecked, match="未公开留言办理情况"):
        unanswered(site(columns=[]))
    with pytest.raises(NotChecked, match="未公开留言办理情况"):
        late(site(columns=[ColumnObs(url=f"{HOME}xwzx/", name="新闻中心", category="news")]))


def test_mailbox_whose_list_was_not_read_or_is_empty_is_not_checked():
    with pytest.raises(NotChecked, match="留言列表未能读取"):
        unanswered(site(columns=[mailbox(complete=False)]))
    with pytest.raises(NotChecked, match="市长信箱未读到任何留言"):
        late(site(columns=[mailbox()]))


def test_messages_without_any_date_are_not_checked():
    with pytest.raises(NotChecked, match="未标注提交时间"):
        unanswered(site(letter("K1", None), letter("K2", None)))


def test_run_checks_keeps_not_checked_apart_from_passed():
    results = run_checks(site(columns=[]), RULES, AS_OF, only=["message_unanswered", "message_late_reply"])
    assert results.findings == []
    assert results.statuses["message_unanswered"][0] == "not_checked"
    assert results.statuses["message_late_reply"][0] == "not_checked"
    results = run_checks(site(letter("L1", date(2026, 11, 2), replied=date(2026, 11, 3))), RULES, AS_OF,
                         only=["message_unanswered", "message_late_reply"])
    assert results.findings == []
    assert results.statuses["message_unanswered"] == ("checked", None)


def test_rulebook_thresholds_apply(tmp_path):
    override = tmp_path / "rules.yaml"
    override.write_text("messages:\n  reply_working_days: 7\n  veto_after_days: 30\n", encoding="utf-8")
    rules = load_rulebook(override)
    obs = site(letter("M1", date(2026, 11, 2), replied=date(2026, 11, 13)), letter("M2", date(2026, 10, 19)))
    [slow] = late(obs, rules=rules)
    assert slow.evidence["number"] == "M1" and slow.evidence["working_days"] == 9
    [old] = unanswered(obs, rules=rules)
    assert old.evidence["number"] == "M2" and old.severity == "veto"
