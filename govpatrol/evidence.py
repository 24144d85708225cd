"""Evidence screenshots, taken when a finding is observed and kept with the run.

At the end of an audit (``shoot_run_evidence``) the pages of its notice-worthy problems are
shot through the audit's own DNS servers and network policy (the browser is pinned to the
addresses that resolver gave) and stored in the ``screenshots`` table; the run's
``stats["screenshots"]`` says which pages were shot and why the others are missing. A page
that cannot be shot is recorded as missing; it never fails the run.

Notices, reports and the console show the stored pictures (``attach_screenshots``): a notice
written again, on any machine, shows the same pictures without visiting the pages. Only a
run from before screenshots were taken with the audit (nothing recorded at all) is shot when
its notice is written, through that run's DNS servers.
"""
from __future__ import annotations

import logging
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy
from reports import labels
from reports.notice_model import NOTICE_SEVERITIES, Subject, evidence_pages
from reports.screenshots import screenshot_name, shoot, take_screenshots
from storage import models as m
from storage.db import Database

log = logging.getLogger(__name__)

SCREENSHOTS_PER_RUN = 1  # pages shot per run at most: a notice shows one per site
SCREENSHOT_TIMEOUT = 10.0  # seconds per page
SCREENSHOT_BUDGET = 30.0  # seconds for a run's pictures: later pages are recorded missing
STATS_KEY = "screenshots"


def shoot_run_evidence(db: Database, run_id: int, homepage: str, *,
                       nameservers: Iterable[str], policy: NetworkPolicy,
                       limit: int = SCREENSHOTS_PER_RUN,
                       timeout: float = SCREENSHOT_TIMEOUT) -> dict[str, Any]:
    """Shoot and store the pages of a judged run's problems; returns what was recorded.

    Only a run with something a notice names (a failed verdict, a veto or deduct finding)
    needs a picture, and at most ``limit`` pages are shot. Never raises: a browser or page
    that fails is recorded as missing with the reason."""
    record: dict[str, Any] = {"taken": [], "missing": {}}
    if limit <= 0:
        return record
    try:
        pages = _pages_to_shoot(db, run_id, homepage, limit)
        if pages:
            with tempfile.TemporaryDirectory(prefix="govpatrol-shots-") as folder:
                shots = shoot(pages, folder, policies=dict.fromkeys(pages, policy),
                              resolver=NameResolver(tuple(nameservers)), timeout=timeout,
                              pin_hosts=True, budget=SCREENSHOT_BUDGET)
                for url, shot in shots.items():
                    if isinstance(shot, Path):
                        _store(db, run_id, url, shot.read_bytes())
                        record["taken"].append(url)
                    else:
                        record["missing"][url] = shot
    except Exception as exc:  # evidence is best effort: the run stands without it
        log.warning("证据截图未能完成：%s", exc)
        record["missing"]["*"] = f"{type(exc).__name__}: {exc}"[:300]
    with db.session() as session:
        run = session.get(m.Run, run_id)
        run.stats = {**(run.stats or {}), STATS_KEY: record}
    return record


def _pages_to_shoot(db: Database, run_id: int, homepage: str, limit: int) -> list[str]:
    with db.session() as session:
        run = session.get(m.Run, run_id)
        findings = labels.sorted_findings(
            {"check": f.check, "severity": f.severity, "url": f.url}
            for f in session.scalars(select(m.Finding).where(m.Finding.run_id == run_id)))
        failed = run.verdict == "fail"
    pages = evidence_pages(findings, homepage, limit=limit)
    named = any(f["severity"] in NOTICE_SEVERITIES for f in findings)
    return pages if (failed or named) else []


def attach_screenshots(db: Database, subjects: Sequence[Subject], folder: Path, *,
                       shoot_late: bool = True) -> None:
    """Set each subject's ``screenshot`` to a PNG in ``folder`` from the pictures stored with
    its run: the evidence page's, else the next of its problem pages that was shot. A run
    that recorded no screenshots at all (one from before they were taken with the audit) is
    shot now (unless not ``shoot_late``), through its own DNS servers, and the pictures are
    stored with it."""
    wanted = [s for s in subjects if s.evidence_url and s.run_id is not None]
    runs = {s.run_id for s in wanted}
    with db.session() as session:
        stored = {(shot.run_id, shot.url): shot.png for shot in session.scalars(
            select(m.Screenshot).where(m.Screenshot.run_id.in_(runs)))} if runs else {}
        recorded = {run.id: STATS_KEY in (run.stats or {}) for run in session.scalars(
            select(m.Run).where(m.Run.id.in_(runs)))} if runs else {}
        nameservers = {run.id: tuple((run.settings or {}).get("nameservers") or ())
                       for run in session.scalars(select(m.Run).where(m.Run.id.in_(runs)))} \
            if runs else {}
    late = [s for s in wanted if shoot_late and not recorded.get(s.run_id)
            and (s.run_id, s.evidence_url) not in stored]
    for servers in {nameservers.get(s.run_id, ()) for s in late}:
        group = [s for s in late if nameservers.get(s.run_id, ()) == servers]
        taken = take_screenshots([s.evidence_url for s in group], folder, nameservers=servers,
                                 homepages={s.evidence_url: s.url for s in group})
        for subject in group:
            path = taken.get(subject.evidence_url)
            if path is not None:
                png = path.read_bytes()
                stored[(subject.run_id, subject.evidence_url)] = png
                _store(db, subject.run_id, subject.evidence_url, png)
    for subject in wanted:
        candidates = [subject.evidence_url] + evidence_pages(
            subject.notice_findings, subject.url, limit=SCREENSHOTS_PER_RUN)
        url = next((u for u in candidates if (subject.run_id, u) in stored), None)
        if url is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / screenshot_name(url)
        path.write_bytes(stored[(subject.run_id, url)])
        subject.screenshot, subject.screenshot_url = path, url


def run_screenshots(session: Session, run_id: int) -> dict[str, int]:
    """The pages shot for a run: url -> the stored screenshot's id."""
    return dict(session.execute(select(m.Screenshot.url, m.Screenshot.id)
                                .where(m.Screenshot.run_id == run_id)).all())


def run_pictures(session: Session, run_id: int) -> dict[str, bytes]:
    """The pages shot for a run: url -> PNG, for its reports."""
    return dict(session.execute(select(m.Screenshot.url, m.Screenshot.png)
                                .where(m.Screenshot.run_id == run_id)).all())


def _store(db: Database, run_id: int, url: str, png: bytes) -> None:
    try:
        with db.session() as session:
            session.add(m.Screenshot(run_id=run_id, url=url, png=png,
                                     taken_at=datetime.now(timezone.utc)))
    except IntegrityError:
        pass  # another machine stored this page's picture first; either will do
