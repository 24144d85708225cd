"""The stored Notice row of a period, the cases it names marked notified, and the review
counts the notice command shows."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.notice_model import CASE_STATES_TO_NOTIFY, NoticeData
from storage import models as m
from storage.db import Database


def record_notice(session: Session, data: NoticeData, out: Path,
                  written: dict[str, Path]) -> m.Notice:
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


def notice_review_counts(db: Database, period_from: date, period_to: date) -> dict[str, int]:
    """How many findings of the period's stored notice await review, and how many were
    dismissed (and so left out)."""
    with db.session() as session:
        notice = session.scalar(select(m.Notice).where(m.Notice.period_from == period_from,
                                                       m.Notice.period_to == period_to)
                                .order_by(m.Notice.id.desc()).limit(1))
        review = ((notice.summary or {}).get("review") if notice else None) or {}
    return {"awaiting": int(review.get("awaiting", 0)), "dismissed": int(review.get("dismissed", 0))}
