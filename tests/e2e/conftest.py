"""End-to-end fixtures: the simulated sites served on loopback, audited once per session
through the real command line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govpatrol.demosite import AS_OF, DemoSites
from tests.support.cli import run_cli

@pytest.fixture(scope="session")
def demo():
    with DemoSites(host="127.0.0.1") as sites:
        yield sites


@pytest.fixture(scope="session")
def audit_folder(tmp_path_factory) -> Path:
    """Where the session's audits keep their databases (``main.db``, ``stale.db``)."""
    return tmp_path_factory.mktemp("audits")


@pytest.fixture(scope="session")
def audited(demo, audit_folder):
    """site name -> (completed process, JSON report) of ``govpatrol audit URL --json -``."""
    work = audit_folder
    results = {}
    for name in ("main", "stale"):
        url = getattr(demo, name)
        done = run_cli("audit", url, "--as-of", AS_OF.isoformat(), "--json", "-",
                       "--database", f"sqlite:///{work}/{name}.db", "--out", str(work / name),
                       cwd=work)
        assert done.returncode == 0, done.stderr[-3000:]
        results[name] = (done, json.loads(done.stdout))
    return results
