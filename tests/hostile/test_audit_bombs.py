"""A whole audit (crawl, probes, checks, report) of a homepage that is a bomb or never ends,
through the real command: it ends in time, its process tree stays small, and what was cut
is reported as not checked, never as a broken link or an unreachable site."""
from __future__ import annotations

import json
import os

import pytest

from tests.support.measure import GOVPATROL, measure
from tests.support.hostile_servers import GIB, HostileSite, brotli_bomb, endless_body, gzip_bomb

ROUTES = {"/gzip": gzip_bomb(4 * GIB), "/br": brotli_bomb(GIB), "/endless": endless_body()}


@pytest.fixture(scope="module")
def site():
    with HostileSite(ROUTES) as running:
        yield running


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_audit_of_a_hostile_homepage_is_bounded_and_honest(site, tmp_path, path):
    env = {k: v for k, v in os.environ.items() if k != "GOVPATROL_CONFIG"}
    env["COLUMNS"] = "200"
    report_path = tmp_path / "report.json"
    result = measure([GOVPATROL, "audit", site.url(path), "--as-of", "2026-11-20",
                      "--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "--max-pages", "5",
                      "--json", str(report_path)], cwd=tmp_path, env=env, timeout=240)
    assert "Traceback" not in result.output, result.output[-3000:]
    assert result.max_rss_mb < 300, result
    assert result.cpu_seconds < 120, result
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["homepage_error"].startswith("limit"), report["homepage_error"]
    assert report["unchecked"].get("limit", 0) >= 1
    checks = {f["check"] for f in report["findings"]}
    assert not checks & {"broken_link", "site_unreachable"}, report["findings"]
    assert report["checks"]["site_unreachable"]["status"] == "not_checked"
    assert report["availability"]["failed"] == 0
    assert report["availability"]["unchecked"] == report["availability"]["probes"] > 0
