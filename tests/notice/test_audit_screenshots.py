"""Evidence screenshots are taken by the audit, through its own DNS servers and network
policy, and stored with the run; the notice shows those and takes none of its own."""
from __future__ import annotations

from datetime import date, datetime, timezone

from docx import Document
from sqlalchemy import select

from crawlers import browser
from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy
from govpatrol.evidence import STATS_KEY, shoot_run_evidence
from govpatrol.inspection import InspectionOptions, inspect_site
from govpatrol.notices.files import write_notice
from reports.screenshots import host_resolver_rules, screenshot_name, shoot
from storage import models as m
from tests.support.cli import run_cli
from tests.support.dns_server import LocalDNS
from tests.support.notice_period import new_database
from tests.support.small_site import AS_OF, SmallSite

PNG = b"\x89PNG\r\n\x1a\n"
HOST = "www.songling.gov.cn"


def test_an_audit_through_a_private_dns_stores_its_screenshots_for_the_notice(tmp_path):
    db = new_database(tmp_path)
    site = SmallSite("松岭县人民政府", broken=True)
    port = site.httpd.server_address[1]
    homepage = f"http://{HOST}:{port}/"
    try:
        with LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
            options = InspectionOptions(as_of=AS_OF, nameservers=[dns.address], max_pages=20,
                                        render=False, log_dir=tmp_path / "logs")
            run_id = inspect_site(db, homepage, options)
    finally:
        site.close()
    with db.session() as session:
        run = session.get(m.Run, run_id)
        assert run.status == "complete"
        record = run.stats[STATS_KEY]
        stored = {s.url: s.png for s in session.scalars(
            select(m.Screenshot).where(m.Screenshot.run_id == run_id))}
    # The problem pages were shot by their name, which the system resolver never knew.
    assert record["taken"] and record["missing"] == {}
    assert all(url.startswith(homepage) for url in record["taken"])
    assert set(stored) == set(record["taken"])
    assert all(png.startswith(PNG) and len(png) > 1000 for png in stored.values())

    # The site and its DNS server are gone: the notice can only show what the audit kept.
    written = write_notice(db, AS_OF, AS_OF, tmp_path / "notice")
    shots = {p.name: p.read_bytes() for p in written["screenshots"].iterdir()}
    assert shots == {screenshot_name(url): png for url, png in stored.items()}
    images = [r for r in Document(str(written["docx"])).part.rels.values()
              if "image" in r.reltype]
    assert len(images) == 1
    assert f'<span class="caption">{record["taken"][0]}</span>' in \
        written["html"].read_text(encoding="utf-8")
    with db.session() as session:
        assert len(session.scalars(select(m.Screenshot)).all()) == len(stored)
    db.dispose()


def test_the_reports_written_by_audit_and_judge_show_the_stored_screenshot(tmp_path):
    site = SmallSite("松岭县人民政府", broken=True)
    homepage = f"http://{HOST}:{site.httpd.server_address[1]}/"
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    try:
        with LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
            audited = run_cli("audit", homepage, "--as-of", AS_OF.isoformat(), "--nameserver",
                              dns.address, "--max-pages", "20", "--database", database,
                              "--out", str(tmp_path / "audit"), cwd=tmp_path)
    finally:
        site.close()
    assert audited.returncode == 0, audited.stderr[-2000:]
    # The site is gone: judging again can only show what the audit kept.
    judged = run_cli("judge", "1", "--database", database, "--out", str(tmp_path / "judged"),
                     cwd=tmp_path)
    assert judged.returncode == 0, judged.stderr[-2000:]
    for folder in ("audit", "judged"):
        html = (tmp_path / folder / "report.html").read_text(encoding="utf-8")
        assert html.count("data:image/png;base64,") == 1, folder
        images = [r for r in Document(str(tmp_path / folder / "report.docx")).part.rels.values()
                  if "image" in r.reltype]
        assert len(images) == 1, folder


def test_audit_with_no_screenshots_stores_none(tmp_path):
    site = SmallSite("松岭县人民政府", broken=True)
    database = f"sqlite:///{tmp_path / 'govpatrol.db'}"  # the file new_database opens
    try:
        audited = run_cli("audit", f"http://127.0.0.1:{site.httpd.server_address[1]}/",
                          "--as-of", AS_OF.isoformat(), "--max-pages", "20", "--database",
                          database, "--no-screenshots", "--out", str(tmp_path / "audit"),
                          cwd=tmp_path)
    finally:
        site.close()
    assert audited.returncode == 0, audited.stderr[-2000:]
    db = new_database(tmp_path)
    with db.session() as session:
        run = session.scalars(select(m.Run)).one()
        # findings a screenshot would show (without the option this audit shoots one)
        checks = set(session.scalars(select(m.Finding.check).where(m.Finding.run_id == run.id)))
        assert "broken_link" in checks
        assert session.scalars(select(m.Screenshot)).all() == []
    db.dispose()
    assert "data:image/png" not in (tmp_path / "audit" / "report.html").read_text(encoding="utf-8")


def _run_with_findings(db, urls: list[str]) -> int:
    with db.session() as session:
        site = m.Site(url="http://www.yunxi.gov.cn/", name="云溪市人民政府", options={},
                      created_at=datetime.now(timezone.utc))
        session.add(site)
        session.flush()
        run = m.Run(site_id=site.id, kind="audit", as_of=date(2026, 11, 20),
                    started_at=datetime.now(timezone.utc), status="running", settings={},
                    stats={"pages": 3}, verdict="fail", verdict_reasons=["homepage_stale"])
        session.add(run)
        session.flush()
        for url in urls:
            session.add(m.Finding(run_id=run.id, check="blank_column", severity="deduct",
                                  url=url, page=url, message="空白栏目", evidence={}))
        return run.id


def test_refused_addresses_are_recorded_missing_and_the_pages_are_capped(tmp_path):
    db = new_database(tmp_path)
    urls = [f"http://127.0.0.1:9/col/{n}/" for n in range(5)]
    run_id = _run_with_findings(db, urls)
    record = shoot_run_evidence(db, run_id, "http://127.0.0.1:9/", nameservers=[],
                                policy=NetworkPolicy(), limit=3)  # loopback not allowed
    assert record["taken"] == []
    assert list(record["missing"]) == urls[:3]
    assert all("不允许访问" in why for why in record["missing"].values())
    with db.session() as session:
        assert session.get(m.Run, run_id).stats == {"pages": 3, STATS_KEY: record}
        assert session.scalars(select(m.Screenshot)).all() == []
    db.dispose()


def test_a_name_resolving_to_a_refused_address_is_not_opened(tmp_path):
    db = new_database(tmp_path)
    url = f"http://{HOST}:9/col/1/"
    run_id = _run_with_findings(db, [url])
    with LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
        record = shoot_run_evidence(db, run_id, f"http://{HOST}:9/", nameservers=[dns.address],
                                    policy=NetworkPolicy())
        assert (HOST, "A") in dns.queries  # asked the audit's DNS server, not the system's
    assert record == {"taken": [], "missing": {url: "127.0.0.1 不允许访问（本机地址）"}}
    db.dispose()


def test_a_browser_that_cannot_start_is_a_missing_picture_not_a_failed_run(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv(browser.CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    db = new_database(tmp_path)
    url = "http://127.0.0.1:9/col/1/"
    run_id = _run_with_findings(db, [url])
    policy = NetworkPolicy.for_homepage(["127.0.0.1"])
    record = shoot_run_evidence(db, run_id, "http://127.0.0.1:9/", nameservers=[],
                                policy=policy)
    assert record == {"taken": [], "missing": {url: "浏览器未能启动"}}
    db.dispose()


def test_the_browser_is_pinned_to_the_audits_addresses():
    rules = host_resolver_rules({HOST: "127.0.0.1", "v6.songling.gov.cn": "::1"},
                                others_unresolved=True)
    assert rules == ("--host-resolver-rules=MAP www.songling.gov.cn 127.0.0.1, "
                     "MAP v6.songling.gov.cn [::1], MAP * ~NOTFOUND")


def test_pages_not_begun_within_the_budget_are_recorded_missing(tmp_path):
    urls = ["http://127.0.0.1:9/a/", "http://127.0.0.1:9/b/"]
    policy = NetworkPolicy.for_homepage(["127.0.0.1"])
    shots = shoot(urls, tmp_path, policies=dict.fromkeys(urls, policy),
                  resolver=NameResolver(()), pin_hosts=True, budget=0)
    assert shots == dict.fromkeys(urls, "截图时限已到")
