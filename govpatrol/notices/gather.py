"""The content of a period's notice (``NoticeData``), gathered from stored runs: each
subject with the findings a notice may name (a dismissed finding never is), what its run
could not check, and its verdict (judged again without dismissed findings)."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.base import Finding
from checks.rulebook import load_rulebook
from checks.verdict import judge
from checks.workdays import add_working_days
from govpatrol.notices.changes import notice_changes
from govpatrol.notices.periods import chosen_runs, previous_notice, run_subject
from govpatrol.reviews import latest_reviews
from reports import labels
from reports.notice_model import DEADLINE_WORKING_DAYS, NoticeData, Subject, default_title
from storage import models as m


def gather_notice(session: Session, period_from: date, period_to: date, *,
                  deadline: date | None = None) -> NoticeData:
    """The content of the notice of ``[period_from, period_to]`` from stored runs."""
    if period_to < period_from:
        raise ValueError(f"通报期间的结束日期 {period_to} 早于开始日期 {period_from}")
    chosen = chosen_runs(session, period_from, period_to)
    complete_ids = [run.id for run in chosen if run.status == "complete"]
    reviews = latest_reviews(session, complete_ids)
    findings, dismissed = _findings_by_run(session, complete_ids, reviews)
    not_checked = _not_checked_by_run(session, complete_ids)
    subjects = [_subject(session, run, findings.get(run.id, []), not_checked.get(run.id, set()),
                         rejudge=run.id in dismissed)
                for run in chosen]
    sites = sorted((s for s in subjects if s.kind == "site"), key=lambda s: s.id)
    accounts = sorted((s for s in subjects if s.kind == "account"), key=lambda s: s.id)
    data = NoticeData(
        period_from=period_from, period_to=period_to,
        deadline=deadline or add_working_days(period_to, DEADLINE_WORKING_DAYS),
        title=default_title(period_from, period_to, has_sites=bool(sites) or not accounts,
                            has_accounts=bool(accounts)),
        sites=sites, accounts=accounts,
        previous=previous_notice(session, period_from),
    )
    run_subjects = {run.id: run_subject(run) for run in chosen}
    data.changes = notice_changes(session, data, skip={
        (run_subjects[run_id], check, url) for (run_id, check, url), review in reviews.items()
        if review.decision == "dismiss" and run_subjects.get(run_id)})
    data.dismissed = sum(dismissed.values())
    data.awaiting_review = sum(1 for subject in data.problem_sites + data.problem_accounts
                               for f in subject.notice_findings if f.get("review") is None)
    return data


def _findings_by_run(session: Session, run_ids: list[int], reviews: dict
                     ) -> tuple[dict[int, list[dict[str, Any]]], dict[int, int]]:
    """The findings a notice may name, per run, and how many a reviewer dismissed per run
    (those are left out: a dismissed finding is never named)."""
    found: dict[int, list[dict[str, Any]]] = {}
    dismissed: dict[int, int] = {}
    if not run_ids:
        return found, dismissed
    for f in session.scalars(select(m.Finding).where(m.Finding.run_id.in_(run_ids))
                             .order_by(m.Finding.id)):
        review = reviews.get((f.run_id, f.check, f.url))
        if review is not None and review.decision == "dismiss":
            dismissed[f.run_id] = dismissed.get(f.run_id, 0) + 1
            continue
        found.setdefault(f.run_id, []).append(
            {"check": f.check, "severity": f.severity, "url": f.url, "page": f.page,
             "message": f.message, "evidence": f.evidence or {}, "change": None,
             "review": review.decision if review is not None else None})
    return ({run_id: labels.sorted_findings(items) for run_id, items in found.items()},
            dismissed)


def _not_checked_by_run(session: Session, run_ids: list[int]) -> dict[int, set[str]]:
    statuses: dict[int, set[str]] = {}
    if not run_ids:
        return statuses
    for status in session.scalars(select(m.CheckStatus).where(
            m.CheckStatus.run_id.in_(run_ids), m.CheckStatus.status == "not_checked")):
        statuses.setdefault(status.run_id, set()).add(status.check)
    return statuses


def _subject(session: Session, run: m.Run, findings: list[dict[str, Any]],
             not_checked: set[str], *, rejudge: bool = False) -> Subject:
    complete = run.status == "complete"
    verdict = run.verdict
    status, error = run.status, run.error
    reason_ids = [str(r) for r in run.verdict_reasons or []]
    details = (run.stats or {}).get("verdict_details") or []
    if rejudge and complete and verdict in ("pass", "fail"):
        verdict, reason_ids, details = _rejudged(run, findings)
    if complete and verdict == "unchecked":
        # A site that could not be read is neither passed nor failed: it is listed with
        # the unfinished inspections, with the reason.
        complete, status = False, "unchecked"
        error = "；".join((run.stats or {}).get("verdict_details") or []) or "首页未能读取"
    if complete and verdict not in ("pass", "fail"):
        # A run judged without a stored verdict: a veto finding is enough to fail it.
        verdict = "fail" if any(f["severity"] == "veto" for f in findings) else "pass"
    reason_ids = reason_ids if complete else []
    common = dict(run_id=run.id, as_of=run.as_of, status=status,
                  verdict=verdict if complete else None, reason_ids=reason_ids,
                  reasons=labels.verdict_reasons({"reasons": reason_ids, "details": details})
                  if complete and verdict == "fail" else [],
                  error=None if complete else (error or labels.status_label(status)),
                  findings=findings, not_checked=not_checked)
    if run.account_id is not None:
        account = session.get(m.Account, run.account_id)
        return Subject(kind="account", id=account.id, name=account.name or account.key,
                       url=account.url or (account.key if labels.is_web_url(account.key) else None),
                       platform=account.platform, **common)
    site = session.get(m.Site, run.site_id)
    return Subject(kind="site", id=site.id, name=site.name or site.url, url=site.url,
                   organizer=site.organizer, site_code=site.site_code, **common)


def _rejudged(run: m.Run, findings: list[dict[str, Any]]) -> tuple[str, list[str], list[str]]:
    """The verdict of a run without the findings a reviewer dismissed: a site by the verdict
    rules (default rulebook), an account by its remaining veto findings."""
    if run.account_id is not None:
        vetoes = sorted({f["check"] for f in findings if f["severity"] == "veto"})
        return ("fail" if vetoes else "pass"), vetoes, []
    kept = [Finding(check=f["check"], severity=f["severity"], url=f["url"], message=f["message"],
                    page=f.get("page"), evidence=f.get("evidence") or {}) for f in findings]
    verdict = judge(kept, [], load_rulebook())
    return verdict.result, verdict.reasons, verdict.details
