"""Patrols over local sites: one site that hangs fails within its time limit while the
others complete; cases follow a fixed problem; a resumed patrol inspects only what is not
complete; the command writes SPEC §4's patrol JSON and every site's reports."""
from __future__ import annotations

import json
import time
from pathlib import Path

from sqlalchemy import func, select

from checks.rulebook import load_rulebook
from govpatrol.inspection import InspectionOptions
from govpatrol.patrol import patrol_report, run_patrol
from govpatrol.registry.validation import parse_registry
from storage import models as m
from tests.support.cli import run_cli
from tests.support.small_site import AS_OF, SmallSite

TIME_LIMIT = 15.0  # generous: a loaded 2-core machine starts a crawl slowly
# A crawl stopped at its time limit gets a few seconds to shut down before it is killed.
STOP_GRACE = 12.0


class Recorder:
    """A patrol listener that keeps what it heard."""

    def __init__(self):
        self.events: list[tuple] = []

    def begin(self, patrol_id, total, done):
        self.events.append(("begin", total, done))

    def started(self, key, label):
        self.events.append(("started", key))

    def progress(self, key, counters):
        self.events.append(("progress", key, counters.get("pages", 0)))

    def finished(self, key, label, status, detail):
        self.events.append(("finished", key, status, detail))

    def finished_status(self) -> dict[str, str]:
        return {e[1]: e[2] for e in self.events if e[0] == "finished"}


def registry_of(*urls_and_names: tuple[str, str]):
    return parse_registry({"sites": [{"name": name, "url": url} for url, name in urls_and_names]},
                          "inline.yaml")


def options() -> InspectionOptions:
    return InspectionOptions(as_of=AS_OF, max_pages=50, rulebook=load_rulebook())


def test_hanging_site_fails_alone_then_cases_and_resume(db, small_sites, hanging_server) -> None:
    county, other = small_sites
    registry = registry_of((county.url, county.title), (hanging_server.url, "挂起的网站"),
                           (other.url, other.title))
    heard = Recorder()
    started = time.monotonic()
    patrol_id = run_patrol(db, registry, options(), parallel=3, site_time_limit=TIME_LIMIT,
                           progress=heard)
    elapsed = time.monotonic() - started
    assert elapsed < TIME_LIMIT + STOP_GRACE + 15, elapsed

    assert heard.events[0] == ("begin", 3, 0)
    assert heard.finished_status() == {county.url: "complete", hanging_server.url: "failed",
                                       other.url: "complete"}
    assert any(e[0] == "progress" and e[1] == county.url and e[2] > 0 for e in heard.events)
    with db.session() as session:
        patrol = session.get(m.Patrol, patrol_id)
        assert patrol.status == "complete" and patrol.as_of == AS_OF
        runs = {r.site.url: r for r in session.scalars(select(m.Run).where(
            m.Run.patrol_id == patrol_id))}
        hung = runs[hanging_server.url]
        assert hung.status == "failed" and "超时" in hung.error
        took = (hung.finished_at - hung.started_at).total_seconds()
        assert took < TIME_LIMIT + STOP_GRACE, took
        assert runs[county.url].status == runs[other.url].status == "complete"
        assert runs[county.url].verdict in ("pass", "fail")
        broken = session.scalar(select(m.Case).where(m.Case.check == "broken_link"))
        assert broken.url == county.url + "missing.html" and broken.state == "open"
        assert broken.subject == f"site:{runs[county.url].site_id}"

        report = patrol_report(session, patrol_id, registry)
    assert report["schema"] == "govpatrol.patrol/1" and report["as_of"] == "2026-11-20"
    assert [s["site"]["url"] for s in report["sites"]] == [county.url, hanging_server.url,
                                                          other.url]
    assert [s["run"]["status"] for s in report["sites"]] == ["complete", "failed", "complete"]
    assert any(f["check"] == "broken_link" for f in report["sites"][0]["findings"])

    # The county fixes its link; the next patrol finds it gone and the case is fixed.
    county.set_broken(False)
    second = run_patrol(db, registry_of((county.url, county.title)), options(),
                        site_time_limit=60)
    with db.session() as session:
        session.expire_all()
        broken = session.scalar(select(m.Case).where(m.Case.check == "broken_link"))
        assert (broken.state, broken.fixed_on) == ("fixed", AS_OF)
        assert session.get(m.Patrol, second).status == "complete"

    # The hanging site's web server is restarted and answers again: resuming the first
    # patrol inspects only that site again, and completes it.
    hanging_server.close()
    revived = SmallSite("挂起的网站", port=hanging_server.port)
    resumed = Recorder()
    try:
        assert run_patrol(db, registry, options(), site_time_limit=60, resume=patrol_id,
                          progress=resumed) == patrol_id
    finally:
        revived.close()
    assert resumed.events[0] == ("begin", 3, 2)
    assert [e[1] for e in resumed.events if e[0] == "started"] == [hanging_server.url]
    with db.session() as session:
        counts = dict(session.execute(
            select(m.Site.url, func.count()).join(m.Run, m.Run.site_id == m.Site.id)
            .where(m.Run.patrol_id == patrol_id).group_by(m.Site.url)).all())
        assert counts == {county.url: 1, other.url: 1, hanging_server.url: 2}
        assert session.get(m.Patrol, patrol_id).status == "complete"
        report = patrol_report(session, patrol_id, registry)
    assert [s["run"]["status"] for s in report["sites"]] == ["complete"] * 3


def test_patrol_command_writes_json_and_every_site_report(tmp_path: Path, small_sites,
                                                         db_url) -> None:
    county, other = small_sites
    registry = tmp_path / "sites.yaml"
    registry.write_text(
        "sites:\n"
        f"  - {{name: {county.title}, url: '{county.url}', organizer: 云岭县政府办, site_code: '5300000001'}}\n"
        f"  - {{name: {other.title}, url: '{other.url}'}}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("patrol", "--registry", str(registry), "--as-of", "2026-11-20",
                     "--json", str(tmp_path / "patrol.json"), "--out", str(out),
                     "--no-screenshots", "--max-pages", "50", "--parallel", "2",
                     "--database", db_url, timeout=180)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "patrol.json").read_text(encoding="utf-8"))
    assert report["schema"] == "govpatrol.patrol/1" and report["as_of"] == "2026-11-20"
    assert [s["schema"] for s in report["sites"]] == ["govpatrol.audit/1"] * 2
    assert report["sites"][0]["site"]["name"] == county.title
    assert report["accounts"] == []
    assert json.loads((out / "patrol.json").read_text(encoding="utf-8")) == report
    first = out / "001-5300000001"
    assert sorted(p.name for p in first.iterdir()) == [
        "report.docx", "report.html", "report.json", "report.xlsx"]
    assert json.loads((first / "report.json").read_text(encoding="utf-8"))["site"]["url"] == \
        county.url
    assert (out / "notice" / "notice.docx").exists()
    assert county.title in result.stderr  # the summary table names every site

    bad = run_cli("patrol", "--resume", "99", "--database", db_url)
    assert bad.returncode == 2 and "巡检 99 不存在" in bad.stderr
    missing = run_cli("patrol", "--database", db_url)
    assert missing.returncode == 2 and "--registry" in missing.stderr


def test_patrol_whose_every_site_failed_exits_1_and_is_not_complete(tmp_path: Path,
                                                                    hanging_server,
                                                                    db_url, db) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text(f"sites:\n  - {{name: 挂起的网站, url: '{hanging_server.url}'}}\n",
                        encoding="utf-8")
    result = run_cli("patrol", "--registry", str(registry), "--as-of", "2026-11-20",
                     "--site-time-limit", "2", "--max-pages", "5", "--database", db_url,
                     "--json", str(tmp_path / "patrol.json"), timeout=180)
    assert result.returncode == 1, result.stderr
    assert "全部失败" in result.stderr and "Traceback" not in result.stderr
    report = json.loads((tmp_path / "patrol.json").read_text(encoding="utf-8"))
    assert report["patrol"]["status"] == "failed"
    assert [s["run"]["status"] for s in report["sites"]] == ["failed"]
    with db.session() as session:
        assert session.get(m.Patrol, report["patrol"]["id"]).status == "failed"
