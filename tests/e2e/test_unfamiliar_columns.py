"""`govpatrol audit` on a county site built unlike the demo sites: columns are list pages,
a column is blank only when it was read completely (markup, its data API, or the browser),
script-drawn lists and mailboxes are read, and pages that are not columns are never blank."""
from __future__ import annotations

import json

import pytest

from tests.e2e import unfamiliar_county as county
from tests.e2e import unfamiliar_clean as clean
from tests.e2e import unfamiliar_district as district
from tests.support.cli import run_cli
from tests.e2e.routed_site import RoutedSite
from tests.support.dns_server import LocalDNS


SITES = {"county": county, "district": district}


def _audit(site_module, work):
    with RoutedSite(site_module.routes()) as site, \
            LocalDNS({site_module.HOST: {"A": ["127.0.0.1"]}}) as dns:
        home = site.url("/", site_module.HOST)
        done = run_cli("audit", home, "--as-of", site_module.AS_OF.isoformat(), "--json", "-",
                       "--nameserver", dns.address, "--database", f"sqlite:///{work}/a.db", cwd=work)
        assert done.returncode == 0, done.stderr[-3000:]
        report = json.loads(done.stdout)
    return report, (lambda path: path if path.startswith("http") else site.url(path, site_module.HOST)), site


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    """site name -> (report, path -> URL, the served site), audited once each."""
    return {name: _audit(module, tmp_path_factory.mktemp(name))
            for name, module in {**SITES, "clean": clean}.items()}


@pytest.fixture(scope="module")
def audited(audits):
    return audits["county"]


def findings(report) -> dict:
    return {(f["check"], f["url"]): f for f in report["findings"]}


def cases(attribute: str):
    return [(name, *case) for name, module in SITES.items() for case in getattr(module, attribute)]


@pytest.mark.parametrize("name,check,path", cases("EXPECTED"), ids=lambda v: str(v))
def test_planted_problems_are_found(audits, name, check, path):
    report, url, _ = audits[name]
    assert (check, url(path)) in findings(report), sorted(findings(report))


@pytest.mark.parametrize("name,check,path", cases("DECOYS"), ids=lambda v: str(v))
def test_decoys_are_not_flagged(audits, name, check, path):
    report, url, _ = audits[name]
    assert (check, url(path)) not in findings(report)


@pytest.mark.parametrize("name", SITES)
def test_only_the_planted_blank_columns_are_blank(audits, name):
    report, url, _ = audits[name]
    blank = {f["url"] for f in report["findings"] if f["check"] == "blank_column"}
    assert blank == {url(p) for c, p in SITES[name].EXPECTED if c == "blank_column"}


@pytest.mark.parametrize("name", SITES)
def test_pages_that_are_not_columns_are_not_listed_as_columns(audits, name):
    report, url, _ = audits[name]
    columns = {c["url"] for c in report["columns"]}
    for path in SITES[name].NOT_COLUMNS:
        assert url(path) not in columns, path


def test_blank_column_evidence_says_how_the_column_was_read(audited):
    report, url, _ = audited
    found = findings(report)
    assert found[("blank_column", url("/zxft/index.html"))]["evidence"]["read"] == "markup"
    assert found[("blank_column", url("/tjsj/index.html"))]["evidence"]["read"] == "markup"
    by_api = found[("blank_column", url("/tpxw/index.html"))]["evidence"]
    assert by_api["read"] == "api" and by_api["api"] == url("/api/pics")


def test_script_drawn_columns_are_read_with_their_dates(audited):
    report, url, _ = audited
    columns = {c["url"]: c for c in report["columns"]}
    zcwj = columns[url("/zcwj/index.html")]  # two API pages (pageNo/pageSize/total)
    assert zcwj["items"] == len(county.ZCWJ) and zcwj["latest"] == county.ago(3).isoformat()
    gzdt = columns[url("/gzdt/index.html")]  # three API pages (current/size/pages), unix ms
    assert gzdt["items"] == len(county.GZDT) and gzdt["latest"] == county.ago(40).isoformat()
    assert columns[url("/xzdt/index.html")]["items"] == len(county.XZDT)
    assert columns[url("/xzdt/index.html")]["new_last_7_days"] == 2
    # Drawn by a framework bundle and by a script file with no address in the markup: rendered.
    assert columns[url("/ztzl/index.html")]["items"] == len(county.ZTZL)
    assert columns[url("/jcxx/index.html")]["latest"] == county.ago(6).isoformat()
    assert columns[url("/list.asp?classid=3")]["items"] == len(county.WJTZ)


def test_api_pages_are_asked_for_with_the_apis_own_page_keys(audited):
    _, _, site = audited
    asked = {(r.path, tuple(sorted(r.query.items()))) for r in site.seen if r.path.startswith("/api/")}
    assert ("/api/zcwj/list", (("pageNo", "2"), ("pageSize", "5"))) in asked
    assert ("/api/news", (("cat", "gzdt"), ("current", "3"))) in asked


def test_broken_links_say_why(audited):
    report, url, _ = audited
    found = findings(report)
    dns = found[("broken_link", f"http://{county.DEAD_HOST}/zt/2019/index.html")]["evidence"]
    assert dns["reason"] == "dns"
    assert found[("broken_link", url("/go/12/1"))]["evidence"]["reason"] == "redirects"


def test_letters_without_pages_point_at_their_list_and_number(audited):
    report, url, _ = audited
    late = findings(report)[("message_late_reply", url("/xzxx/index.html#XZ2026090001"))]
    assert late["page"] == url("/xzxx/index.html")
    assert late["evidence"]["replied"] == county.ago(10).isoformat()
    jact = findings(report)[("message_late_reply", url("/jact/front/mailpubdetail.do?sysid=7&transactId=311"))]
    assert jact["evidence"]["replied"] == county.ago(5).isoformat()


def test_every_list_of_the_script_drawn_district_is_read(audits):
    report, url, site = audits["district"]
    columns = {c["url"]: c for c in report["columns"]}
    assert columns[url("/news/gzdt.html")]["items"] == len(district.GZDT)  # pageNum/pageSize/total
    assert columns[url("/news/tzgg.html")]["items"] == len(district.TZGG)  # start/limit/totalCount
    assert columns[url("/zwgk/zcwj.html")]["items"] == len(district.ZCWJ)  # page/current/pages
    assert columns[url("/ztzl/index.html")]["items"] == len(district.ZTZL)  # framework bundle
    assert columns[url("/hudong/zxzx.html")]["category"] == "mailbox"
    assert columns[url("/news/bmdt.html")]["items"] == len(district.BMDT)  # HTML rows from its address
    asked = {(r.path, tuple(sorted(r.query.items()))) for r in site.seen if r.path.startswith("/openapi/")}
    assert ("/openapi/notice", (("limit", "5"), ("start", "5"))) in asked
    assert ("/openapi/policy", (("page", "3"),)) in asked
    assert ("/openapi/article/list", (("channelId", "11"), ("pageNum", "3"), ("pageSize", "4"))) in asked


def test_a_clean_site_in_unfamiliar_shapes_passes_with_nothing_found(audits):
    report, url, _ = audits["clean"]
    # The site is served over IPv4 only, so the IPv6 check has its say; nothing else may.
    assert [f for f in report["findings"] if f["check"] != "ipv6_unsupported"] == []
    assert report["verdict"]["result"] == "pass"
    columns = {c["url"]: c["items"] for c in report["columns"]}
    assert columns == {url(path): items for path, items in clean.COLUMNS.items()}
