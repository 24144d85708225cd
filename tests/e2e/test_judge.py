"""``govpatrol judge RUN_ID`` judges a stored audit again, with another rulebook or as-of
date, without a single connection; the stored judgement stays as it was."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from govpatrol.cli import app
from govpatrol.demosite import AS_OF
from govpatrol.demosite.main_site import SOFT_404

# A long, healthy article of the demo site that talks about "404" pages.
LONG_404_ARTICLE = "/xwzx/yxyw/202611/t20261109_1234507.html"


@pytest.fixture
def no_network(monkeypatch) -> list[object]:
    """Every connection attempt is recorded and refused."""
    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in govpatrol judge")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def judge(*args: str) -> tuple[int, dict]:
    done = CliRunner().invoke(app, ["judge", *args, "--json", "-"])
    start = done.stdout.find("{")
    return done.exit_code, (json.loads(done.stdout[start:]) if start >= 0 else {})


def stale_columns(report: dict) -> set[str]:
    return {f["url"] for f in report["findings"] if f["check"] == "stale_column"}


def test_a_looser_rulebook_and_another_date_change_the_findings_offline(
        audited, audit_folder: Path, tmp_path: Path, no_network) -> None:
    _, stored = audited["main"]
    database = f"sqlite:///{audit_folder / 'main.db'}"
    run_id = str(stored["run"]["id"])
    assert stale_columns(stored), "the demo site has stale columns to begin with"

    code, same = judge(run_id, "--database", database)
    assert code == 0
    assert {(f["check"], f["url"]) for f in same["findings"]} == \
        {(f["check"], f["url"]) for f in stored["findings"]}
    assert same["verdict"]["result"] == stored["verdict"]["result"]

    loose = tmp_path / "loose.yaml"
    loose.write_text("freshness:\n  categories:\n"
                     + "".join(f"    {c}: {{max_age_days: 4000}}\n"
                               for c in ("notice", "policy", "interpretation", "personnel",
                                         "planning", "other")), encoding="utf-8")
    code, looser = judge(run_id, "--database", database, "--rulebook", str(loose))
    assert code == 0
    assert stale_columns(looser) < stale_columns(stored)
    assert looser["judged_again"]["rulebook"] == str(loose)

    code, earlier = judge(run_id, "--database", database, "--as-of", "2026-06-01")
    assert code == 0 and earlier["as_of"] == "2026-06-01"
    assert stale_columns(earlier) != stale_columns(stored)

    code, again = judge(run_id, "--database", database)
    assert again["findings"] == same["findings"]  # what-ifs left the stored run as it was
    assert not no_network, f"judge opened connections: {no_network}"
    assert stored["as_of"] == AS_OF.isoformat()


def test_an_unknown_run_is_bad_input(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["judge", "99999", "--database",
                                    f"sqlite:///{tmp_path}/empty.db"])
    assert done.exit_code == 2
    assert "99999" in done.output


def soft404_links(report: dict) -> set[str]:
    return {f["url"] for f in report["findings"] if is_soft404(f)}


def is_soft404(finding: dict) -> bool:
    return finding["check"] == "broken_link" and finding["evidence"]["reason"] == "soft404"


def other_findings(report: dict) -> set[tuple[str, str]]:
    return {(f["check"], f["url"]) for f in report["findings"] if not is_soft404(f)}


def test_the_soft_404_length_is_the_rulebooks_when_a_run_is_judged_again(
        audited, audit_folder: Path, tmp_path: Path, no_network) -> None:
    """The crawl stored each answer's text length and "not found" words; the rulebook's
    length decides the soft 404s, so another one changes the findings without a request."""
    _, stored = audited["main"]
    database = f"sqlite:///{audit_folder / 'main.db'}"
    run_id = str(stored["run"]["id"])
    soft = {url for url in soft404_links(stored) if url.endswith(SOFT_404)}
    assert soft, "the demo site's soft 404 is found to begin with"
    [article] = [url for url in checked_links(database) if url.endswith(LONG_404_ARTICLE)]
    assert article not in soft404_links(stored)

    short = tmp_path / "short.yaml"
    short.write_text("links: {soft404_max_length: 20}\n", encoding="utf-8")
    code, stricter = judge(run_id, "--database", database, "--rulebook", str(short))
    assert code == 0
    assert soft404_links(stricter) == set(), "a page longer than 20 characters is no soft 404"
    assert other_findings(stricter) == other_findings(stored)

    long = tmp_path / "long.yaml"
    long.write_text("links: {soft404_max_length: 100000}\n", encoding="utf-8")
    code, looser = judge(run_id, "--database", database, "--rulebook", str(long))
    assert code == 0
    # The long article that talks about "404" pages now counts as one: its words were kept.
    assert soft | {article} <= soft404_links(looser)
    assert other_findings(looser) == other_findings(stored)
    assert not no_network, f"judge opened connections: {no_network}"


def checked_links(database: str) -> set[str]:
    engine = create_engine(database)
    with engine.connect() as connection:
        urls = set(connection.execute(text("select url from link_checks")).scalars())
    engine.dispose()
    return urls
