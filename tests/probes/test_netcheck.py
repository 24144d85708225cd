"""The post-crawl network observations, stored and judged end to end with a real database."""
from __future__ import annotations

import copy
import threading
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

import govpatrol.netcheck as netcheck
from checks.base import run_checks
from checks.chinatime import china_today
from checks.rulebook import load_rulebook
from govpatrol.netcheck import internal_links, observe_network, probe_sites
from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site, load_observations
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import DualStackSite, PageServer

AS_OF = date(2026, 11, 20)
HOST = "www.yunxi.gov.cn"
ZONE = {HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "sub.yunxi.gov.cn": {"A": ["127.0.0.1"]},
        "www.other.gov.cn": {"A": ["127.0.0.1"]}}
PAGES = {"/": "<title>云溪区人民政府</title>首页",
         **{f"/col/{n}.html": f"<title>栏目{n}</title>列表" for n in range(1, 4)},
         **{f"/art/{n}.html": f"<title>文章{n}</title>正文" for n in range(1, 4)}}
CHECKS = ["ipv6_unsupported", "site_unreachable"]


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'govpatrol.db'}")
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def dns():
    with LocalDNS(ZONE) as server:
        yield server


@pytest.fixture
def fast(monkeypatch):
    """Audit probes a moment apart instead of a second: the spacing is not under test."""
    monkeypatch.setattr(netcheck, "PROBE_INTERVAL_SECONDS", 0.05)


def rules(timeout: int = 2) -> dict:
    rulebook = copy.deepcopy(load_rulebook())
    rulebook["availability"]["timeout_seconds"] = timeout
    return rulebook


def open_run(db: Database, homepage: str, links: list[tuple[str, str, str]],
             as_of: date = AS_OF, broken: tuple[str, ...] = ()) -> int:
    """A run of ``homepage`` whose crawl stored ``links`` as (source, target, tag), every
    target checked over IPv4 and found working unless it is in ``broken``."""
    with db.session() as session:
        site = get_or_create_site(session, homepage)
        run = m.Run(site_id=site.id, kind="audit", as_of=as_of,
                    started_at=datetime.now(timezone.utc), status="running", settings={},
                    stats={}, verdict_reasons=[])
        session.add(run)
        session.flush()
        session.add_all(m.LinkRef(run_id=run.id, source_url=source, target_url=target, tag=tag)
                        for source, target, tag in links)
        session.add_all(m.LinkCheck(run_id=run.id, url=target, internal=True,
                                    outcome="broken" if target in broken else "ok")
                        for target in dict.fromkeys(target for _, target, _ in links))
        return run.id


def site_links(site: DualStackSite) -> list[tuple[str, str, str]]:
    home = site.url(HOST)
    col1, col2 = site.url(HOST, "/col/1.html"), site.url(HOST, "/col/2.html")
    return [
        (home, col1, "a"), (home, col2, "a"), (home, col1, "a"),
        (home, site.url(HOST, "/col/3.html"), "iframe"),
        (home, site.url(HOST, "/logo.png"), "img"),  # not a page link
        (home, site.url("www.other.gov.cn", "/"), "a"),  # external
        (home, home, "a"),
        (col1, site.url(HOST, "/art/1.html"), "a"), (col1, col2, "a"),
        (col2, site.url(HOST, "/art/2.html"), "a"), (col2, site.url(HOST, "/art/1.html"), "a"),
        (site.url(HOST, "/art/1.html"), site.url(HOST, "/art/3.html"), "a"),  # fourth level
    ]


def test_internal_links_by_level(db):
    with DualStackSite(PAGES) as site:
        run_id = open_run(db, site.url(HOST), site_links(site))
        with db.session() as session:
            second, third = internal_links(session, run_id, site.url(HOST))
        assert second == [site.url(HOST, p) for p in ("/col/1.html", "/col/2.html", "/col/3.html")]
        assert third == [site.url(HOST, p) for p in ("/art/1.html", "/art/2.html")]


def test_links_broken_over_ipv4_are_no_ipv6_question(db):
    with DualStackSite(PAGES) as site:
        missing = (site.url(HOST, "/col/2.html"), site.url(HOST, "/art/1.html"))
        run_id = open_run(db, site.url(HOST), site_links(site), broken=missing)
        with db.session() as session:
            second, third = internal_links(session, run_id, site.url(HOST))
        assert second == [site.url(HOST, p) for p in ("/col/1.html", "/col/3.html")]
        assert third == []  # /art/1.html failed everywhere; /art/2.html hangs off /col/2.html


def test_observe_network_stores_facts_and_probes(db, dns, fast):
    today = china_today()  # an audit of today sees its own probes
    with DualStackSite(PAGES) as site:
        run_id = open_run(db, site.url(HOST), site_links(site), as_of=today)
        observe_network(db, run_id, site.url(HOST), nameservers=[dns.address], rules=rules(),
                        audit_probes=3)
        observe_network(db, run_id, site.url(HOST), nameservers=[dns.address], rules=rules(),
                        audit_probes=3)  # observing again replaces the facts

    with db.session() as session:
        facts = {(f.kind, f.key): f.data
                 for f in session.scalars(select(m.Fact).where(m.Fact.run_id == run_id))}
        probes = session.scalars(select(m.Probe).where(m.Probe.run_id == run_id)).all()
        obs = load_observations(session, run_id)
    ipv6 = facts[("ipv6", "summary")]
    assert ipv6["host"] == HOST and ipv6["aaaa"] == ["::1"]
    assert (ipv6["second_level"]["total"], ipv6["second_level"]["ok"]) == (3, 3)
    assert (ipv6["third_level"]["total"], ipv6["third_level"]["ok"]) == (2, 2)
    assert len(probes) == 6 and all(p.ok and p.family == "any" and p.stage is None for p in probes)
    assert {p.site_id for p in probes} == {obs_site_id(db, site.url(HOST))}
    availability = facts[("availability", "summary")]
    assert (availability["probes"], availability["failed"], availability["ratio"]) == (3, 0, 0.0)
    assert availability["history_days_covered"] == 0
    assert [r["ok"] for r in availability["results"]] == [True, True, True]

    results = run_checks(obs, rules(), today, only=CHECKS)
    assert results.findings == []
    assert results.statuses == {check: ("checked", None) for check in CHECKS}


def test_observe_network_finds_a_site_without_ipv6(db, dns, fast):
    with DualStackSite(PAGES, v6=False) as site:
        links = [(site.url(HOST), site.url(HOST, "/col/1.html"), "a"),
                 (site.url(HOST), site.url("sub.yunxi.gov.cn", "/col/2.html"), "a")]
        run_id = open_run(db, site.url(HOST), links)
        observe_network(db, run_id, site.url(HOST), nameservers=[dns.address], rules=rules(),
                        audit_probes=2)
    with db.session() as session:
        obs = load_observations(session, run_id)
    results = run_checks(obs, rules(), AS_OF, only=CHECKS)
    [finding] = results.findings
    assert finding.check == "ipv6_unsupported"
    assert finding.message.startswith("首页无法通过IPv6访问(无法建立连接)；IPv6二级链接支持率0%")
    assert finding.evidence["hosts_without_aaaa"] == ["sub.yunxi.gov.cn"]


def test_probes_of_a_server_failing_every_third_request(db, dns):
    with DualStackSite(PAGES, fail_every=3) as site:
        homepage = site.url(HOST)
        rows = [row for _ in range(6)
                for row in probe_sites(db, [homepage], nameservers=[dns.address], timeout=2.0)]
    assert [row.ok for row in rows] == [True, True, False, True, True, False]
    assert {(row.stage, row.status) for row in rows if not row.ok} == {("http", 503)}
    assert all(row.run_id is None and row.family == "any" for row in rows)

    today = china_today()  # the probes' own day, as the rule counts days
    run_id = open_run(db, homepage, [], as_of=today)  # a run of the site reads its history
    with db.session() as session:
        obs = load_observations(session, run_id)
    assert [p.ok for p in obs.probes] == [row.ok for row in rows]
    [finding] = run_checks(obs, rules(), today, only=["site_unreachable"]).findings
    assert finding.severity == "warn"  # six probes cover no day of the window
    assert (finding.evidence["probes"], finding.evidence["failed"]) == (6, 2)


def test_probe_sites_covers_many_sites_and_failures(db, dns):
    with PageServer(PAGES, hang_seconds=10) as hanging, DualStackSite(PAGES) as healthy:
        urls = [healthy.url(HOST), hanging.url("/"), healthy.url("nowhere.yunxi.gov.cn")]
        rows = probe_sites(db, urls, nameservers=[dns.address], timeout=1.0)
    assert [(row.ok, row.stage) for row in rows] == [(True, None), (False, "timeout"),
                                                      (False, "dns")]
    with db.session() as session:
        stored = {site.url for site in session.scalars(select(m.Site))}
    assert stored == set(urls)


def test_probe_sites_refuses_a_bad_url_before_probing(db, dns):
    with pytest.raises(ValueError):
        probe_sites(db, ["http://www.yunxi.gov.cn/", "mailto:office@yunxi.gov.cn"],
                    nameservers=[dns.address])
    with db.session() as session:
        assert session.scalars(select(m.Probe)).all() == []


def obs_site_id(db: Database, homepage: str) -> int:
    with db.session() as session:
        return session.scalar(select(m.Site.id).where(m.Site.url == homepage))


def test_availability_probes_run_in_the_background(fast):
    """An audit begins the homepage's probes before its crawl: they must not hold it up."""
    arrived, gate = threading.Event(), threading.Event()

    class Held(BaseHTTPRequestHandler):
        def do_GET(self):
            arrived.set()
            gate.wait(10)
            body = "<title>云溪区人民政府</title>首页".encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Held)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        homepage = f"http://127.0.0.1:{server.server_address[1]}/"
        probes = netcheck.AvailabilityProbes(homepage, nameservers=[], rules=rules(), times=2)
        # Begun and waiting on the server, while this thread goes on.
        assert arrived.wait(5)
        assert probes._thread.is_alive()
        gate.set()
        assert [r.ok for r in probes.results()] == [True, True]
    finally:
        gate.set()
        server.shutdown()
        server.server_close()
