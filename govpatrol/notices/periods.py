"""Which run speaks for each subject in a notice's period, and the notice before it.

For each site and each new-media account, the notice reads the latest COMPLETE run with an
as-of date inside the period; a subject whose runs in the period all failed or never
finished is read from its latest unfinished run (listed as 未完成检查)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.notice_model import PreviousNotice
from storage import models as m


def chosen_runs(session: Session, period_from: date, period_to: date) -> list[m.Run]:
    """Per subject, the latest complete run of the period, else its latest unfinished one."""
    runs = session.scalars(select(m.Run).where(m.Run.as_of >= period_from,
                                               m.Run.as_of <= period_to)).all()
    chosen: dict[str, m.Run] = {}
    for run in runs:
        key = run_subject(run)
        if key is None:
            continue
        best = chosen.get(key)
        if best is None or _preference(run) > _preference(best):
            chosen[key] = run
    return list(chosen.values())


def run_subject(run: m.Run) -> str | None:
    if run.account_id is not None:
        return f"account:{run.account_id}"
    if run.site_id is not None:
        return f"site:{run.site_id}"
    return None


def _preference(run: m.Run) -> tuple[bool, date, int]:
    return (run.status == "complete", run.as_of, run.id)


def previous_notice(session: Session, period_from: date) -> PreviousNotice | None:
    notice = session.scalar(select(m.Notice).where(m.Notice.period_to < period_from)
                            .order_by(m.Notice.period_to.desc(), m.Notice.id.desc()).limit(1))
    if notice is None:
        return None
    problems = {}
    for entry in (notice.summary or {}).get("problems") or []:
        subject, check, url, *rest = entry
        problems[(subject, check, url)] = rest[0] if rest else ""
    return PreviousNotice(notice.id, notice.period_from, notice.period_to, problems)
