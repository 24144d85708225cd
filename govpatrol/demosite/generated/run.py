"""Run the real ``govpatrol audit`` against a served generated site and score it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from govpatrol.demosite.generated.build import generate
from govpatrol.demosite.generated.score import Score, score
from govpatrol.demosite.generated.server import GeneratedServer
from govpatrol.demosite.generated.site import Site

REPO = Path(__file__).resolve().parents[3]


@dataclass
class Audited:
    site: Site
    port: int
    report: dict
    score: Score
    seconds: float
    stderr: str


def audit_seed(seed: int, work: Path, *, timeout: float = 600, extra: tuple[str, ...] = ()) -> Audited:
    """Generate ``seed``, serve it, audit it through the command line with an absolute SQLite
    path and the local DNS server, and compare the JSON report with the truth."""
    site = generate(seed)
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"seed{seed}.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    with GeneratedServer(site) as served:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "govpatrol.cli", "audit", served.home, "--as-of", site.truth.as_of.isoformat(),
             "--json", str(out), "--database", f"sqlite:///{(work / f'seed{seed}.db').resolve()}",
             "--nameserver", served.dns.address, *extra],
            cwd=work, env=env, capture_output=True, text=True, timeout=timeout)
        seconds = time.perf_counter() - started
        port = served.port
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"audit of seed {seed} failed (exit {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return Audited(site, port, report, score(site, port, report), seconds, done.stderr)
