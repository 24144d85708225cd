"""The one network policy: internal, metadata and reserved addresses are refused before any
connection, in the crawl, the probes, new-media fetches and the browser, and reported as
refused, never as broken links.

No traffic leaves loopback: refusals of link-local, multicast and other non-loopback
addresses are proved on the policy itself (it answers before any socket is opened); what a
connection would do is proved with a silent listener on 127.0.0.2, a loopback address
distinct from the sites' 127.0.0.1, which must never see a request.
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select

from crawlers.browser import guard_requests, launch_browser
from crawlers.dns import NameResolver
from crawlers.channel import DATABASE_ENV
from crawlers.netpolicy import NetworkPolicy, RefusedAddress, parse_address
from crawlers.newmedia.base import FetchError, UrllibFetch
from crawlers.probes.http import fetch
from crawlers.probes.ipv6 import probe_ipv6
from govpatrol import inspection
from govpatrol.config import ConfigError, load_config
from govpatrol.inspection import InspectionOptions, inspect_site, network_policy
from storage import models as m
from storage.db import Database
from tests.support.measure import GOVPATROL, measure
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import PageServer, Reply

SECRET = "METADATA-SECRET-iam-role"
METADATA = "http://169.254.169.254/latest/meta-data/"
ALWAYS_REFUSED_LINKS = [METADATA, "http://[fe80::1]/", "http://224.0.0.1/",
                        "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:8080/",
                        "http://[ff02::1]/", "http://240.0.0.1/"]


# ---- the policy on addresses ------------------------------------------------------------

@pytest.mark.parametrize("address", [
    "169.254.169.254", "169.254.0.1", "fe80::1", "fe80::1%eth0", "[fe80::a:b]", "fec0::1",
    "224.0.0.1", "239.255.255.250", "ff02::1", "0.0.0.0", "0.1.2.3", "::", "240.0.0.1",
    "255.255.255.255", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "100::1"])
def test_always_refused_whatever_the_settings(address):
    wide_open = NetworkPolicy.for_homepage(["127.0.0.1", "10.1.2.3", "169.254.169.254"],
                                           ["0.0.0.0/0", "::/0"])
    assert wide_open.refusal(address) is not None
    with pytest.raises(RefusedAddress):
        wide_open.check("http://x/", address)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "10.0.0.1",
                                     "172.16.5.5", "192.168.1.1", "100.64.0.1", "fd00::1",
                                     "::ffff:127.0.0.1", "192.0.2.1"])
def test_loopback_and_private_refused_by_default(address):
    assert NetworkPolicy().refusal(address) is not None
    assert NetworkPolicy.for_homepage(["202.96.1.1"]).refusal(address) is not None


@pytest.mark.parametrize("address", ["202.96.134.133", "2400:3200::1", "8.8.8.8",
                                     "64:ff9b::808:808"])
def test_public_addresses_allowed(address):
    assert NetworkPolicy().allows(address)


def test_a_loopback_homepage_opens_all_of_loopback_and_nothing_else():
    policy = NetworkPolicy.for_homepage(["127.0.0.1"])
    assert all(policy.allows(a) for a in ("127.0.0.1", "127.0.0.2", "127.255.0.9", "::1"))
    assert not any(policy.allows(a) for a in ("10.0.0.1", "192.168.0.1", "fd00::1",
                                              "169.254.169.254", "fe80::1"))
    assert NetworkPolicy.for_homepage(["::1"]).allows("127.0.0.1")


def test_a_private_homepage_opens_its_own_block_only():
    policy = NetworkPolicy.for_homepage(["10.20.3.4"])
    assert policy.allows("10.99.0.1")
    assert not policy.allows("192.168.0.1") and not policy.allows("127.0.0.1")


def test_the_homepage_exception_can_be_withheld_and_settings_open_networks():
    withheld = NetworkPolicy.for_homepage(["127.0.0.1"], ["127.0.0.1/32"],
                                          trust_homepage=False)
    assert withheld.allows("127.0.0.1") and not withheld.allows("127.0.0.2")
    opened = NetworkPolicy.for_homepage([], ["192.168.10.0/24"])
    assert opened.allows("192.168.10.7") and not opened.allows("192.168.11.7")
    assert NetworkPolicy.from_config(opened.as_config()) == opened


def test_literals_are_read_as_connections_read_them():
    assert str(parse_address("[::ffff:169.254.169.254]")) == "169.254.169.254"
    assert str(parse_address("fe80::1%25eth0".replace("%25", "%"))) == "fe80::1"
    assert parse_address("www.gov.cn") is None


def test_allowed_networks_in_the_settings_file(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("allowed_networks: [10.20.0.0/16, 'fd00::/8']\n", encoding="utf-8")
    assert load_config(good).allowed_networks == ["10.20.0.0/16", "fd00::/8"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("allowed_networks: [10.20.0.0/33]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="allowed_networks"):
        load_config(bad)


# ---- a silent listener and a site on loopback ---------------------------------------------

class SilentListener(PageServer):
    """A server on 127.0.0.2 that must never be asked anything (its page is the secret)."""

    default_host = "127.0.0.2"


@pytest.fixture(scope="module")
def listener():
    with SilentListener({"/": f"<title>{SECRET}</title>{SECRET}",
                         "/latest/meta-data/": f"<title>{SECRET}</title>"}) as server:
        yield server


def _home(links: list[str], extra: str = "") -> str:
    items = "".join(f'<li><a href="{u}">内部地址{n}</a></li>' for n, u in enumerate(links))
    return (f"<html><head><title>云溪县人民政府</title></head><body><ul>{items}</ul>{extra}"
            "<div class='footer'>网站标识码：1234567890</div></body></html>")


@pytest.fixture(scope="module")
def site(listener):
    """``/``: links and a redirect to always-refused addresses (an audit from the command
    line, whose loopback homepage opens loopback); ``/strict/``: links, an image and a
    redirect to the listener too, for audits without the homepage exception."""
    inner = listener.url("/latest/meta-data/")
    pages = {"/": _home([*ALWAYS_REFUSED_LINKS, "/go"], f'<iframe src="{METADATA}"></iframe>'),
             "/strict/": _home([*ALWAYS_REFUSED_LINKS, inner, "/go", "/go-inner"],
                               f'<img src="{inner}"><iframe src="{inner}"></iframe>'),
             "/go": Reply("", status=302, headers={"Location": METADATA}),
             "/go-inner": Reply("", status=302, headers={"Location": inner}),
             "/render-home/": _home(["/render/"]),
             "/render/": _home([], (
                 f"<script>fetch('{listener.url('/latest/meta-data/')}')"
                 ".then(r => r.text()).then(t => document.title = t);</script>"
                 f'<iframe src="{listener.url("/")}"></iframe>'
                 f"<script src=\"{listener.url('/x.js')}\"></script>")),
             "/to-meta": Reply("", status=302, headers={"Location": METADATA}),
             "/to-inner": Reply("", status=302, headers={"Location": inner})}
    with PageServer(pages) as server:
        yield server


@pytest.fixture(autouse=True)
def listener_stays_silent(listener):
    before = len(listener.requests)
    yield
    assert listener.requests[before:] == [], "a refused address was connected to"


def _strict(site) -> NetworkPolicy:
    """An audit started from the web: only the site's own address, as the settings say."""
    return NetworkPolicy.for_homepage([], [f"{site.host}/32"], trust_homepage=False)


# ---- probes and new media ------------------------------------------------------------------

@pytest.mark.parametrize("url", ALWAYS_REFUSED_LINKS)
def test_probes_refuse_always_refused_addresses_before_connecting(url):
    result = fetch(url, family="any", resolver=NameResolver(), timeout=2)
    assert (result.ok, result.stage) == (False, "refused_address"), result
    assert "未连接" in result.error and result.cut


def test_probe_redirects_are_checked_on_every_hop(site):
    home_trusted = fetch(site.url("/to-meta"), family="any", resolver=NameResolver(), timeout=5)
    assert home_trusted.stage == "refused_address"
    assert "169.254.169.254" in home_trusted.error
    strict = fetch(site.url("/to-inner"), family="any", resolver=NameResolver(), timeout=5,
                   policy=_strict(site))
    assert strict.stage == "refused_address" and "127.0.0.2" in strict.error


def test_names_that_resolve_into_refused_ranges_are_refused(site):
    zone = {"meta.yx.gov.cn": {"A": ["169.254.169.254"]},
            "inner.yx.gov.cn": {"A": ["127.0.0.2"]}}
    with LocalDNS(zone) as dns:
        resolver = NameResolver((dns.address,), timeout=2)
        meta = fetch("http://meta.yx.gov.cn/", family="any", resolver=resolver, timeout=3)
        inner = fetch(f"http://inner.yx.gov.cn:{site.port}/", family="any",
                      resolver=resolver, timeout=3, policy=_strict(site))
    assert meta.stage == inner.stage == "refused_address"


def test_ipv6_link_probes_list_refused_links_as_unchecked(site):
    inner = "http://[::1]:1/"  # loopback, but not the site's own address under this policy
    found = probe_ipv6(site.url("/"), [inner, "http://[fe80::1]/"], [], resolver=NameResolver(),
                       timeout=3, policy=_strict(site))
    unchecked = {o["url"]: o["stage"] for o in found["second_level"].get("unchecked", [])}
    assert unchecked == {inner: "refused_address", "http://[fe80::1]/": "refused_address"}
    assert found["second_level"]["total"] == 0


def test_new_media_fetches_refuse_redirects_into_refused_ranges(site):
    with pytest.raises(FetchError, match="refused_address"):
        UrllibFetch(timeout=3)(site.url("/to-meta"))
    with pytest.raises(FetchError, match="refused_address"):
        UrllibFetch(timeout=3, policy=_strict(site))(site.url("/to-inner"))
    with pytest.raises(FetchError, match="refused_address"):
        UrllibFetch(timeout=3)(METADATA)


def test_the_browser_aborts_refused_requests_and_redirects(site):
    with launch_browser() as browser:
        page = browser.new_page()
        guard_requests(page, _strict(site), NameResolver(), timeout=5)
        page.goto(site.url("/strict/"), wait_until="load", timeout=20_000)
        assert page.title() == "云溪县人民政府"  # the page, without its refused image
        with pytest.raises(PlaywrightError, match="ERR_ADDRESS_UNREACHABLE"):
            page.goto(site.url("/to-inner"), timeout=20_000)
        page.close()


# ---- whole audits ----------------------------------------------------------------------------

def test_a_web_started_audit_never_reaches_other_loopback_addresses(site, listener, tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'runs.db'}")
    options = InspectionOptions(as_of=date(2026, 11, 20), max_pages=10, render=False,
                                log_dir=tmp_path / "logs", trust_homepage=False,
                                allowed_networks=[f"{site.host}/32"])
    assert network_policy(site.url("/strict/"), options) == _strict(site)
    run_id = inspect_site(db, site.url("/strict/"), options)
    with db.session() as session:
        checks = {c.url: (c.outcome, c.reason) for c in
                  session.query(m.LinkCheck).filter(m.LinkCheck.run_id == run_id)}
        run = session.get(m.Run, run_id)
        status = run.status
    db.dispose()
    assert status == "complete"
    refused = {url for url, (outcome, reason) in checks.items()
               if (outcome, reason) == ("unchecked", "refused_address")}
    inner = listener.url("/latest/meta-data/")
    assert {METADATA, inner, site.url("/go"), site.url("/go-inner")} <= refused, checks
    assert not any(outcome == "broken" for outcome, _ in checks.values()), checks
    assert list((tmp_path / "logs").iterdir()) == []  # config and log gone after a good crawl


def test_the_crawl_refuses_names_that_resolve_into_refused_ranges(site, listener, tmp_path):
    """Through the configured DNS server: the crawl checks what a name resolves to."""
    home = "www.yx.gov.cn"
    zone = {home: {"A": [site.host]}, "meta.yx.gov.cn": {"A": ["169.254.169.254"]},
            "inner.yx.gov.cn": {"A": [listener.host]}}
    meta = "http://meta.yx.gov.cn/latest/meta-data/"
    inner = f"http://inner.yx.gov.cn:{listener.port}/"
    site.pages[f"{home}/"] = _home([meta, inner])
    db = Database(f"sqlite:///{tmp_path / 'runs.db'}")
    try:
        with LocalDNS(zone) as dns:
            options = InspectionOptions(as_of=date(2026, 11, 20), max_pages=5, render=False,
                                        nameservers=[dns.address], log_dir=tmp_path / "logs",
                                        trust_homepage=False,
                                        allowed_networks=[f"{site.host}/32"])
            run_id = inspect_site(db, site.url("/", hostname=home), options)
        with db.session() as session:
            checks = {c.url: (c.outcome, c.reason) for c in session.scalars(
                select(m.LinkCheck).where(m.LinkCheck.run_id == run_id))}
    finally:
        del site.pages[f"{home}/"]
        db.dispose()
    assert checks[meta] == checks[inner] == ("unchecked", "refused_address"), checks


def test_the_crawl_browser_aborts_requests_to_refused_addresses(site, tmp_path):
    """A page read through the crawl's browser whose scripts and frames call the listener."""
    db = Database(f"sqlite:///{tmp_path / 'runs.db'}")
    page = site.url("/render/")  # the homepage is never rendered; a page it links to is
    options = InspectionOptions(as_of=date(2026, 11, 20), max_pages=3, render=True,
                                force_render=[page], log_dir=tmp_path / "logs",
                                trust_homepage=False, allowed_networks=[f"{site.host}/32"])
    run_id = inspect_site(db, site.url("/render-home/"), options)
    with db.session() as session:
        rendered = session.scalars(select(m.Page).where(m.Page.run_id == run_id,
                                                        m.Page.url == page)).one().rendered
    db.dispose()
    assert rendered is True  # the browser did read the page; the listener stayed silent


def test_audit_of_a_homepage_linking_and_redirecting_to_internal_addresses(site, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GOVPATROL_CONFIG"}
    env["COLUMNS"] = "200"
    report_path = tmp_path / "report.json"
    html_dir = tmp_path / "out"
    result = measure([GOVPATROL, "audit", site.url("/"), "--as-of", "2026-11-20",
                      "--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "--max-pages", "10",
                      "--json", str(report_path), "--out", str(html_dir)],
                     cwd=tmp_path, env=env, timeout=240)
    assert "Traceback" not in result.output, result.output[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["unchecked"].get("refused_address", 0) >= len(ALWAYS_REFUSED_LINKS), report
    broken = [f for f in report["findings"] if f["check"] == "broken_link"]
    assert not [f for f in broken if "169.254" in json.dumps(f) or "fe80" in json.dumps(f)
                or "224.0.0.1" in json.dumps(f)], broken
    everything = result.output + report_path.read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in html_dir.rglob("*.html"))
    assert SECRET not in everything


def test_audit_of_a_homepage_that_redirects_to_the_metadata_address(site, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GOVPATROL_CONFIG"}
    report_path = tmp_path / "report.json"
    result = measure([GOVPATROL, "audit", site.url("/to-meta"), "--as-of", "2026-11-20",
                      "--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "--max-pages", "5",
                      "--json", str(report_path)], cwd=tmp_path, env=env, timeout=240)
    assert "Traceback" not in result.output, result.output[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["verdict"]["result"] == "unchecked", report["verdict"]
    assert report["homepage_error"].startswith("refused_address"), report["homepage_error"]
    assert not [f for f in report["findings"] if f["check"] == "broken_link"]
    assert SECRET not in result.output + report_path.read_text(encoding="utf-8")


def test_crawl_files_are_private_and_hold_no_database_password(site, tmp_path, monkeypatch):
    """The config is read by the child and removed after it; while it exists it is 0600 in
    a 0700 folder and carries no database URL (the child gets it in its environment)."""
    seen: list[tuple[int, int, str, str]] = []
    real_popen = subprocess.Popen

    def spy(args, **kwargs):
        config = Path(args[-1])
        seen.append((stat.S_IMODE(config.stat().st_mode),
                     stat.S_IMODE(config.parent.stat().st_mode),
                     config.read_text(encoding="utf-8"), kwargs["env"][DATABASE_ENV]))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(inspection.subprocess, "Popen", spy)
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    logs.chmod(0o755)
    db_file = tmp_path / "secret-name.db"
    db = Database(f"sqlite:///{db_file}")
    options = InspectionOptions(as_of=date(2026, 11, 20), max_pages=3, render=False,
                                log_dir=logs)
    inspect_site(db, site.url("/"), options)
    db.dispose()
    (file_mode, dir_mode, text, given), = seen
    assert (file_mode, dir_mode) == (0o600, 0o700)
    assert "secret-name" not in text and "database" not in json.loads(text)
    assert given == f"sqlite:///{db_file}"
    assert list(logs.iterdir()) == []
