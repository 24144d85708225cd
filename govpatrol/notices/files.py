"""Writing a period's notice: notice.docx, notice.xlsx and notice.html, with the problem
pages' stored screenshots in screenshots/, then the Notice row (``cases``)."""
from __future__ import annotations

import os
import secrets
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from checks.chinatime import china_today
from govpatrol.evidence import attach_screenshots
from govpatrol.notices.cases import record_notice
from govpatrol.notices.gather import gather_notice
from reports.notice_docx import write_notice_docx
from reports.notice_html import write_notice_html
from reports.notice_model import NoticeData, period_text
from reports.notice_xlsx import write_notice_xlsx
from reports.writers import atomic
from storage.db import Database


class NothingInspected(LookupError):
    """No stored inspection run has its as-of date inside the period."""


def write_notice(db: Database, period_from: date, period_to: date, out_dir: str | Path, *,
                 title: str | None = None, issuer: str | None = None,
                 deadline: date | None = None, screenshots: bool = True,
                 late_screenshots: bool = True, now: datetime | None = None) -> dict[str, Path]:
    """Write notice.docx, notice.xlsx and notice.html (and screenshots/) into ``out_dir``,
    store the Notice row and mark the named cases notified; format -> path.

    The screenshots are those each audit stored with its run; ``late_screenshots`` lets a run
    that stored none (one from before) be shot now; ``screenshots=False`` shows none at all.
    The notice is dated by the day in China at ``now`` (default: this moment).

    Raises ``NothingInspected`` (and writes nothing) when no run is stored for the period.
    """
    with db.session() as session:
        data = gather_notice(session, period_from, period_to, deadline=deadline)
    if data.is_empty:
        raise NothingInspected(f"{period_text(period_from, period_to)}没有已存储的检查结果")
    data.title = title or data.title
    data.issuer = issuer
    data.issued_on = china_today(now)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[NoticeData, Path], Any]] = {
        "docx": write_notice_docx, "xlsx": write_notice_xlsx, "html": write_notice_html}
    written: dict[str, Path] = {}
    staging = out / f".screenshots.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        if screenshots and data.problem_sites:
            attach_screenshots(db, data.problem_sites, staging, shoot_late=late_screenshots)
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
        record_notice(session, data, out, written)
    return written


def _replace_dir(new: Path, final: Path) -> Path:
    """Put ``new`` where ``final`` is, so the folder is always a whole set of screenshots."""
    old = final.with_name(f".{final.name}.{secrets.token_hex(4)}.old")
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final
