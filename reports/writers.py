"""Write an audit report to disk in every format, each file replaced atomically."""
from __future__ import annotations

import json
import os
import secrets
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from reports.docx_report import write_audit_docx
from reports.html import render_audit_html
from reports.xlsx_report import write_audit_xlsx

FORMATS = ("json", "html", "docx", "xlsx")


def report_json(report: Mapping[str, Any]) -> str:
    """The report as JSON text: UTF-8 Chinese as is, indented, dates as ISO strings."""
    return json.dumps(report, ensure_ascii=False, indent=2, default=_json_value) + "\n"


def write_json(report: Mapping[str, Any], dest: str | Path) -> Path | None:
    """Write the report as JSON to ``dest``; ``"-"`` writes to standard output."""
    if str(dest) == "-":
        sys.stdout.write(report_json(report))
        sys.stdout.flush()
        return None
    path = Path(dest)
    with atomic(path) as temporary:
        _write_json_file(report, temporary)
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write a text document (UTF-8) atomically."""
    path = Path(path)
    with atomic(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def _write_json_file(report: Mapping[str, Any], path: Path) -> None:
    path.write_text(report_json(report), encoding="utf-8")


def _write_html_file(report: Mapping[str, Any], path: Path) -> None:
    path.write_text(render_audit_html(report), encoding="utf-8")


_WRITERS: dict[str, Callable[[Mapping[str, Any], Path], Any]] = {
    "json": _write_json_file,
    "html": _write_html_file,
    "docx": write_audit_docx,
    "xlsx": write_audit_xlsx,
}


_WITH_PICTURES: dict[str, Callable[[Mapping[str, Any], Path, Mapping[str, bytes]], Any]] = {
    "html": lambda report, path, pictures: path.write_text(
        render_audit_html(report, pictures), encoding="utf-8"),
    "docx": lambda report, path, pictures: write_audit_docx(report, path, pictures),
}


def write_reports(report: Mapping[str, Any], out_dir: str | Path,
                  formats: Sequence[str] = FORMATS, *,
                  pictures: Mapping[str, bytes] | None = None) -> dict[str, Path]:
    """Write ``report.<format>`` for each format into ``out_dir`` (created); format -> path.
    ``pictures`` (page url -> PNG, the screenshots stored with the run) are shown beside
    their findings in the HTML and DOCX reports."""
    unknown = [fmt for fmt in formats if fmt not in _WRITERS]
    if unknown:
        raise ValueError(f"未知的报告格式: {', '.join(unknown)}（可用: {', '.join(FORMATS)}）")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = out / f"report.{fmt}"
        with atomic(path) as temporary:
            if pictures and fmt in _WITH_PICTURES:
                _WITH_PICTURES[fmt](report, temporary, pictures)
            else:
                _WRITERS[fmt](report, temporary)
        written[fmt] = path
    return written


@contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename.

    A crash or an error while writing leaves the old report (or none), never half of one.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())  # the data is on disk before the name points at it
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
