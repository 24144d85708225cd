"""The live progress line of long runs (pages, links, columns), drawn on standard error."""
from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.live import Live
from rich.text import Text


class LiveDisplay:
    """A display redrawn in place on a terminal, four times a second from the subclass's
    ``__rich__`` (so clocks move), and left out when standard error is a file or a pipe."""

    def __init__(self, console: Console):
        self.console = console
        self._lock = threading.Lock()
        self._live = Live(self, console=console, refresh_per_second=4, transient=True)

    def __enter__(self):
        if self.console.is_terminal:
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.console.is_terminal:
            self._live.__exit__(*exc)


class CrawlProgress(LiveDisplay):
    """Receives the crawl's counters (from any thread) and redraws one status line."""

    def __init__(self, console: Console, label: str):
        super().__init__(console)
        self.label = label
        self.counters: dict = {}
        self.started = time.monotonic()

    def update(self, counters: dict) -> None:
        with self._lock:
            self.counters = counters
        if not self.console.is_terminal and counters.get("final"):
            self.console.print(self.__rich__())

    def __rich__(self) -> Text:
        c = self.counters
        elapsed = time.monotonic() - self.started
        return Text.assemble(
            ("⟳ ", "cyan"), (self.label, "bold"),
            f"  页面 {c.get('pages', 0)}  链接 {c.get('links_checked', 0)}"
            f"  栏目 {c.get('columns', 0)}  条目 {c.get('items', 0)}"
            f"  未检查 {c.get('unchecked', 0)}  已用时 {elapsed:.0f}秒")
