"""Benchmark: the floor under any Scrapy crawl of the linkbench site, on this machine.

    .venv/bin/python bench/scrapy_floor.py                 # 5,000 pages, one run
    .venv/bin/python bench/scrapy_floor.py --runs 3        # medians of three runs

A spider that does nothing but what a link checker must: it fetches every page, takes each
``href`` and ``src`` with one regular expression, follows every address once (a set of
addresses, as govpatrol's spider keeps) and keeps nothing: no page reading, no items, no database, no parent
process. It runs with the settings of ``govpatrol audit --politeness fast`` (ten connections
to the host, no throttle) on the site ``bench/linkbench.py`` serves. Its wall and CPU seconds
and peak RSS are what Scrapy itself costs here, whatever a spider does on top; the last lines
set them against the linkbench targets.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import scrapy
from scrapy.crawler import CrawlerProcess

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from crawlers.politeness import politeness_settings  # noqa: E402
from linkbench import build_site, process_cpu, start_server  # noqa: E402  (beside this script)
from proctree import processes, run_sampled, tree_of  # noqa: E402

_LINK = re.compile(rb'(?:href|src)="([^"#]+)"')


def crawl(homepage: str, out: Path, bare: bool) -> int:
    """The bare crawl, run in the child process this bench measures."""
    class FloorSpider(scrapy.Spider):
        name = "floor"
        start_urls = [homepage]
        pages = 0
        seen: set[str] = {homepage}

        def parse(self, response):
            if not response.headers.get(b"Content-Type", b"").startswith(b"text/html"):
                return
            self.pages += 1
            for href in _LINK.findall(response.body):
                url = urljoin(response.url, href.decode())
                if url not in self.seen:  # each address once, before a request is made
                    self.seen.add(url)
                    yield scrapy.Request(url, callback=self.parse, errback=self.failed,
                                         dont_filter=True)

        def failed(self, failure):
            return None

    settings = {
        **politeness_settings("fast"),
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        "RETRY_ENABLED": False,
    }
    if bare:  # not one optional component: Scrapy's engine, scheduler and downloader alone
        settings.update({"DOWNLOADER_MIDDLEWARES_BASE": {}, "SPIDER_MIDDLEWARES_BASE": {},
                         "EXTENSIONS_BASE": {"scrapy.extensions.corestats.CoreStats": 0}})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FloorSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    out.write_text(json.dumps({"pages": crawler.spider.pages,
                               "responses": stats.get("response_received_count", 0)}),
                   encoding="utf-8")
    return 0


def measure(homepage: str, work: Path, bare: bool) -> dict:
    peak = 0

    def sample(pid: int, _seconds: float) -> None:
        nonlocal peak
        table = processes()
        peak = max(peak, sum(table[p][1] for p in tree_of(pid, table)))

    out = work / "floor.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--crawl", homepage, str(out),
               *(["--bare"] if bare else [])]
    code, wall, cpu = run_sampled(command, work / "floor.log", env=None, cwd=ROOT, every=0.05,
                                  sample=sample)
    counts = json.loads(out.read_text(encoding="utf-8")) if code == 0 else {}
    return {"exit": code, "wall": wall, "cpu": cpu, "peak_rss_mb": peak / 2**20, **counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="article pages of the site")
    parser.add_argument("--runs", type=int, default=1, help="runs (medians shown)")
    parser.add_argument("--bare", action="store_true",
                        help="turn off every optional middleware and extension as well")
    parser.add_argument("--crawl", nargs=2, metavar=("HOMEPAGE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.crawl:
        return crawl(args.crawl[0], Path(args.crawl[1]), args.bare)

    site_args = (args.pages,)
    server, port, counter = start_server(site_args)
    homepage = f"http://127.0.0.1:{port}/"
    html_pages = len(build_site(*site_args).pages) - 1
    results = []
    try:
        for run in range(args.runs):
            with counter.get_lock():
                counter.value = 0
            server_before = process_cpu(server.pid)
            figures = measure(homepage, Path(tempfile.mkdtemp(prefix="scrapy-floor-")), args.bare)
            figures["requests"] = counter.value
            figures["server_cpu"] = process_cpu(server.pid) - server_before
            figures["pages_per_s"] = html_pages / figures["wall"]
            results.append(figures)
            print(f"run {run + 1}: " + json.dumps(
                {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}),
                flush=True)
    finally:
        server.terminate()
        server.join()
    m = {k: statistics.median(r[k] for r in results)
         for k in ("wall", "cpu", "server_cpu", "pages_per_s", "peak_rss_mb")}
    print(f"\n{'bare ' if args.bare else ''}Scrapy crawl: {m['wall']:.1f} s wall, {m['cpu']:.1f} CPU-s, "
          f"{m['pages_per_s']:.0f} pages/s, peak RSS {m['peak_rss_mb']:.0f} MB, "
          f"server {m['server_cpu']:.1f} CPU-s" + (f" (medians of {args.runs} runs)"
                                                   if args.runs > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
