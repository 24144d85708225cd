"""Evidence screenshots kept in the database: a notice shows each problem page as it was
first shot for that run, so that any machine writes the notice again with the same pictures
and without a browser. Pages never shot before are shot now and stored."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reports.notice_model import Subject
from reports.screenshots import screenshot_name, take_screenshots
from storage import models as m
from storage.db import Database


def attach_screenshots(db: Database, subjects: Sequence[Subject], folder: Path) -> None:
    """Set each subject's ``screenshot`` to a PNG in ``folder``, from storage or taken now."""
    wanted = [s for s in subjects if s.evidence_url]
    runs = {s.run_id for s in wanted if s.run_id is not None}
    with db.session() as session:
        stored = {(shot.run_id, shot.url): shot.png for shot in session.scalars(
            select(m.Screenshot).where(m.Screenshot.run_id.in_(runs)))} if runs else {}
    missing = [s for s in wanted if (s.run_id, s.evidence_url) not in stored]
    # Each page is held to the network policy of its own site's homepage.
    taken = take_screenshots([s.evidence_url for s in missing], folder,
                             homepages={s.evidence_url: s.url for s in missing}) if missing else {}
    for subject in missing:
        path = taken.get(subject.evidence_url)
        if path is None:
            continue
        png = path.read_bytes()
        stored[(subject.run_id, subject.evidence_url)] = png
        if subject.run_id is not None:
            _store(db, subject.run_id, subject.evidence_url, png)
    for subject in wanted:
        png = stored.get((subject.run_id, subject.evidence_url))
        if png is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / screenshot_name(subject.evidence_url)
        path.write_bytes(png)
        subject.screenshot = path


def _store(db: Database, run_id: int, url: str, png: bytes) -> None:
    try:
        with db.session() as session:
            session.add(m.Screenshot(run_id=run_id, url=url, png=png,
                                     taken_at=datetime.now(timezone.utc)))
    except IntegrityError:
        pass  # another machine stored this page's picture first; either will do
