"""The live progress line of long runs (pages, links, columns), drawn on standard error."""
from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.live import Live
from rich.text import Text


class CrawlProgress:
    """Receives the crawl's counters (from any thread) and redraws one status line."""

    def __init__(self, console: Console, label: str):
        self.console = console
        self.label = label
        self.counters: dict = {}
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._live = Live(self._render(), console=console, refresh_per_second=4,
                          transient=True)

    def __enter__(self) -> "CrawlProgress":
        if self.console.is_terminal:
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.console.is_terminal:
            self._live.__exit__(*exc)

    def update(self, counters: dict) -> None:
        with self._lock:
            self.counters = counters
        if self.console.is_terminal:
            self._live.update(self._render())
        elif counters.get("final"):
            self.console.print(self._render())

    def _render(self) -> Text:
        c = self.counters
        elapsed = time.monotonic() - self.started
        return Text.assemble(
            ("⟳ ", "cyan"), (self.label, "bold"),
            f"  页面 {c.get('pages', 0)}  链接 {c.get('links_checked', 0)}"
            f"  栏目 {c.get('columns', 0)}  条目 {c.get('items', 0)}"
            f"  未检查 {c.get('unchecked', 0)}  已用时 {elapsed:.0f}秒")
