"""Template filters: labels for every id and evidence key, China time written out with its
zone, long lists folded with a count."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment

from checks.chinatime import stored_to_china
from govpatrol.history import CASE_STATE_LABELS
from reports import labels

FOLD_AFTER = 5  # list items shown before the rest is folded under "共N项"


def cn_time(value: Any) -> str:
    """A stored time in China time, labelled: "2026-11-30 10:05 (UTC+8)"."""
    if not value:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return stored_to_china(value).strftime("%Y-%m-%d %H:%M") + " (UTC+8)"


# Keys the printed reports still show as they are; the console labels them too.
_MORE_LABELS = {"url": "网址"}


def evidence_label(key: str) -> str:
    return _MORE_LABELS.get(key) or labels.evidence_label(key)


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def install_filters(env: Environment) -> None:
    env.filters.update(
        cn_time=cn_time, percent=percent, check=labels.check_label,
        severity=labels.severity_label, verdict=labels.verdict_label,
        status=labels.status_label, reason=labels.reason_label,
        state=lambda s: CASE_STATE_LABELS.get(s, s), evidence_label=evidence_label,
        value_kind=labels.value_kind, value_text=labels.value_text,
        shown_items=labels.shown_items, record_columns=labels.record_columns,
    )
    env.globals.update(is_url=labels.is_web_url, FOLD_AFTER=FOLD_AFTER)
