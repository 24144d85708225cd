"""What changed since before: each named problem is new or repeated, and problems fixed in
the period are listed, from the cases history keeps or, without a case, the previous notice."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports import labels
from reports.notice_model import NOTICE_SEVERITIES, Change, NoticeData, Subject
from storage import models as m


def notice_changes(session: Session, data: NoticeData,
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
