"""What the API and the pages show, read from storage: plain dicts, times in China time."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.chinatime import stored_to_china
from govpatrol.evidence import run_screenshots
from govpatrol.history import ACTIVE_STATES, CASE_STATE_LABELS, finding_counts, site_cases, site_runs
from govpatrol.reviews import DECISION_LABELS, latest_reviews
from reports import labels
from storage import models as m

# A row id as a path parameter: one no database could hold is refused (422) before any query.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def china_time(value: datetime | None) -> str | None:
    """ISO time with the +08:00 offset; stored times without a zone are UTC."""
    if value is None:
        return None
    return stored_to_china(value).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def latest_complete_runs(session: Session, site_ids: list[int]) -> dict[int, m.Run]:
    """Per site, its latest complete site run (by as-of date, then id)."""
    if not site_ids:
        return {}
    latest: dict[int, m.Run] = {}
    runs = session.scalars(select(m.Run).where(m.Run.site_id.in_(site_ids),
                                               m.Run.account_id.is_(None),
                                               m.Run.status == "complete")
                           .order_by(m.Run.as_of, m.Run.id))
    for run in runs:
        latest[run.site_id] = run
    return latest


def run_dict(run: m.Run, counts: dict[str, int] | None = None) -> dict[str, Any]:
    return {"id": run.id, "site_id": run.site_id, "patrol_id": run.patrol_id, "kind": run.kind,
            "as_of": day(run.as_of), "status": run.status, "verdict": run.verdict,
            "verdict_reasons": list(run.verdict_reasons or []),
            "started_at": china_time(run.started_at), "finished_at": china_time(run.finished_at),
            "error": run.error, "stats": run.stats or {}, "findings": counts or {}}


def site_dict(site: m.Site, latest: m.Run | None = None, open_cases: int = 0) -> dict[str, Any]:
    return {"id": site.id, "url": site.url, "name": site.name, "organizer": site.organizer,
            "site_code": site.site_code, "created_at": china_time(site.created_at),
            "latest_run": run_dict(latest) if latest else None, "open_cases": open_cases}


def list_sites(session: Session, *, verdict: str | None = None, check: str | None = None,
               name: str | None = None) -> list[dict[str, Any]]:
    """Sites with their latest complete run; filtered by that run's verdict, by a check among
    its findings, and by a part of the name or address."""
    query = select(m.Site).order_by(m.Site.name, m.Site.url)
    if name:
        query = query.where(m.Site.name.contains(name) | m.Site.url.contains(name))
    sites = list(session.scalars(query))
    latest = latest_complete_runs(session, [s.id for s in sites])
    with_check: set[int] = set()
    if check:
        run_ids = [r.id for r in latest.values()]
        with_check = set(session.scalars(select(m.Finding.run_id).where(
            m.Finding.run_id.in_(run_ids), m.Finding.check == check))) if run_ids else set()
    open_counts = dict(session.execute(
        select(m.Case.site_id, func.count()).where(m.Case.state.in_(ACTIVE_STATES),
                                                   m.Case.site_id.is_not(None))
        .group_by(m.Case.site_id)).all())
    shown = []
    for site in sites:
        run = latest.get(site.id)
        if verdict and (run is None or run.verdict != verdict):
            continue
        if check and (run is None or run.id not in with_check):
            continue
        shown.append(site_dict(site, run, open_counts.get(site.id, 0)))
    return shown


def case_dict(case: m.Case) -> dict[str, Any]:
    return {"id": case.id, "subject": case.subject, "check": case.check, "url": case.url,
            "severity": case.severity, "message": case.message, "state": case.state,
            "state_label": CASE_STATE_LABELS.get(case.state, case.state),
            "first_seen": day(case.first_seen), "last_seen": day(case.last_seen),
            "fixed_on": day(case.fixed_on), "deadline": day(case.deadline),
            "notice_id": case.notice_id}


def review_dict(review: m.FindingReview | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {"decision": review.decision, "label": DECISION_LABELS[review.decision],
            "reason": review.reason, "reviewer": review.reviewer,
            "reviewed_at": china_time(review.reviewed_at)}


def run_findings(session: Session, run_id: int) -> list[dict[str, Any]]:
    """A run's findings, worst first, each with its evidence, the screenshot the audit took
    of its page (if any) and its deciding review."""
    reviews = latest_reviews(session, [run_id])
    shots = run_screenshots(session, run_id)
    found = []
    for f in session.scalars(select(m.Finding).where(m.Finding.run_id == run_id)):
        shot = shots.get(f.url)
        found.append({"id": f.id, "run_id": f.run_id, "check": f.check, "severity": f.severity,
                      "url": f.url, "page": f.page, "message": f.message,
                      "evidence": f.evidence or {},
                      "screenshot": f"/api/v1/screenshots/{shot}" if shot else None,
                      "review": review_dict(reviews.get((f.run_id, f.check, f.url)))})
    return labels.sorted_findings(found)


def site_detail(session: Session, site_id: int) -> dict[str, Any] | None:
    site = session.get(m.Site, site_id)
    if site is None:
        return None
    runs = site_runs(session, site_id, limit=50)
    counts = finding_counts(session, [r.id for r in runs])
    latest = latest_complete_runs(session, [site_id]).get(site_id)
    cases = site_cases(session, site_id)
    return {"site": site_dict(site, latest, sum(c.state in ACTIVE_STATES for c in cases)),
            "runs": [run_dict(r, counts.get(r.id)) for r in runs],
            "cases": [case_dict(c) for c in cases if c.state in ACTIVE_STATES],
            "findings": run_findings(session, latest.id) if latest else []}


def patrol_rates(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """合格率 of each patrol (complete site runs that passed / complete site runs), oldest
    first, for the chart over time."""
    patrols = list(session.scalars(select(m.Patrol).order_by(m.Patrol.id.desc()).limit(limit)))
    rows = []
    for patrol in reversed(patrols):
        verdicts = dict(session.execute(
            select(m.Run.verdict, func.count()).where(
                m.Run.patrol_id == patrol.id, m.Run.status == "complete",
                m.Run.account_id.is_(None), m.Run.verdict.in_(("pass", "fail")))
            .group_by(m.Run.verdict)).all())
        checked = sum(verdicts.values())
        rows.append({"id": patrol.id, "as_of": day(patrol.as_of), "status": patrol.status,
                     "registry": patrol.registry_path,
                     "started_at": china_time(patrol.started_at),
                     "finished_at": china_time(patrol.finished_at),
                     "checked": checked, "passed": verdicts.get("pass", 0),
                     "rate": verdicts.get("pass", 0) / checked if checked else None})
    return rows


def findings_per_check(session: Session) -> list[dict[str, Any]]:
    """Findings of every site's latest complete run, per check, most first."""
    site_ids = list(session.scalars(select(m.Site.id)))
    run_ids = [r.id for r in latest_complete_runs(session, site_ids).values()]
    if not run_ids:
        return []
    rows = session.execute(select(m.Finding.check, func.count()).where(
        m.Finding.run_id.in_(run_ids)).group_by(m.Finding.check)).all()
    return sorted(({"check": c, "label": labels.check_label(c), "count": n} for c, n in rows),
                  key=lambda r: (-r["count"], r["check"]))


def notice_dict(notice: m.Notice) -> dict[str, Any]:
    summary = notice.summary or {}
    return {"id": notice.id, "period_from": day(notice.period_from),
            "period_to": day(notice.period_to), "created_at": china_time(notice.created_at),
            "deadline": day(notice.deadline), "title": summary.get("title"),
            "sites": summary.get("sites"), "review": summary.get("review") or {},
            "formats": sorted(f for f in (summary.get("files") or {}) if f in ("docx", "xlsx", "html"))}
