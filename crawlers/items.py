"""What the spiders yield: observations only, never verdicts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class PageItem:
    url: str
    kind: str
    depth: int = 0
    referrer: str | None = None
    final_url: str | None = None
    status: int | None = None
    error: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    title: str | None = None
    published: datetime | None = None
    published_source: str | None = None
    rendered: bool = False
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkRefItem:
    source_url: str
    target_url: str
    tag: str
    text: str | None = None


@dataclass
class LinkCheckItem:
    url: str
    internal: bool
    outcome: str  # ok | broken | blocked | unchecked
    reason: str | None = None
    status: int | None = None
    error: str | None = None
    method: str | None = None
    final_url: str | None = None
    redirects: int = 0
    attempts: int = 1
    # Raw facts of the final answer, judged in checks/links.py (None when there was none).
    text_length: int | None = None
    notfound_words: list[str] | None = None
    challenge_markers: list[str] | None = None


@dataclass
class ColumnItem:
    """A column as first seen; later list pages report through ColumnPageItem."""

    url: str
    name: str | None
    category: str
    level: int
    source: str = "discovered"
    paging: str | None = None
    pages_total: int | None = None
    note: str | None = None


@dataclass
class ColumnPageItem:
    column_url: str
    page_url: str
    ok: bool
    error: str | None = None


@dataclass
class ListItemItem:
    column_url: str | None
    page_url: str
    url: str | None
    title: str | None
    date: date | None
    date_text: str | None
    position: int = 0


@dataclass
class MessageItem:
    column_url: str
    list_url: str
    url: str | None
    number: str | None
    title: str | None
    sent: date | None
    status_text: str | None
    replied: date | None
    reply_unit: str | None
    position: int = 0


@dataclass
class FactItem:
    kind: str
    key: str
    data: dict[str, Any]
