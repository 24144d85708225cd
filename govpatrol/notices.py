"""The 问题网站 notice (通报) of a period, gathered from stored inspection runs.

For each site and each new-media account, the notice reads the latest COMPLETE run with an
as-of date inside the period; a subject whose runs in the period all failed or never
finished is listed as 未完成检查 and counted neither as 合格 nor as 不合格. Problems are
compared with the cases history keeps (first seen, fixed on) and, where no case exists,
with the problems the previous notice named.

``gather_notice`` builds the content (``NoticeData``, including the sentences every format
shares); ``write_notice`` takes the screenshots, writes notice.docx, notice.xlsx and
notice.html, stores the Notice row and marks the named cases notified.
"""
from __future__ import annotations

import os
import secrets
import shutil
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.base import Finding
from checks.rulebook import load_rulebook
from checks.verdict import judge
from checks.workdays import add_working_days
from govpatrol.evidence import attach_screenshots
from govpatrol.reviews import latest_reviews
from reports import labels
from reports.notice_docx import write_notice_docx
from reports.notice_html import write_notice_html
from reports.notice_model import (
    CASE_STATES_TO_NOTIFY,
    DEADLINE_WORKING_DAYS,
    NOTICE_SEVERITIES,
    Change,
    NoticeData,
    PreviousNotice,
    Subject,
    default_title,
    period_text,
)
from reports.notice_xlsx import write_notice_xlsx
from reports.writers import atomic
from storage import models as m
from storage.db import Database


class NothingInspected(LookupError):
    """No stored inspection run has its as-of date inside the period."""


# ---------------------------------------------------------------------------------------
# Gathering from storage

def gather_notice(session: Session, period_from: date, period_to: date, *,
                  deadline: date | None = None) -> NoticeData:
    """The content of the notice of ``[period_from, period_to]`` from stored runs."""
    if period_to < period_from:
        raise ValueError(f"通报期间的结束日期 {period_to} 早于开始日期 {period_from}")
    chosen = _chosen_runs(session, period_from, period_to)
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
        previous=_previous_notice(session, period_from),
    )
    run_subjects = {run.id: _run_subject(run) for run in chosen}
    data.changes = _changes(session, data, skip={
        (run_subjects[run_id], check, url) for (run_id, check, url), review in reviews.items()
        if review.decision == "dismiss" and run_subjects.get(run_id)})
    data.dismissed = sum(dismissed.values())
    data.awaiting_review = sum(1 for subject in data.problem_sites + data.problem_accounts
                               for f in subject.notice_findings if f.get("review") is None)
    return data


def _chosen_runs(session: Session, period_from: date, period_to: date) -> list[m.Run]:
    """Per subject, the latest complete run of the period, else its latest unfinished one."""
    runs = session.scalars(select(m.Run).where(m.Run.as_of >= period_from,
                                               m.Run.as_of <= period_to)).all()
    chosen: dict[str, m.Run] = {}
    for run in runs:
        key = _run_subject(run)
        if key is None:
            continue
        best = chosen.get(key)
        if best is None or _preference(run) > _preference(best):
            chosen[key] = run
    return list(chosen.values())


def _run_subject(run: m.Run) -> str | None:
    if run.account_id is not None:
        return f"account:{run.account_id}"
    if run.site_id is not None:
        return f"site:{run.site_id}"
    return None


def _preference(run: m.Run) -> tuple[bool, date, int]:
    return (run.status == "complete", run.as_of, run.id)


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


def _previous_notice(session: Session, period_from: date) -> PreviousNotice | None:
    notice = session.scalar(select(m.Notice).where(m.Notice.period_to < period_from)
                            .order_by(m.Notice.period_to.desc(), m.Notice.id.desc()).limit(1))
    if notice is None:
        return None
    problems = {}
    for entry in (notice.summary or {}).get("problems") or []:
        subject, check, url, *rest = entry
        problems[(subject, check, url)] = rest[0] if rest else ""
    return PreviousNotice(notice.id, notice.period_from, notice.period_to, problems)


def _changes(session: Session, data: NoticeData,
             skip: set[tuple[str, str, str]] = frozenset()) -> list[Change]:
    """New and repeated problems among those named, and problems fixed in the period.

    A case history keeps decides first (first seen inside the period = new, before = repeat;
    fixed on inside the period = fixed). A problem with no case is compared with the previous
    notice: named there = repeat; named there, not found now by a run that could check it =
    fixed. A problem a reviewer dismissed (``skip``) is not called fixed either.
    """
    subjects = {s.key: s for s in data.subjects}
    cases = {(c.subject, c.check, c.url): c for c in session.scalars(
        select(m.Case).where(m.Case.subject.in_(list(subjects))))} if subjects else {}
    previous = data.previous.problems if data.previous else {}
    changes: list[Change] = []
    current: set[tuple[str, str, str]] = set()
    for subject in data.subjects:
        for finding in subject.findings:
            key = (subject.key, finding["check"], finding["url"])
            case = cases.get(key)
            if case is not None:
                finding["change"] = "new" if case.first_seen >= data.period_from else "repeat"
            else:
                finding["change"] = "repeat" if key in previous else "new"
            if finding.get("severity") in NOTICE_SEVERITIES and subject.is_problem:
                current.add(key)
                changes.append(Change(finding["change"], subject.key, subject.label,
                                      finding["check"], finding["url"], finding.get("message") or "",
                                      first_seen=case.first_seen if case else None))
    fixed_cases = session.scalars(select(m.Case).where(
        m.Case.fixed_on >= data.period_from, m.Case.fixed_on <= data.period_to,
        m.Case.severity.in_(NOTICE_SEVERITIES)).order_by(m.Case.id))
    for case in fixed_cases:
        changes.append(Change("fixed", case.subject, _subject_label(session, case.subject, subjects),
                              case.check, case.url, case.message, case.first_seen, case.fixed_on))
    for key, message in previous.items():
        subject = subjects.get(key[0])
        if (subject is None or not subject.complete or key in current or key in cases
                or key[1] in subject.not_checked or key in skip):
            continue
        changes.append(Change("fixed", subject.key, subject.label, key[1], key[2], message,
                              fixed_on=subject.as_of))
    return changes


def _subject_label(session: Session, key: str, known: dict[str, Subject]) -> str:
    if key in known:
        return known[key].label
    kind, _, ident = key.partition(":")
    if kind == "account":
        account = session.get(m.Account, int(ident))
        if account is not None:
            return f"{account.name or account.key}({labels.platform_label(account.platform)})"
    elif kind == "site":
        site = session.get(m.Site, int(ident))
        if site is not None:
            return site.name or site.url
    return key


# ---------------------------------------------------------------------------------------
# Writing

def write_notice(db: Database, period_from: date, period_to: date, out_dir: str | Path, *,
                 title: str | None = None, issuer: str | None = None,
                 deadline: date | None = None, screenshots: bool = True) -> dict[str, Path]:
    """Write notice.docx, notice.xlsx and notice.html (and screenshots/) into ``out_dir``,
    store the Notice row and mark the named cases notified; format -> path.

    Raises ``NothingInspected`` (and writes nothing) when no run is stored for the period.
    """
    with db.session() as session:
        data = gather_notice(session, period_from, period_to, deadline=deadline)
    if data.is_empty:
        raise NothingInspected(f"{period_text(period_from, period_to)}没有已存储的检查结果")
    data.title = title or data.title
    data.issuer = issuer
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[NoticeData, Path], Any]] = {
        "docx": write_notice_docx, "xlsx": write_notice_xlsx, "html": write_notice_html}
    written: dict[str, Path] = {}
    staging = out / f".screenshots.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        if screenshots and data.problem_sites:
            attach_screenshots(db, data.problem_sites, staging)
        for fmt, writer in writers.items():
            path = out / f"notice.{fmt}"
            with atomic(path) as temporary:
                writer(data, temporary)
            written[fmt] = path
        if staging.exists():
            written["screenshots"] = _replace_dir(staging, out / "screenshots")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with db.session() as session:
        _record(session, data, out, written)
    return written


def notice_review_counts(db: Database, period_from: date, period_to: date) -> dict[str, int]:
    """How many findings of the period's stored notice await review, and how many were
    dismissed (and so left out)."""
    with db.session() as session:
        notice = session.scalar(select(m.Notice).where(m.Notice.period_from == period_from,
                                                       m.Notice.period_to == period_to)
                                .order_by(m.Notice.id.desc()).limit(1))
        review = ((notice.summary or {}).get("review") if notice else None) or {}
    return {"awaiting": int(review.get("awaiting", 0)), "dismissed": int(review.get("dismissed", 0))}


def _replace_dir(new: Path, final: Path) -> Path:
    """Put ``new`` where ``final`` is, so the folder is always a whole set of screenshots."""
    old = final.with_name(f".{final.name}.{secrets.token_hex(4)}.old")
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def _record(session: Session, data: NoticeData, out: Path, written: dict[str, Path]) -> m.Notice:
    """Store (or, for a period noticed before, replace) the Notice row; mark cases notified."""
    notice = session.scalar(select(m.Notice).where(m.Notice.period_from == data.period_from,
                                                   m.Notice.period_to == data.period_to)
                            .order_by(m.Notice.id.desc()).limit(1))
    if notice is None:
        notice = m.Notice(period_from=data.period_from, period_to=data.period_to)
        session.add(notice)
    notice.created_at = datetime.now(timezone.utc)
    notice.deadline = data.deadline
    notice.out_dir = str(out.resolve())
    notice.summary = {**data.summary(),
                      "files": {fmt: path.name for fmt, path in written.items()}}
    session.flush()
    named = {(subject, check, url) for subject, check, url, _message in data.named_problems}
    subjects = sorted({key[0] for key in named})
    if subjects:
        for case in session.scalars(select(m.Case).where(m.Case.subject.in_(subjects))):
            if (case.subject, case.check, case.url) in named and case.state in CASE_STATES_TO_NOTIFY:
                case.state = "notified"
                case.deadline = data.deadline
                case.notice_id = notice.id
    return notice
