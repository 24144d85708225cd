"""How a parent starts a crawl process: a new interpreter for one crawl (``start_cold``), or a
fork of the warm crawl process a patrol keeps for all its sites (``WarmCrawls``).

Either way the crawl runs in a session of its own (its parent stops it, browser and all, by
process group), writes its log to the given file and its progress lines to the given pipe,
and is waited for through a handle with ``pid`` and ``wait(timeout)``, as a
``subprocess.Popen`` is. Nothing here imports Scrapy: the parent never loads the crawl.
"""
from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future, TimeoutError as FutureTimeout
from pathlib import Path
from typing import Protocol

_ROOT = Path(__file__).resolve().parents[1]
_READY_TIMEOUT = 120.0  # seconds for the warm process to import the crawl
_REPLY_TIMEOUT = 30.0  # seconds for it to fork one crawl


class CrawlHandle(Protocol):
    pid: int

    def wait(self, timeout: float | None = None) -> int: ...


class CrawlStartError(RuntimeError):
    """No crawl process could be started."""


def start_cold(config: Path, log: Path, progress_fd: int, env: dict[str, str]) -> subprocess.Popen:
    """``python -m crawlers.runner CONFIG`` in a new interpreter."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "crawlers.runner", str(config)],
            stdout=out, stderr=out, stdin=subprocess.DEVNULL, pass_fds=(progress_fd,),
            env={**os.environ, **env}, cwd=str(_ROOT), start_new_session=True)


class WarmCrawl:
    """A crawl forked by the warm process: waited for through the exit code it reports."""

    def __init__(self, pid: int, channel: socket.socket):
        self.pid = pid
        self.channel = channel  # of the warm process that forked it
        self.returncode: int | None = None
        self._ended = threading.Event()

    def wait(self, timeout: float | None = None) -> int:
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(f"crawl {self.pid}", timeout)
        return self.returncode

    def ended(self, code: int) -> None:
        self.returncode = code
        self._ended.set()


class WarmCrawls:
    """The warm crawl process (``crawlers.warm``) of one patrol: started on the first crawl,
    started again if it died, ended by ``close``. Safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: subprocess.Popen | None = None
        self._channel: socket.socket | None = None
        self._ids = itertools.count(1)
        self._forking: dict[int, Future] = {}  # request id -> the crawl, once forked
        self._crawls: dict[int, WarmCrawl] = {}  # pid -> running crawl

    @property
    def pid(self) -> int | None:
        """The warm process's pid; None before the first crawl and after ``close``."""
        server = self._server
        return server.pid if server is not None else None

    def __enter__(self) -> WarmCrawls:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def start(self, config: Path, log: Path, progress_fd: int,
              env: dict[str, str]) -> WarmCrawl:
        request_id = next(self._ids)
        forked: Future = Future()
        message = {"id": request_id, "config": str(config), "log": str(log), "env": env}
        with self._lock:
            channel = self._running_channel()
            self._forking[request_id] = forked
            try:
                socket.send_fds(channel, [json.dumps(message).encode("utf-8")], [progress_fd])
            except OSError as exc:
                self._forking.pop(request_id, None)
                raise CrawlStartError(f"常驻抓取进程无法接收任务：{exc}") from exc
        try:
            return forked.result(_REPLY_TIMEOUT)
        except FutureTimeout:
            raise CrawlStartError("常驻抓取进程未能启动抓取") from None

    def close(self) -> None:
        with self._lock:
            channel, server = self._channel, self._server
            self._channel = self._server = None
        if channel is not None:
            channel.close()  # the warm process sees the end and leaves
        if server is not None:
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    # ---- the warm process ------------------------------------------------------------------
    def _running_channel(self) -> socket.socket:
        if self._channel is not None and self._server is not None and self._server.poll() is None:
            return self._channel
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with tempfile.TemporaryFile() as errors:  # the warm process's own, read if it fails
            try:
                server = subprocess.Popen(
                    [sys.executable, "-m", "crawlers.warm", str(theirs.fileno())],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                    pass_fds=(theirs.fileno(),), cwd=str(_ROOT), start_new_session=True)
            finally:
                theirs.close()
            ours.settimeout(_READY_TIMEOUT)
            try:
                ready = ours.recv(1 << 16)
            except OSError:
                ready = b""
            if not ready:
                server.kill()
                server.wait()
                ours.close()
                errors.seek(0)
                tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
                raise CrawlStartError("常驻抓取进程未能启动" + (f"：{tail[0]}" if tail else ""))
        ours.settimeout(None)
        self._channel, self._server = ours, server
        threading.Thread(target=self._read_replies, args=(ours,), daemon=True,
                         name="warm-crawls").start()
        return ours

    def _read_replies(self, channel: socket.socket) -> None:
        while True:
            try:
                message = channel.recv(1 << 16)
            except OSError:
                message = b""
            if not message:
                break
            reply = json.loads(message)
            with self._lock:
                if "id" in reply:
                    crawl = self._crawls[reply["pid"]] = WarmCrawl(reply["pid"], channel)
                    forked = self._forking.pop(reply["id"], None)
                    if forked is not None:
                        forked.set_result(crawl)
                elif "exit" in reply:
                    crawl = self._crawls.pop(reply["pid"], None)
                    if crawl is not None:
                        crawl.ended(reply["exit"])
        # The warm process is gone: its crawls, orphaned, stop themselves (as a crawl whose
        # parent died does), and whoever waits for one hears that it failed.
        with self._lock:
            if self._channel is channel:
                self._channel = None
            lost = [c for c in self._crawls.values() if c.channel is channel]
            for crawl in lost:
                del self._crawls[crawl.pid]
            waiting, self._forking = self._forking, {}
        for crawl in lost:
            crawl.ended(1)
        for forked in waiting.values():
            forked.set_exception(CrawlStartError("常驻抓取进程未能启动抓取"))
