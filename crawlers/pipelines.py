"""Stores what the spiders saw, in batches, under the inspection run the crawl belongs to."""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import datetime, timezone

from sqlalchemy import insert, select

from crawlers import items as it
from storage import models as m
from storage.db import Database

PAGES_STORED = "govpatrol/pages_stored"

_TABLES = {
    it.PageItem: m.Page,
    it.LinkRefItem: m.LinkRef,
    it.LinkCheckItem: m.LinkCheck,
    it.ListItemItem: m.ListItem,
    it.MessageItem: m.Message,
    it.FactItem: m.Fact,
}


@dataclasses.dataclass
class LinkRefBatch:
    """The link references one response's callback yielded, carried to the pipeline as one
    item: Scrapy's per-item machinery (spider middlewares, signals, pipeline) costs more than
    storing a row, and a page yields some twenty of them."""

    refs: list


class LinkRefBatching:
    """Spider middleware, nearest the spider: gathers the callback's LinkRefItems into one
    LinkRefBatch, yielded after the callback's other output (pages, requests) has passed."""

    def process_spider_output(self, response, result, spider=None):
        refs: list = []
        try:
            for output in result:
                if type(output) is it.LinkRefItem:
                    refs.append(output)
                else:
                    yield output
        except Exception:
            if refs:
                yield LinkRefBatch(refs)  # what the callback saw before it failed is kept
            raise
        if refs:
            yield LinkRefBatch(refs)

    async def process_spider_output_async(self, response, result, spider=None):
        refs: list = []
        try:
            async for output in result:
                if type(output) is it.LinkRefItem:
                    refs.append(output)
                else:
                    yield output
        except Exception:
            if refs:
                yield LinkRefBatch(refs)
            raise
        if refs:
            yield LinkRefBatch(refs)


class StoragePipeline:
    def __init__(self, database_url: str, run_id: int, flush_every: int, crawler=None):
        self.crawler = crawler
        self.db = Database(database_url, migrate=False)
        self.run_id = run_id
        self.flush_every = flush_every
        self.pending: dict[type, list[dict]] = defaultdict(list)
        self.pending_count = 0
        self.stored_keys: set[tuple] = set()
        self.columns: dict[str, dict] = {}  # url -> column state
        self.column_pages: dict[str, dict[str, bool]] = defaultdict(dict)

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.get("GOVPATROL_DATABASE"), s.getint("GOVPATROL_RUN_ID"),
                   s.getint("GOVPATROL_FLUSH_EVERY", 1000), crawler)

    def process_item(self, item, spider=None):
        if type(item) is LinkRefBatch:
            rows = self.pending[m.LinkRef]
            for ref in item.refs:
                rows.append({"source_url": ref.source_url, "target_url": ref.target_url,
                             "tag": ref.tag, "text": ref.text, "run_id": self.run_id})
            self.pending_count += len(item.refs)
            if self.pending_count >= self.flush_every:
                self.flush()
            return item
        if isinstance(item, it.ColumnItem):
            self.columns.setdefault(item.url, dataclasses.asdict(item))
        elif isinstance(item, it.ColumnPageItem):
            pages = self.column_pages[item.column_url]
            pages[item.page_url] = pages.get(item.page_url, False) or item.ok
        else:
            model = _TABLES[type(item)]
            key = _unique_key(item)
            if key is not None:
                # One row per page, link target and fact: a repeat would fail the whole batch.
                if key in self.stored_keys:
                    return item
                self.stored_keys.add(key)
            if model is m.Page and self.crawler is not None:
                # The live display counts what is stored, so that it and the report agree.
                self.crawler.stats.inc_value(PAGES_STORED)
            row = _row(item)
            row["run_id"] = self.run_id
            if model is m.Page:
                row["fetched_at"] = datetime.now(timezone.utc)
            elif model is m.LinkCheck:
                row["checked_at"] = datetime.now(timezone.utc)
            self.pending[model].append(row)
            self.pending_count += 1
            if self.pending_count >= self.flush_every:
                self.flush()
        return item

    def flush(self) -> None:
        if not self.pending_count:
            return
        # One transaction per batch, one executemany per table (Core inserts: these rows need
        # no ORM bookkeeping).
        with self.db.engine.begin() as connection:
            for model, rows in self.pending.items():
                if rows:
                    connection.execute(insert(model.__table__), rows)
        self.pending.clear()
        self.pending_count = 0

    def close_spider(self, spider=None) -> None:
        spider = spider or (self.crawler.spider if self.crawler else None)
        if spider is not None:
            # What the crawl could not look at, so that reports count it as unchecked.
            self.process_item(it.FactItem("crawl", "summary", {
                "unchecked": dict(getattr(spider, "unchecked", {})),
                "progress": dict(getattr(spider, "progress", {})),
                "max_pages": getattr(spider, "max_pages", None),
                "pages_requested": getattr(spider, "pages_requested", None),
            }))
        self.flush()
        self.write_columns()
        self.db.dispose()

    def write_columns(self) -> None:
        with self.db.session() as session:
            existing = {c.url: c for c in session.scalars(
                select(m.Column).where(m.Column.run_id == self.run_id))}
            for url, state in self.columns.items():
                pages = self.column_pages.get(url, {})
                read = sum(1 for ok in pages.values() if ok)
                total = state.get("pages_total")
                failed = [u for u, ok in pages.items() if not ok]
                complete = not failed and (total is None or read >= total)
                column = existing.get(url) or m.Column(run_id=self.run_id, url=url)
                column.name = state["name"]
                column.category = state["category"]
                column.level = state["level"]
                column.source = state["source"]
                column.paging = state["paging"]
                column.pages_total = total
                column.pages_read = read
                column.complete = complete
                column.note = state.get("note") or (
                    f"{len(failed)} 个列表页未能读取" if failed else None)
                session.add(column)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _row(item) -> dict:
    """The item's fields as a row: a shallow copy (``dataclasses.asdict`` deep-copies every
    nested value, and the crawl stores a hundred thousand rows)."""
    names = _FIELDS.get(type(item))
    if names is None:
        names = _FIELDS[type(item)] = tuple(f.name for f in dataclasses.fields(item))
    return {name: getattr(item, name) for name in names}


def _unique_key(item) -> tuple | None:
    if isinstance(item, (it.PageItem, it.LinkCheckItem)):
        return (type(item).__name__, item.url)
    if isinstance(item, it.FactItem):
        return ("fact", item.kind, item.key)
    return None
