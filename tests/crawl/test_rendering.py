"""The crawl's download handler loads scrapy-playwright and Playwright only for a page sent
through the browser (tests/e2e/test_forced_render.py crawls one that is)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scrapy.utils.misc import load_object
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawlers.rendering import BROWSER_HANDLER

BROWSER_LIBRARIES = ("playwright", "scrapy_playwright")

# A crawl with the browser settings on, of one static page served on loopback.
CRAWL = """
import json, sys, threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import scrapy
from scrapy.crawler import CrawlerProcess

from crawlers.rendering import playwright_settings

handler = partial(SimpleHTTPRequestHandler, directory=sys.argv[1])
server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
seen = []

class One(scrapy.Spider):
    name = "one"

    async def start(self):
        yield scrapy.Request(url)

    def parse(self, response):
        seen.append(response.status)

settings = {"LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            **playwright_settings(url, [])}
process = CrawlerProcess(settings)
process.crawl(One)
process.start()
server.shutdown()
print("@@" + json.dumps({"seen": seen, "loaded": [m for m in %r if m in sys.modules]}))
""" % (BROWSER_LIBRARIES,)


def test_a_crawl_that_renders_nothing_never_loads_the_browser_libraries(tmp_path: Path):
    (tmp_path / "index.html").write_text("<html><body><p>静态页面</p></body></html>",
                                         encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CRAWL, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert "@@" in done.stdout, done.stderr[-2000:]
    probe = json.loads(done.stdout.rpartition("@@")[2])
    assert probe["seen"] == [200]  # the page came through the rendering handler
    assert probe["loaded"] == []


def test_the_crawl_process_imports_no_browser_library():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, crawlers.runner; "
         f"print([m for m in {BROWSER_LIBRARIES!r} if m in sys.modules])"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]", done.stderr[-2000:]


def test_the_browser_handler_is_found_by_its_path():
    assert issubclass(load_object(BROWSER_HANDLER), ScrapyPlaywrightDownloadHandler)
