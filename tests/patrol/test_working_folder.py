"""Audit, patrol, notice and serve started from an office's own folder, with the default
database (no ``--database``): every process of the run uses the database in that folder, and
a crawl whose results did not reach the run's database never gets a verdict."""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from govpatrol.inspection import InspectionError, InspectionOptions, crawl, open_run
from storage.db import Database
from tests.support.cli import REPO, cli_command, run_cli
from tests.support.small_site import AS_OF
from tests.support.web_user import viewer_token


def registry_of(sites, folder: Path) -> Path:
    path = folder / "sites.yaml"
    path.write_text("sites:\n" + "".join(
        f"  - {{name: {site.title}, url: '{site.url}'}}\n" for site in sites), encoding="utf-8")
    return path


def test_every_command_uses_the_folder_it_was_started_in(tmp_path: Path, small_sites) -> None:
    office = tmp_path / "office"
    office.mkdir()
    broken, clean = small_sites
    repo_db = REPO / "govpatrol.db"
    repo_db_before = repo_db.stat().st_mtime if repo_db.exists() else None

    audit = run_cli("audit", broken.url, "--as-of", AS_OF.isoformat(), "--json", "-",
                    "--max-pages", "50", cwd=office)
    assert audit.returncode == 0, audit.stderr[-3000:]
    report = json.loads(audit.stdout)
    assert report["run"]["status"] == "complete"
    assert report["stats"]["pages"] >= 5
    assert report["verdict"]["result"] == "pass"  # a broken link deducts, it does not fail
    assert any(f["check"] == "broken_link" and f["url"].endswith("/missing.html")
               for f in report["findings"])
    assert (office / "govpatrol.db").is_file()

    patrol = run_cli("patrol", "--registry", str(registry_of(small_sites, office)),
                     "--as-of", AS_OF.isoformat(), "--max-pages", "50", "--out", "patrol",
                     timeout=300, cwd=office)
    assert patrol.returncode == 0, patrol.stderr[-3000:]
    sites = json.loads((office / "patrol" / "patrol.json").read_text(encoding="utf-8"))["sites"]
    broken_links = {s["site"]["url"]: [f["url"] for f in s["findings"] if f["check"] == "broken_link"]
                    for s in sites}
    assert broken_links == {broken.url: [broken.url + "missing.html"], clean.url: []}
    assert all(s["stats"]["pages"] >= 5 for s in sites)

    notice = run_cli("notice", "--period", "2026-11", "--out", "notice", "--no-screenshots",
                     cwd=office)
    assert notice.returncode == 0, notice.stderr[-3000:]
    html = (office / "notice" / "notice.html").read_text(encoding="utf-8")
    assert "合格率100%" in html and f"{broken.title}：首页链接无法访问" in html

    token = viewer_token(f"sqlite:///{office / 'govpatrol.db'}")
    with _served(office) as dashboard:
        request = urllib.request.Request(dashboard, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            page = answer.read().decode("utf-8")
    assert broken.title in page and clean.title in page

    after = repo_db.stat().st_mtime if repo_db.exists() else None
    assert after == repo_db_before, "a command wrote to the repository's database"


def test_a_crawl_whose_results_were_not_stored_gets_no_verdict(tmp_path: Path,
                                                               small_sites) -> None:
    db = Database(f"sqlite:///{tmp_path / 'runs.db'}")
    elsewhere = tmp_path / "elsewhere.db"  # an empty file with no tables, as a wrong folder has
    elsewhere.touch()
    site = small_sites[0]
    options = InspectionOptions(as_of=AS_OF, max_pages=20, render=False,
                                log_dir=tmp_path / "logs",
                                scrapy_settings={"GOVPATROL_DATABASE": f"sqlite:///{elsewhere}"})
    run_id = open_run(db, site.url, options)
    with pytest.raises(InspectionError, match="未能写入数据库"):
        crawl(db, run_id, site.url, options)
    db.dispose()


class _served:
    """``govpatrol serve --port 0`` with no ``--database``, started in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.log = folder / "serve.log"

    def __enter__(self) -> str:
        handle = self.log.open("wb")
        self.process = subprocess.Popen(cli_command("serve", "--port", "0"), cwd=self.folder,
                                        stdout=handle, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PYTHONPATH": str(REPO)})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = re.search(r"网页控制台：(http://\S+/)", self.log.read_text(errors="replace"))
            if found:
                return found.group(1)
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            time.sleep(0.1)
        self.process.kill()
        raise AssertionError("the service did not start:\n" + self.log.read_text(errors="replace"))

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
