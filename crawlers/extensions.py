"""Progress reports and the run's heartbeat while a crawl runs."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from scrapy import signals
from sqlalchemy import update
from twisted.internet import task

from crawlers.channel import PROGRESS_PREFIX
from crawlers.pipelines import PAGES_STORED
from storage.db import Database
from storage.models import Run


class ProgressReporter:
    """Every second, writes the spider's counters as one JSON line on the progress stream
    (the parent process draws the progress display from them); every few seconds, stamps
    the run's heartbeat so that a crawl that died can be told from one still working."""

    def __init__(self, crawler, interval: float = 1.0, heartbeat_every: int = 5):
        self.crawler = crawler
        self.interval = interval
        self.heartbeat_every = heartbeat_every
        self.ticks = 0
        fd = crawler.settings.get("GOVPATROL_PROGRESS_FD")
        self.stream = os.fdopen(int(fd), "w", buffering=1) if fd else None
        url = crawler.settings.get("GOVPATROL_DATABASE")
        self.run_id = crawler.settings.getint("GOVPATROL_RUN_ID")
        self.db = Database(url, migrate=False) if url and self.run_id else None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider=None):
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=True)

    def closed(self, spider=None, reason=None):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.tick(final=True)
        if self.db:
            self.db.dispose()

    def tick(self, final: bool = False):
        spider = self.crawler.spider
        counters = dict(getattr(spider, "progress", {}))
        counters["unchecked"] = sum(getattr(spider, "unchecked", {}).values())
        stats = self.crawler.stats
        counters["pages"] = stats.get_value(PAGES_STORED, 0) if stats else 0
        counters["requests"] = stats.get_value("downloader/request_count", 0) if stats else 0
        counters["final"] = final
        if self.stream:
            self.stream.write(PROGRESS_PREFIX + json.dumps(counters) + "\n")
        self.ticks += 1
        if self.db and (final or self.ticks % self.heartbeat_every == 0):
            with self.db.session() as session:
                session.execute(update(Run).where(Run.id == self.run_id)
                                .values(heartbeat_at=datetime.now(timezone.utc)))
