"""The audit report (SPEC §4, schema ``govpatrol.audit/1``) assembled from a stored run."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.base import severity_rank
from checks.chinatime import stored_to_china
from checks.observations import Observations, PageObs
from checks.summary import column_summary
from checks.verdict import Judgement
from storage import models as m
from storage.queries import load_columns, stored_fact, stored_page, stored_unchecked

SCHEMA = "govpatrol.audit/1"


def build_audit_report(session: Session, run_id: int, obs: Observations | None = None,
                       judged: Judgement | None = None) -> dict[str, Any]:
    """The report of a stored run, with its stored judgement, or with ``judged``: the same
    observations judged again (another rulebook or as-of date), nothing stored.

    The report reads only the run's columns, its homepage and counts, queried as such: the
    whole observations (every page and link) are loaded only to judge. ``obs``, when given,
    are those observations, whose columns spare reading them again."""
    run = session.get(m.Run, run_id)
    if run is None:
        raise LookupError(f"inspection run {run_id} does not exist")
    site = run.site
    columns = obs.columns if obs is not None else load_columns(session, run_id)
    homepage = stored_page(session, run_id, site.url) if site else None
    stats = run.stats or {}
    if judged is None:
        findings = session.scalars(select(m.Finding).where(m.Finding.run_id == run_id)).all()
        statuses = {s.check: {"status": s.status, "reason": s.reason} for s in session.scalars(
            select(m.CheckStatus).where(m.CheckStatus.run_id == run_id))}
        as_of = run.as_of
        verdict = {"result": run.verdict, "reasons": list(run.verdict_reasons or []),
                   "details": list(stats.get("verdict_details", []))}
    else:
        findings = judged.results.findings
        statuses = {check: {"status": status, "reason": reason}
                    for check, (status, reason) in judged.results.statuses.items()}
        as_of = judged.as_of
        verdict = {"result": judged.verdict.result, "reasons": list(judged.verdict.reasons),
                   "details": list(judged.verdict.details)}
    pages = session.scalar(select(func.count()).select_from(m.Page)
                           .where(m.Page.run_id == run_id, m.Page.error.is_(None)))
    # The live line counts every page fetched; these are the ones that gave no page.
    pages_failed = session.scalar(select(func.count()).select_from(m.Page)
                                  .where(m.Page.run_id == run_id, m.Page.error.is_not(None)))
    links = session.scalar(select(func.count()).select_from(m.LinkCheck)
                           .where(m.LinkCheck.run_id == run_id,
                                  m.LinkCheck.outcome != "unchecked"))
    unchecked = stored_unchecked(session, run_id)
    robots_pages = session.scalar(select(func.count()).select_from(m.Page)
                                  .where(m.Page.run_id == run_id,
                                         func.substr(m.Page.error, 1, 6) == "robots"))
    if robots_pages:
        unchecked["robots"] = max(unchecked.get("robots", 0), robots_pages)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "site": {"url": site.url, "name": site.name or _homepage_fact(homepage, "site_name"),
                 "organizer": site.organizer or _identity(homepage).get("organizer"),
                 "site_code": site.site_code or _identity(homepage).get("site_code")},
        "as_of": as_of.isoformat(),
        "started_at": _china_time(run.started_at),
        "finished_at": _china_time(run.finished_at),
        "verdict": verdict,
        "stats": {"pages": pages or 0, "pages_failed": pages_failed or 0,
                  "links_checked": links or 0,
                  "columns": len(columns), "unchecked": sum(unchecked.values()),
                  "seconds": stats.get("seconds")},
        "columns": [column_summary(c, as_of) for c in columns],
        "findings": [
            {"check": f.check, "severity": f.severity, "url": f.url, "page": f.page,
             "message": f.message, "evidence": f.evidence or {}}
            for f in sorted(findings, key=lambda f: (severity_rank(f.severity), f.check, f.url))
        ],
        "checks": statuses,
        "unchecked": unchecked,
        "run": {"id": run.id, "status": run.status, "error": run.error},
    }
    if homepage is None or homepage.error:
        report["homepage_error"] = homepage.error if homepage else "首页未能抓取"
    for kind in ("ipv6", "availability"):
        fact = stored_fact(session, run_id, kind, "summary")
        if fact:
            report[kind] = fact
    return report


def _homepage_fact(homepage: PageObs | None, key: str):
    return (homepage.facts or {}).get(key) if homepage else None


def _identity(homepage: PageObs | None) -> dict:
    """What the homepage footer states, for a site the registry did not describe."""
    return _homepage_fact(homepage, "identity") or {}


def _china_time(value: datetime | None) -> str | None:
    return None if value is None else stored_to_china(value).isoformat(timespec="seconds")
