"""Cases across runs: opened, refreshed, fixed, closed after a notice, reopened; and the runs
that must change nothing (failed, older, or unable to see the problem's page)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from govpatrol.history import find_site, site_cases, update_cases
from storage import models as m
from tests.support.cli import run_cli
from tests.support.history_rows import BROKEN, COLUMN, HOME, add_run, add_site

def states(session, site_id: int) -> dict[tuple[str, str], str]:
    return {(c.check, c.url): c.state for c in site_cases(session, site_id)}


def test_cases_open_then_fix_across_two_runs(db) -> None:
    with db.session() as session:
        site = add_site(session)
        first = add_run(session, site, date(2026, 11, 1), [
            ("broken_link", "deduct", BROKEN), ("stale_column", "deduct", COLUMN),
            ("broken_link", "warn", BROKEN)])  # one case per (check, url): the worst kept
        update = update_cases(session, first)
        assert len(update.opened) == 2
        case = session.scalar(select(m.Case).where(m.Case.check == "broken_link"))
        assert (case.subject, case.severity, case.first_seen, case.state) == (
            f"site:{site}", "deduct", date(2026, 11, 1), "open")

        second = add_run(session, site, date(2026, 11, 20),
                         [("stale_column", "deduct", COLUMN)])
        update = update_cases(session, second)
        assert update.counts() == {"opened": 0, "refreshed": 1, "reopened": 0, "fixed": 1,
                                   "closed": 0}
        session.refresh(case)
        assert (case.state, case.fixed_on, case.last_seen) == (
            "fixed", date(2026, 11, 20), date(2026, 11, 1))
        column = session.scalar(select(m.Case).where(m.Case.check == "stale_column"))
        assert (column.state, column.first_seen, column.last_seen, column.last_run_id) == (
            "open", date(2026, 11, 1), date(2026, 11, 20), second)


def test_failed_older_and_blind_runs_fix_nothing(db) -> None:
    with db.session() as session:
        site = add_site(session)
        first = add_run(session, site, date(2026, 11, 10), [
            ("broken_link", "deduct", BROKEN), ("ipv6_unsupported", "deduct", HOME)])
        update_cases(session, first)
        before = states(session, site)

        failed = add_run(session, site, date(2026, 11, 20), [], status="failed")
        assert update_cases(session, failed).skipped == "run status is failed"
        older = add_run(session, site, date(2026, 11, 1), [])  # an old date judged again
        assert update_cases(session, older).fixed == []
        # The crawl ran out of budget before reaching the page, and the IPv6 check could
        # not run: absence of a finding proves nothing.
        blind = add_run(session, site, date(2026, 11, 20), [], unchecked={"budget": 40},
                        not_checked=("ipv6_unsupported",))
        assert update_cases(session, blind).fixed == []
        assert states(session, site) == before

        # Seeing the link fine in a budget-limited crawl is proof enough.
        seeing = add_run(session, site, date(2026, 11, 21), [], unchecked={"budget": 40},
                         seen=(BROKEN,))
        session.add(m.LinkCheck(run_id=seeing, url=BROKEN, internal=True, outcome="ok"))
        assert len(update_cases(session, seeing).fixed) == 1
        assert states(session, site) == {("broken_link", BROKEN): "fixed",
                                         ("ipv6_unsupported", HOME): "open"}


def test_notified_case_is_closed_by_the_reinspection_and_reopens_if_it_returns(db) -> None:
    with db.session() as session:
        site = add_site(session)
        update_cases(session, add_run(session, site, date(2026, 10, 1),
                                      [("homepage_stale", "veto", HOME)]))
        notice = m.Notice(period_from=date(2026, 10, 1), period_to=date(2026, 10, 31),
                          created_at=datetime.now(timezone.utc), summary={})
        session.add(notice)
        session.flush()
        case = session.scalar(select(m.Case))
        case.state, case.notice_id, case.deadline = "notified", notice.id, date(2026, 11, 21)

        update_cases(session, add_run(session, site, date(2026, 11, 5), []))
        assert (case.state, case.fixed_on) == ("fixed", date(2026, 11, 5))
        assert update_cases(session, add_run(session, site, date(2026, 11, 20), [])).closed == [
            case.id]
        assert case.state == "closed"

        again = update_cases(session, add_run(session, site, date(2026, 12, 1),
                                              [("homepage_stale", "veto", HOME)]))
        assert again.reopened == [case.id]
        assert (case.state, case.first_seen, case.fixed_on, case.notice_id) == (
            "open", date(2026, 12, 1), None, None)


def test_history_command_lists_runs_and_cases(db, db_url) -> None:
    with db.session() as session:
        site = add_site(session)
        add_site(session, "http://www.other.gov.cn/", "云岭县教育局")
        update_cases(session, add_run(session, site, date(2026, 11, 1),
                                      [("broken_link", "deduct", BROKEN)]))
        update_cases(session, add_run(session, site, date(2026, 11, 20), []))
        assert [s.url for s in find_site(session, "www.yunling.gov.cn")] == [HOME]
        assert len(find_site(session, "云岭县")) == 2  # a part of two names: ambiguous

    result = run_cli("history", "云岭县人民政府", "--database", db_url)
    assert result.returncode == 0, result.stderr
    assert "2026-11-01" in result.stdout and "2026-11-20" in result.stdout
    assert "链接不可用" in result.stdout and "已整改" in result.stdout
    assert BROKEN in result.stdout
    ambiguous = run_cli("history", "云岭县", "--database", db_url)
    assert ambiguous.returncode == 2 and "对应多个网站" in ambiguous.stderr
    missing = run_cli("history", "http://www.nowhere.gov.cn/", "--database", db_url)
    assert missing.returncode == 2 and "没有找到网站" in missing.stderr
