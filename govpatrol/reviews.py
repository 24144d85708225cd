"""人工复核: a person confirms or dismisses a finding before a notice names it.

A review is kept for good (the latest one of a finding decides); a dismissed finding stays in
the run's history and report, and no notice names it. Reviews key on (run, check, url), the
way reports and cases key findings, so that judging a run again keeps them.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import models as m

DECISIONS = ("confirm", "dismiss")
DECISION_LABELS = {"confirm": "已确认", "dismiss": "已排除", None: "待复核"}
REASON_MAX = 2000

FindingKey = tuple[int, str, str]  # run id, check, url


class ReviewError(ValueError):
    """A review that cannot be stored (unknown finding, bad decision, no reason)."""


def review_finding(session: Session, finding_id: int, decision: str, reason: str,
                   reviewer: str) -> m.FindingReview:
    finding = session.get(m.Finding, finding_id)
    if finding is None:
        raise LookupError(f"没有编号为 {finding_id} 的问题")
    if decision not in DECISIONS:
        raise ReviewError(f"复核结论应为 {'、'.join(DECISIONS)} 之一：{decision!r}")
    reason = (reason or "").strip()
    if decision == "dismiss" and not reason:
        raise ReviewError("排除一个问题须写明理由")
    if len(reason) > REASON_MAX:
        raise ReviewError(f"理由不超过{REASON_MAX}字")
    review = m.FindingReview(finding_id=finding.id, run_id=finding.run_id, check=finding.check,
                             url=finding.url, decision=decision, reason=reason,
                             reviewer=reviewer, reviewed_at=datetime.now(timezone.utc))
    session.add(review)
    session.flush()
    return review


def latest_reviews(session: Session, run_ids: Iterable[int]) -> dict[FindingKey, m.FindingReview]:
    """The deciding (latest) review of every reviewed finding of these runs."""
    ids = list(run_ids)
    if not ids:
        return {}
    latest: dict[FindingKey, m.FindingReview] = {}
    for review in session.scalars(select(m.FindingReview).where(m.FindingReview.run_id.in_(ids))
                                  .order_by(m.FindingReview.reviewed_at, m.FindingReview.id)):
        latest[(review.run_id, review.check, review.url)] = review
    return latest


def dismissed(session: Session, run_ids: Iterable[int]) -> set[FindingKey]:
    return {key for key, review in latest_reviews(session, run_ids).items()
            if review.decision == "dismiss"}


def review_history(session: Session, run_id: int, check: str, url: str) -> list[m.FindingReview]:
    return list(session.scalars(select(m.FindingReview).where(
        m.FindingReview.run_id == run_id, m.FindingReview.check == check,
        m.FindingReview.url == url).order_by(m.FindingReview.reviewed_at, m.FindingReview.id)))
