"""Runs one site crawl in this process: ``python -m crawlers.runner CONFIG.json``.

Scrapy's reactor runs once per process, so every inspection gets a process of its own; the
parent reads progress lines from the file descriptor it passes and waits for the exit code.
The database URL comes in the environment (``GOVPATROL_CRAWL_DATABASE``), never in the
config file, which may not hold a password.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import task

from crawlers import settings as default_settings
from crawlers.defaults import MAX_PAGES, RENDER
from crawlers.channel import DATABASE_ENV
from crawlers.netpolicy import NetworkPolicy
from crawlers.politeness import DEFAULT as DEFAULT_POLITENESS, politeness_settings
from crawlers.rendering import playwright_settings
from crawlers.spiders.site import SiteSpider
from storage.db import Database
from storage.models import Run

# Before robots.txt (100) and every other middleware: a refused address gets no request.
_POLICY_MIDDLEWARE = "crawlers.netguard.AddressPolicyMiddleware"


def crawl_settings(config: dict) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    link = config.get("link", {})
    settings.update({
        "GOVPATROL_RUN_ID": config["run_id"],
        "GOVPATROL_DATABASE": config["database"],
        "GOVPATROL_PROGRESS_FD": config.get("progress_fd"),
        "DOWNLOAD_TIMEOUT": link.get("timeout_seconds", 15),
        "GOVPATROL_MAX_REDIRECTS": link.get("max_redirects", 8),
        "GOVPATROL_SOFT404_MAX_CHARS": link.get("soft404_max_length", 600),
        "GOVPATROL_SOFT404_PHRASES": link.get("soft404_phrases"),
        "GOVPATROL_CONFIRM_DELAY": link.get("confirm_delay_seconds", 1.0),
        "ROBOTSTXT_OBEY": config.get("obey_robots", True),
        "LOG_FILE": config.get("log_file"),
        "LOG_LEVEL": config.get("log_level", "INFO"),
        "LOG_INSTALL_ROOT_HANDLER": True,
        "DOWNLOADER_MIDDLEWARES": {**default_settings.DOWNLOADER_MIDDLEWARES,
                                   _POLICY_MIDDLEWARE: 40},
        # Nearest the spider: a page's link references pass Scrapy's item machinery as one.
        "SPIDER_MIDDLEWARES": {"crawlers.pipelines.LinkRefBatching": 950},
        # Every name goes through the resolver that holds answers to the network policy.
        "TWISTED_DNS_RESOLVER": "crawlers.resolver.NameserverResolver",
        "GOVPATROL_ALLOWED_NETWORKS": list(config.get("allowed_networks") or []),
    }, priority="cmdline")
    # How hard the crawl may press the site (crawlers/politeness.py); a bad level fails here.
    settings.update(politeness_settings(config.get("politeness") or DEFAULT_POLITENESS),
                    priority="cmdline")
    if config.get("nameservers"):
        settings.set("GOVPATROL_NAMESERVERS", list(config["nameservers"]), priority="cmdline")
    if config.get("render", RENDER):
        policy = NetworkPolicy.from_config(config.get("allowed_networks"))
        settings.update(playwright_settings(config["homepage"], config.get("nameservers") or [],
                                            policy=policy), priority="cmdline")
    for key, value in (config.get("scrapy_settings") or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def parent_alive(parent_pid: int | None) -> bool:
    return parent_pid is None or os.getppid() == parent_pid


def watch_parent(config: dict) -> task.LoopingCall:
    """Every second, make sure the process that started this crawl is still there. A killed
    audit must not leave its crawler writing on: the run is marked at once and the crawl's
    whole process group (browser included) ends with it."""
    def check() -> None:
        if not parent_alive(config.get("parent_pid")):
            mark_orphaned(config["database"], config["run_id"])
            if os.getpgrp() == os.getpid():  # our own group, as the parent starts us
                os.killpg(os.getpgrp(), signal.SIGKILL)
            os._exit(1)

    loop = task.LoopingCall(check)
    loop.start(1.0, now=False)
    return loop


def mark_orphaned(database: str, run_id: int) -> None:
    """The parent died mid-crawl: say so in the run at once, rather than leave it 进行中."""
    db = Database(database, migrate=False)
    try:
        with db.session() as session:
            run = session.get(Run, run_id)
            if run is not None and run.status == "running":
                run.status = "interrupted"
                run.error = "检查进程被终止，抓取随之停止"
                run.finished_at = datetime.now(timezone.utc)
    finally:
        db.dispose()


def run(config: dict) -> int:
    if not parent_alive(config.get("parent_pid")):
        mark_orphaned(config["database"], config["run_id"])
        return 1
    settings = crawl_settings(config)
    process = CrawlerProcess(settings)
    # Scrapy leaves the root logger at NOTSET and filters in its handler, so every debug
    # message (two for each response and item) is built and then dropped: drop it at once.
    logging.getLogger().setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, homepage=config["homepage"], as_of=config["as_of"],
                  max_pages=config.get("max_pages", MAX_PAGES), columns=config.get("columns"),
                  render=config.get("render", RENDER), force_render=config.get("force_render"))
    watch_parent(config)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    if reason != "finished":
        logging.getLogger(__name__).error("crawl ended early: %s", reason)
        return 1
    if stats.get("spider_exceptions/count") or stats.get("item_scraped_count") is None:
        logging.getLogger(__name__).warning("crawl finished with errors: %s", stats)
    return 0


def load_config(path: Path) -> dict:
    """A crawl's config file, with the database URL from the environment it was given."""
    config = json.loads(path.read_text(encoding="utf-8"))
    config.setdefault("database", os.environ.get(DATABASE_ENV, ""))
    return config


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m crawlers.runner CONFIG.json", file=sys.stderr)
        return 2
    return run(load_config(Path(argv[0])))


if __name__ == "__main__":
    sys.exit(main())
