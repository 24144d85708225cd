"""Names with square brackets are text, never console markup, in every command's output:
``[/]`` once crashed the patrol after it had crawled every site, ``[english]`` vanished."""
from __future__ import annotations

import re

import pytest

from tests.support.cli import run_cli
from tests.support.small_site import SmallSite

CLOSING = "[/]云溪市人民政府"
STYLE = "[english]石屏县人民政府"
TAG = "[bold red]红河州[/bold red]"


@pytest.fixture
def sites():
    running = [SmallSite(CLOSING), SmallSite(STYLE)]
    yield running
    for site in running:
        site.close()


def test_bracketed_names_through_registry_patrol_resume_and_history(tmp_path, sites):
    db = f"sqlite:///{tmp_path / 'govpatrol.db'}"
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n" + "".join(
        f"  - {{name: '{site.title}', url: '{site.url}'}}\n" for site in sites),
        encoding="utf-8")

    checked = run_cli("registry", "check", str(registry))
    assert checked.returncode == 0, checked.stderr
    assert "名单无误：2个网站" in checked.stderr

    done = run_cli("patrol", "--registry", str(registry), "--as-of", "2026-11-20",
                   "--max-pages", "20", "--no-screenshots", "--database", db, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    # Each name in a progress line and again in the summary table.
    assert done.stderr.count(CLOSING) >= 2 and done.stderr.count(STYLE) >= 2, done.stderr
    patrol_id = re.search(r"巡检 (\d+)：", done.stderr).group(1)

    resumed = run_cli("patrol", "--resume", patrol_id, "--database", db, timeout=240)
    assert resumed.returncode == 0, resumed.stderr
    assert CLOSING in resumed.stderr and STYLE in resumed.stderr

    for name in (CLOSING, STYLE):
        shown = run_cli("history", name, "--database", db)
        assert shown.returncode == 0, shown.stderr
        assert name in shown.stdout and "检查记录" in shown.stdout


def test_bracketed_names_in_error_messages(tmp_path):
    registry = tmp_path / "sites.yaml"
    registry.write_text(
        f"sites:\n  - {{name: '{CLOSING}', url: 'http://www.yunxi.gov.cn/', site_code: '12'}}\n"
        f"  - {{name: '{TAG}', url: 'http://www.honghe.gov.cn/', site_code: '34'}}\n",
        encoding="utf-8")
    checked = run_cli("registry", "check", str(registry))
    assert checked.returncode == 2, checked.stderr
    assert CLOSING in checked.stderr and TAG in checked.stderr
    assert "Traceback" not in checked.stderr

    missing = run_cli("history", "[x]", "--database", f"sqlite:///{tmp_path / 'h.db'}")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "[x]" in missing.stderr
