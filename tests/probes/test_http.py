"""The probe's HTTP client against real local servers: framing, redirects, failures by stage."""
from __future__ import annotations

import gzip

import pytest

from crawlers.dns import NameResolver
from crawlers.probes.http import fetch
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import DualStackSite, PageServer, Reply, self_signed_tls

HOST = "www.yunxi.gov.cn"
HOME = "<html><head><title>云溪区人民政府</title><script>var x = '脚本';</script></head>" \
       "<body><h1>政务公开</h1><p>今日要闻</p></body></html>"
PAGES = {
    "/": HOME,
    "/chunked.html": Reply("<title>分块</title>" + "数据 " * 2000, framing="chunked"),
    "/close.html": Reply("<title>关闭</title>读到连接关闭为止", framing="close"),
    "/gzip.html": Reply(gzip.compress("<title>压缩</title>正文".encode()),
                        headers={"Content-Encoding": "gzip"}),
    "/gbk.html": Reply("<meta charset=gbk><title>国标编码</title>中文内容".encode("gbk"),
                       content_type="text/html"),
    "/short.html": Reply("<title>半截</title>", framing="close", headers={"Content-Length": "5000"}),
    "/moved.html": Reply(status=301, headers={"Location": "/close.html"}),
    "/loop.html": Reply(status=302, headers={"Location": "/loop.html"}),
    "/hop1.html": Reply(status=302, headers={"Location": "/hop2.html"}),
    "/hop2.html": Reply(status=302, headers={"Location": "/hop3.html"}),
    "/hop3.html": Reply(status=302, headers={"Location": "/"}),
    "/gone.html": Reply("<title>404</title>页面不存在", status=404),
}
ZONE = {HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "v4only.yunxi.gov.cn": {"A": ["127.0.0.1"]}}


@pytest.fixture(scope="module")
def site():
    with DualStackSite(PAGES) as running:
        yield running


@pytest.fixture(scope="module")
def resolver():
    with LocalDNS(ZONE) as dns:
        yield NameResolver((dns.address,), timeout=2.0)


@pytest.mark.parametrize("family, address", [("ipv4", "127.0.0.1"), ("ipv6", "::1"),
                                             ("any", "127.0.0.1")])
def test_homepage_over_each_family(site, resolver, family, address):
    result = fetch(site.url(HOST), family=family, resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage, result.status) == (True, None, 200)
    assert result.address == address
    assert result.title == "云溪区人民政府"
    assert "今日要闻" in result.text and "脚本" not in result.text
    assert result.at.tzinfo is not None and 0 <= result.seconds < 10


def test_host_header_names_the_site(site, resolver):
    fetch(site.url(HOST, "/close.html"), family="ipv6", resolver=resolver, timeout=2.0)
    seen = site.v6.requests[-1]
    assert (seen.host, seen.path) == (f"{HOST}:{site.port}", "/close.html")
    assert seen.user_agent.startswith("govpatrol/")


@pytest.mark.parametrize("path, title", [
    ("/chunked.html", "分块"), ("/close.html", "关闭"), ("/gzip.html", "压缩"),
    ("/gbk.html", "国标编码"),
])
def test_body_framings_and_encodings(site, resolver, path, title):
    result = fetch(site.url(HOST, path), resolver=resolver, timeout=2.0)
    assert result.ok and result.title == title


def test_chunked_body_is_read_to_the_end(site, resolver):
    result = fetch(site.url(HOST, "/chunked.html"), resolver=resolver, timeout=2.0)
    assert result.text.count("数据") == 2000


def test_body_shorter_than_its_length_fails(site, resolver):
    result = fetch(site.url(HOST, "/short.html"), resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage, result.status) == (False, "http", 200)
    assert "不完整" in result.error


def test_http_error_status_fails_at_http_stage(site, resolver):
    result = fetch(site.url(HOST, "/gone.html"), resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage, result.status, result.error) == (False, "http", 404, "HTTP 404")


def test_redirects_are_followed_and_limited(site, resolver):
    moved = fetch(site.url(HOST, "/moved.html"), resolver=resolver, timeout=2.0)
    assert moved.ok and moved.final_url == site.url(HOST, "/close.html")
    not_followed = fetch(site.url(HOST, "/moved.html"), resolver=resolver, timeout=2.0,
                         follow_redirects=0)
    assert not_followed.ok and not_followed.status == 301
    too_many = fetch(site.url(HOST, "/hop1.html"), resolver=resolver, timeout=2.0,
                     follow_redirects=2)
    assert (too_many.ok, too_many.stage, too_many.status) == (False, "http", 302)
    assert "重定向超过2次" in too_many.error
    loop = fetch(site.url(HOST, "/loop.html"), resolver=resolver, timeout=2.0)
    assert (loop.ok, loop.error) == (False, "重定向循环")


def test_unknown_name_fails_at_dns_stage(site, resolver):
    result = fetch(site.url("nowhere.yunxi.gov.cn"), resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage, result.address) == (False, "dns", None)
    assert "NXDOMAIN" in result.error


def test_missing_family_fails_at_dns_stage(site, resolver):
    result = fetch(site.url("v4only.yunxi.gov.cn"), family="ipv6", resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage) == (False, "dns")
    assert "AAAA" in result.error


def test_closed_port_fails_at_tcp_stage(resolver):
    with PageServer({}) as server:
        closed = server.port
    result = fetch(f"http://{HOST}:{closed}/", family="any", resolver=resolver, timeout=2.0)
    assert (result.ok, result.stage, result.address) == (False, "tcp", "::1")
    assert "127.0.0.1" in result.error and "::1" in result.error


def test_any_family_falls_back_to_ipv6():
    with DualStackSite({"/": HOME}) as dual, LocalDNS(ZONE) as dns:
        dual.v4.stop()  # IPv4 refuses: a browser goes on to the AAAA address
        result = fetch(dual.url(HOST), family="any", resolver=NameResolver((dns.address,)),
                       timeout=2.0)
    assert (result.ok, result.address, result.family) == (True, "::1", "ipv6")


def test_server_hanging_past_the_deadline_times_out(resolver):
    with PageServer({"/": HOME}, hang_seconds=10) as server:
        result = fetch(server.url("/", HOST), resolver=resolver, timeout=1.0)
    assert (result.ok, result.stage, result.status) == (False, "timeout", None)
    assert 1.0 <= result.seconds < 9.0  # gave up at the deadline, not at the hang's end


def test_tls_is_verified_against_the_host_name(resolver):
    server_tls, client_tls = self_signed_tls(HOST)
    with PageServer({"/": HOME}, tls=server_tls) as server:
        url = server.url("/", HOST)
        untrusted = fetch(url, resolver=resolver, timeout=2.0)
        trusted = fetch(url, resolver=resolver, timeout=2.0, ssl_context=client_tls)
        wrong_name = fetch(server.url("/", "v4only.yunxi.gov.cn"), resolver=resolver,
                           timeout=2.0, ssl_context=client_tls)
    assert (untrusted.ok, untrusted.stage) == (False, "tls")
    assert "证书" in untrusted.error
    assert trusted.ok and trusted.title == "云溪区人民政府"
    assert (wrong_name.ok, wrong_name.stage) == (False, "tls")
