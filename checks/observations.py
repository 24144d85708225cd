"""What the checks read: a run's observations as plain values, loaded from storage.

Checks never see HTML or the network; everything they judge is here. These are also the
record shapes the crawlers yield (crawlers/items.py adds only what travels with a fetch), so
each shape is declared once; storage/models.py holds their columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ItemObs:
    """An entry of a list page (or of the homepage)."""

    title: str | None
    url: str | None
    date: date | None
    date_text: str | None = None
    page_url: str | None = None


@dataclass
class ColumnRecord:
    """A column as the crawl first sees it."""

    url: str
    name: str | None
    category: str  # one of crawlers.extract.category.CATEGORIES
    level: int = 1  # 1 = linked from the homepage
    source: str = "discovered"  # or "registry"
    paging: str | None = None
    pages_total: int | None = None
    note: str | None = None


@dataclass
class ColumnObs(ColumnRecord):
    """A column with what reading all its list pages gave."""

    pages_read: int = 0
    complete: bool = True  # False: some list pages could not be read
    items: list[ItemObs] = field(default_factory=list)


@dataclass
class PageObs:
    url: str
    kind: str  # homepage | column | article | other
    status: int | None = None
    error: str | None = None
    title: str | None = None
    published: datetime | None = None
    published_source: str | None = None
    depth: int = 0
    referrer: str | None = None
    rendered: bool = False
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkAnswer:
    """What checking one link target gave: the outcome the crawl recorded and the raw facts
    of the final answer, which checks/links.py judges."""

    url: str
    internal: bool
    outcome: str  # ok | broken | blocked | unchecked
    reason: str | None = None
    status: int | None = None
    error: str | None = None
    final_url: str | None = None
    redirects: int = 0
    attempts: int = 1
    # Raw facts of the final answer (None: stored before they were kept, or no answer).
    text_length: int | None = None  # visible text of an HTML body read
    notfound_words: list[str] | None = None  # "not found" phrases the text holds
    challenge_markers: list[str] | None = None  # bot-challenge marks at the top of the page


@dataclass
class LinkObs(LinkAnswer):
    """One distinct link target, its check result and the pages that carry it."""

    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MessageObs:
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


@dataclass(frozen=True)
class PostObs:
    post_id: str | None
    title: str | None
    url: str | None
    published: datetime | None
    pinned: bool = False
    comments: int | None = None
    reposts: int | None = None


@dataclass(frozen=True)
class ProbeObs:
    at: datetime
    ok: bool
    family: str = "any"
    stage: str | None = None
    status: int | None = None
    error: str | None = None
    seconds: float | None = None


@dataclass
class Observations:
    """Everything one run saw. ``homepage`` is the normalised homepage URL."""

    homepage: str
    site: dict[str, Any] = field(default_factory=dict)  # name, organizer, site_code
    pages: list[PageObs] = field(default_factory=list)
    homepage_items: list[ItemObs] = field(default_factory=list)
    columns: list[ColumnObs] = field(default_factory=list)
    links: list[LinkObs] = field(default_factory=list)
    messages: list[MessageObs] = field(default_factory=list)
    posts: list[PostObs] = field(default_factory=list)
    probes: list[ProbeObs] = field(default_factory=list)  # stored history, any age
    facts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    unchecked: dict[str, int] = field(default_factory=dict)  # reason -> pages not checked
    account: dict[str, Any] | None = None  # set for new-media account runs

    def page(self, url: str) -> PageObs | None:
        return self._pages_by_url().get(url)

    def homepage_page(self) -> PageObs | None:
        return self.page(self.homepage)

    def fact(self, kind: str, key: str = "") -> dict[str, Any] | None:
        return self.facts.get((kind, key))

    def _pages_by_url(self) -> dict[str, PageObs]:
        cache = self.__dict__.get("_page_index")
        if cache is None or len(cache) != len(self.pages):
            cache = {p.url: p for p in self.pages}
            self.__dict__["_page_index"] = cache
        return cache
