"""The notice as one self-contained HTML page: the same text as the DOCX, screenshots
embedded as data URIs so that the page can be mailed or archived on its own."""
from __future__ import annotations

import base64
from pathlib import Path

from reports import labels
from reports.html import _environment
from reports.notice_model import CHANGE_LABELS, NoticeData, cn_date


def write_notice_html(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_notice_html(data), encoding="utf-8")
    return path


def render_notice_html(data: NoticeData) -> str:
    return _environment().get_template("notice.html.j2").render(
        data=data,
        overview=data.overview(),
        indicators=data.indicators,
        changes=[(kind, label, data.change_lines(kind), len(data.changes_of(kind)))
                 for kind, label in CHANGE_LABELS.items()],
        requirements=data.requirements(),
        attachments=data.attachments(),
        screenshots={s.key: _data_uri(s.screenshot) for s in data.problem_sites if s.screenshot},
        cn_date=cn_date,
        status_label=labels.status_label,
    )


def _data_uri(path: Path) -> str | None:
    try:
        return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")
    except OSError:
        return None

