"""Problems followed across inspections: cases.

A case is one problem of one subject (a site or an account), keyed on (subject, check, url).
After every complete run ``update_cases`` opens the new ones, refreshes those seen again and
marks fixed those the run looked at and no longer found. A run that failed or is not
complete never fixes anything.

States: ``open`` -> ``notified`` (named in a 问题网站 notice, deadline set) -> ``fixed``
(a later complete run no longer finds it) -> ``closed`` (a notified case that a further
re-inspection still finds fixed). A fixed or closed problem that comes back is open again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.base import severity_rank
from crawlers.urls import BadURL, homepage_url
from storage import models as m

ACTIVE_STATES = ("open", "notified")
CASE_STATE_LABELS = {"open": "待整改", "notified": "已通报", "fixed": "已整改", "closed": "已销号"}


@dataclass
class CaseUpdate:
    """What one run changed: case ids per transition."""

    run_id: int
    opened: list[int] = field(default_factory=list)
    refreshed: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    fixed: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    skipped: str | None = None  # why the run changed nothing

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in
                ("opened", "refreshed", "reopened", "fixed", "closed")}


def subject_of(run: m.Run) -> str:
    return f"account:{run.account_id}" if run.account_id else f"site:{run.site_id}"


def update_cases(session: Session, run_id: int) -> CaseUpdate:
    """Bring the cases of the run's subject up to date with this run's findings."""
    run = session.get(m.Run, run_id)
    if run is None:
        raise LookupError(f"inspection run {run_id} does not exist")
    update = CaseUpdate(run_id)
    if run.status != "complete":
        update.skipped = f"run status is {run.status}"
        return update
    if run.verdict == "unchecked":
        update.skipped = "the site could not be read"  # it says nothing of what was fixed
        return update
    subject = subject_of(run)
    found = _strongest_findings(session.scalars(
        select(m.Finding).where(m.Finding.run_id == run_id)))
    cases = {(c.check, c.url): c for c in session.scalars(
        select(m.Case).where(m.Case.subject == subject))}
    for key, finding in found.items():
        case = cases.get(key)
        if case is None:
            case = m.Case(subject=subject, site_id=run.site_id, account_id=run.account_id,
                          check=finding.check, url=finding.url, severity=finding.severity,
                          message=finding.message, first_run_id=run.id, last_run_id=run.id,
                          first_seen=run.as_of, last_seen=run.as_of, state="open")
            session.add(case)
            session.flush()
            update.opened.append(case.id)
            continue
        if not _is_newer(session, run, case.last_run_id):
            continue  # an older inspection replayed later says nothing about today
        if case.state in ("fixed", "closed"):
            # The problem came back: a new occurrence, followed from this run on.
            case.state, case.fixed_on, case.deadline, case.notice_id = "open", None, None, None
            case.first_run_id, case.first_seen = run.id, run.as_of
            update.reopened.append(case.id)
        else:
            update.refreshed.append(case.id)
        case.last_run_id, case.last_seen = run.id, run.as_of
        case.severity, case.message = finding.severity, finding.message
    looked_at = _checks_judged(session, run_id)
    # An account run reads the whole feed; a site crawl may have left pages unread.
    crawl_was_whole = run.account_id is not None or _nothing_unchecked(session, run_id)
    for key, case in cases.items():
        if key in found or case.check not in looked_at:
            continue
        if not _is_newer(session, run, case.last_run_id):
            continue
        if case.state in ACTIVE_STATES:
            if crawl_was_whole or _observed(session, run_id, case.url):
                case.state, case.fixed_on = "fixed", run.as_of
                update.fixed.append(case.id)
        elif case.state == "fixed" and case.notice_id is not None and run.as_of > case.fixed_on:
            # The re-inspection after the notice still finds it fixed: the case is settled.
            case.state = "closed"
            update.closed.append(case.id)
    session.flush()
    return update


def site_cases(session: Session, site_id: int, *, states: Iterable[str] | None = None
               ) -> list[m.Case]:
    """The cases of a site and of the accounts registered under it, newest first."""
    account_ids = list(session.scalars(select(m.Account.id).where(m.Account.site_id == site_id)))
    subjects = [f"site:{site_id}"] + [f"account:{i}" for i in account_ids]
    query = select(m.Case).where(m.Case.subject.in_(subjects))
    if states is not None:
        query = query.where(m.Case.state.in_(list(states)))
    return list(session.scalars(query.order_by(m.Case.last_seen.desc(), m.Case.check,
                                               m.Case.url)))


def site_runs(session: Session, site_id: int, limit: int | None = None) -> list[m.Run]:
    query = (select(m.Run).where(m.Run.site_id == site_id, m.Run.account_id.is_(None))
             .order_by(m.Run.started_at.desc(), m.Run.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def finding_counts(session: Session, run_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Findings per run and severity: {run_id: {"veto": n, "deduct": n, "warn": n}}."""
    counts: dict[int, dict[str, int]] = {}
    ids = list(run_ids)
    if not ids:
        return counts
    rows = session.execute(select(m.Finding.run_id, m.Finding.severity, func.count())
                           .where(m.Finding.run_id.in_(ids))
                           .group_by(m.Finding.run_id, m.Finding.severity))
    for run_id, severity, number in rows:
        counts.setdefault(run_id, {})[severity] = number
    return counts


def find_site(session: Session, text: str) -> list[m.Site]:
    """Sites named by homepage URL (bare host accepted) or by name (exact, else part)."""
    text = text.strip()
    try:
        url = homepage_url(text)
    except BadURL:
        url = None
    if url:
        site = session.scalar(select(m.Site).where(m.Site.url == url))
        if site is not None:
            return [site]
    exact = list(session.scalars(select(m.Site).where(m.Site.name == text)))
    if exact:
        return exact
    return list(session.scalars(select(m.Site).where(m.Site.name.contains(text))
                                .order_by(m.Site.name)))


# ---- helpers ----------------------------------------------------------------------------

def _strongest_findings(findings: Iterable[m.Finding]) -> dict[tuple[str, str], m.Finding]:
    """One finding per (check, url); the most severe when a run has several."""
    best: dict[tuple[str, str], m.Finding] = {}
    for f in findings:
        key = (f.check, f.url)
        if key not in best or severity_rank(f.severity) < severity_rank(best[key].severity):
            best[key] = f
    return best


def _is_newer(session: Session, run: m.Run, other_run_id: int) -> bool:
    """Runs are ordered by as-of date, then by id: re-judging an older date changes nothing."""
    if other_run_id == run.id:
        return True
    other = session.get(m.Run, other_run_id)
    return other is None or (run.as_of, run.id) > (other.as_of, other.id)


def _checks_judged(session: Session, run_id: int) -> set[str]:
    """Checks that could judge this run; a check that could not never fixes a case."""
    return set(session.scalars(select(m.CheckStatus.check).where(
        m.CheckStatus.run_id == run_id, m.CheckStatus.status == "checked")))


def _nothing_unchecked(session: Session, run_id: int) -> bool:
    """True when the crawl left no page unread (no budget cut, no timeouts, no robots)."""
    fact = session.scalar(select(m.Fact).where(m.Fact.run_id == run_id, m.Fact.kind == "crawl",
                                               m.Fact.key == "summary"))
    if fact is None:
        return False
    return not any((fact.data or {}).get("unchecked", {}).values())


def _observed(session: Session, run_id: int, url: str) -> bool:
    """Whether the run saw ``url`` itself, so that not finding the problem there means it is
    gone (not merely that the crawl never reached it)."""
    base, _, number = url.partition("#")
    probes = (
        select(m.Page.id).where(m.Page.run_id == run_id, m.Page.url == url,
                                m.Page.error.is_(None)),
        select(m.LinkCheck.id).where(m.LinkCheck.run_id == run_id, m.LinkCheck.url == url,
                                     m.LinkCheck.outcome != "unchecked"),
        select(m.Column.id).where(m.Column.run_id == run_id, m.Column.url == url),
        select(m.Message.id).where(m.Message.run_id == run_id, m.Message.url == url),
    )
    if number:
        probes += (select(m.Message.id).where(m.Message.run_id == run_id,
                                              m.Message.list_url == base,
                                              m.Message.number == number),)
    return any(session.scalar(q.limit(1)) is not None for q in probes)
