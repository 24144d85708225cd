"""A command run to its end while its process tree is sampled from /proc: the benches' one
way to measure wall and CPU seconds and the memory of a tool with all its children."""
from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_EXEC_WINDOW = 1.0  # seconds: a child still running its parent's program this young is pre-exec


def processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident bytes) of every process now. A child that has not yet
    called exec (between fork and exec it runs its parent's program, in its parent's pages)
    counts 0: its pages are its parent's, and counting them again would show a tree twice
    its size for the instant a process is started. (A process that forks on purpose and runs
    on, as the warm crawl process's crawls do, is counted once it is older than that.)"""
    found, commands, young = {}, {}, set()
    with open("/proc/uptime", "rb") as handle:
        uptime = float(handle.read().split()[0])
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
            with open(f"/proc/{entry}/statm", "rb") as handle:
                rss = int(handle.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
        commands[int(entry)] = command_of(int(entry))
        fields = stat[stat.rfind(b")") + 2:].split()
        found[int(entry)] = (int(fields[1]), rss)
        if uptime - int(fields[19]) / CLOCK_TICKS < _EXEC_WINDOW:
            young.add(int(entry))
    return {pid: (parent, 0 if pid in young and commands[pid] == commands.get(parent) else rss)
            for pid, (parent, rss) in found.items()}


def command_of(pid: int) -> bytes:
    """A process's command line as /proc holds it (b"" once it has gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def tree_of(root: int, table: dict[int, tuple[int, int]]) -> set[int]:
    """``root`` and all its descendants in a ``processes()`` table (those in it)."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _rss) in table.items():
        children.setdefault(parent, []).append(pid)
    tree, frontier = {root} & table.keys(), [root]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in tree:
                tree.add(child)
                frontier.append(child)
    return tree


def pss(pid: int) -> int:
    """Proportional set size: resident bytes with shared pages split among their sharers
    (a browser's dozen processes share most of theirs), so that a tree's sizes add up."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_sampled(command: list[str], log: Path, *, env: dict | None, cwd: Path, every: float,
                sample: Callable[[int, float], None]) -> tuple[int, float, float]:
    """Run ``command`` to its end, calling ``sample(pid, seconds since start)`` every
    ``every`` seconds meanwhile; (exit code, wall seconds, CPU seconds of its process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(log, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, env=env, cwd=str(cwd))
    done = threading.Event()

    def sampling():
        while not done.is_set():
            sample(child.pid, time.perf_counter() - started)
            done.wait(every)

    sampler = threading.Thread(target=sampling, daemon=True)
    sampler.start()
    code = child.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return code, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
