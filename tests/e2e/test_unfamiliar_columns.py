"""`govpatrol audit` on a county site built unlike the demo sites: columns are list pages,
a column is blank only when it was read completely (markup, its data API, or the browser),
script-drawn lists and mailboxes are read, and pages that are not columns are never blank."""
from __future__ import annotations

import json

import pytest

from tests.e2e import unfamiliar_county as county
from tests.e2e.conftest import run_cli
from tests.e2e.routed_site import RoutedSite
from tests.support.dns_server import LocalDNS


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    work = tmp_path_factory.mktemp("unfamiliar")
    with RoutedSite(county.routes()) as site, LocalDNS({county.HOST: {"A": ["127.0.0.1"]}}) as dns:
        home = site.url("/", county.HOST)
        done = run_cli("audit", home, "--as-of", county.AS_OF.isoformat(), "--json", "-",
                       "--nameserver", dns.address, "--database", f"sqlite:///{work}/a.db", cwd=work)
        assert done.returncode == 0, done.stderr[-3000:]
        report = json.loads(done.stdout)
        yield report, (lambda path: path if path.startswith("http") else site.url(path, county.HOST)), site


def findings(report) -> dict:
    return {(f["check"], f["url"]): f for f in report["findings"]}


@pytest.mark.parametrize("check,path", county.EXPECTED, ids=lambda v: str(v))
def test_planted_problems_are_found(audited, check, path):
    report, url, _ = audited
    assert (check, url(path)) in findings(report), sorted(findings(report))


@pytest.mark.parametrize("check,path", county.DECOYS, ids=lambda v: str(v))
def test_decoys_are_not_flagged(audited, check, path):
    report, url, _ = audited
    assert (check, url(path)) not in findings(report)


def test_only_the_planted_blank_columns_are_blank(audited):
    report, url, _ = audited
    blank = {f["url"] for f in report["findings"] if f["check"] == "blank_column"}
    assert blank == {url(p) for c, p in county.EXPECTED if c == "blank_column"}


def test_blank_column_evidence_says_how_the_column_was_read(audited):
    report, url, _ = audited
    found = findings(report)
    assert found[("blank_column", url("/zxft/index.html"))]["evidence"]["read"] == "markup"
    assert found[("blank_column", url("/tjsj/index.html"))]["evidence"]["read"] == "markup"
    by_api = found[("blank_column", url("/tpxw/index.html"))]["evidence"]
    assert by_api["read"] == "api" and by_api["api"] == url("/api/pics")


def test_pages_that_are_not_columns_are_not_listed_as_columns(audited):
    report, url, _ = audited
    columns = {c["url"] for c in report["columns"]}
    for path in county.NOT_COLUMNS:
        assert url(path) not in columns, path


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
