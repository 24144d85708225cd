"""What the spiders yield: observations only, never verdicts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from checks.observations import ColumnRecord, LinkAnswer, MessageObs, PageObs


@dataclass
class PageItem(PageObs):
    """A fetched page; what travels with the fetch besides the observation itself."""

    final_url: str | None = None
    content_type: str | None = None
    encoding: str | None = None


@dataclass
class LinkRefItem:
    source_url: str
    target_url: str
    tag: str
    text: str | None = None


@dataclass
class LinkCheckItem(LinkAnswer):
    """A link target checked once; ``method`` is the one its final answer came by."""

    method: str | None = None


class ColumnItem(ColumnRecord):
    """A column as first seen; later list pages report through ColumnPageItem."""


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
    date: dt.date | None
    date_text: str | None
    position: int = 0


class MessageItem(MessageObs):
    """A message as its list shows it (its own page may complete it later, as a fact)."""


@dataclass
class FactItem:
    kind: str
    key: str
    data: dict[str, Any]
