"""A crawl process kept warm for a patrol: ``python -m crawlers.warm FD``.

Starting a crawl process costs about 0.8 CPU-s of imports (Scrapy, Twisted, SQLAlchemy, the
spider and its page readers), as much as a small site's whole crawl takes again. This process
imports them once, then forks one crawl per request, each run as ``crawlers.runner`` runs it,
in a session of its own. Scrapy's reactor is installed in each forked crawl, never here, and
this process starts no thread, so forking it is safe.

It talks over the Unix socket ``FD`` (SOCK_SEQPACKET: one JSON message each way per event,
``crawlers.launch.WarmCrawls`` is the other end). A request names the crawl's config and log
files and carries the write end of its progress pipe; the replies say when this process is
ready, which pid each crawl got, and each crawl's exit code. When the other end goes away
(the patrol ended or was killed), this process ends; its crawls then see their parent gone
and stop as an orphaned crawl does (``crawlers.runner.watch_parent``).
"""
from __future__ import annotations

import json
import os
import select
import socket
import sys
import traceback
from pathlib import Path

from crawlers import runner

_REAP_EVERY = 0.2  # seconds between looks for crawls that ended


def serve(channel: socket.socket) -> None:
    _send(channel, {"ready": os.getpid()})
    crawls: set[int] = set()
    while True:
        readable, _, _ = select.select([channel], [], [], _REAP_EVERY)
        if readable:
            message, fds, _flags, _address = socket.recv_fds(channel, 1 << 16, 1)
            if not message:
                return  # the patrol is gone
            request = json.loads(message)
            pid = _fork_crawl(channel, request, fds[0] if fds else None)
            crawls.add(pid)
            _send(channel, {"id": request["id"], "pid": pid})
        for pid in list(crawls):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                crawls.discard(pid)
                _send(channel, {"pid": pid, "exit": os.waitstatus_to_exitcode(status)})


def _fork_crawl(channel: socket.socket, request: dict, progress_fd: int | None) -> int:
    pid = os.fork()
    if pid:
        if progress_fd is not None:
            os.close(progress_fd)  # only the crawl writes to it, so its end is the pipe's end
        return pid
    code = 1
    try:
        channel.close()
        os.setsid()  # a group of its own, as the parent stops it (and its browser) by group
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.environ.update(request.get("env") or {})
        config = runner.load_config(Path(request["config"]))
        config["progress_fd"] = progress_fd
        config["parent_pid"] = os.getppid()  # this process: it ends when the patrol does
        code = runner.run(config)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _send(channel: socket.socket, message: dict) -> None:
    channel.send(json.dumps(message).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: python -m crawlers.warm FD", file=sys.stderr)
        return 2
    channel = socket.socket(fileno=int(argv[0]))
    try:
        serve(channel)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the patrol is gone
    return 0


if __name__ == "__main__":
    sys.exit(main())
