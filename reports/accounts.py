"""The account object of the patrol report (SPEC §4 ``accounts``), assembled from a stored run."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.base import severity_rank
from checks.newmedia import account_summary, posts_per_day
from storage import models as m
from storage.queries import load_account_observations

RHYTHM_DAYS = 14  # the veto window: an inspector sees the whole fortnight at a glance


def build_account_report(session: Session, run_id: int) -> dict[str, Any]:
    run = session.get(m.Run, run_id)
    if run is None or run.account_id is None:
        raise LookupError(f"account run {run_id} does not exist")
    obs = load_account_observations(session, run_id)
    account = obs.account or {}
    summary = account_summary(obs.posts, run.as_of)
    findings = session.scalars(select(m.Finding).where(m.Finding.run_id == run_id)).all()
    statuses = session.scalars(select(m.CheckStatus).where(m.CheckStatus.run_id == run_id)).all()
    return {
        "platform": account.get("platform"),
        "id": account.get("key"),
        "url": account.get("url"),
        "name": account.get("name") or _profile_name(account.get("profile") or {}),
        "latest": summary["latest"].isoformat() if summary["latest"] else None,
        "posts_last_7_days": summary["posts_last_7_days"],
        "state": account.get("state"),
        "error": account.get("error"),
        "rhythm": posts_per_day(obs.posts, run.as_of, RHYTHM_DAYS),
        "findings": [
            {"check": f.check, "severity": f.severity, "url": f.url, "page": f.page,
             "message": f.message, "evidence": f.evidence or {}}
            for f in sorted(findings, key=lambda f: (severity_rank(f.severity), f.check, f.url))
        ],
        "checks": {s.check: {"status": s.status, "reason": s.reason} for s in statuses},
        "profile": account.get("profile") or {},
        "as_of": run.as_of.isoformat(),
        "run": {"id": run.id, "status": run.status, "error": run.error},
    }


def _profile_name(profile: dict) -> str | None:
    """The name the source gives itself, for an account the registry did not name."""
    return profile.get("screen_name") or profile.get("nickname") or profile.get("title")
