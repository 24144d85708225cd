"""The default HTTP GET of the adapters: identity, answers, and name resolution that never
goes around the configured DNS servers."""
import socket

import pytest

from crawlers.newmedia.base import FetchError, UrllibFetch
from crawlers.urls import is_ip
from tests.support.newmedia_servers import Reply, SourceServer
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import PageServer, self_signed_tls

HOST = "weibo.yunxi.test"  # a name only the local DNS server knows


@pytest.fixture(scope="module")
def server():
    with SourceServer({"/ok": Reply('{"ok": 1}', content_type="application/json"),
                       "/gbk": Reply("云溪".encode("gbk"), content_type="text/plain; charset=gbk"),
                       "/missing": Reply("没有", status=404),
                       "/moved": Reply("", status=302, headers={"Location": "/ok"})}) as source:
        yield source


def test_identifies_itself_and_reads_the_body(server):
    answer = UrllibFetch(timeout=5)(server.url("/ok"), headers={"Accept": "application/json"})
    assert (answer.status, answer.body, answer.content_type) == (200, b'{"ok": 1}',
                                                                   "application/json")
    _path, headers = server.requests[-1]
    assert headers["User-Agent"].startswith("govpatrol/")
    assert "政府网站监管" in headers["User-Agent"].encode("latin-1").decode("utf-8")
    assert headers["Accept"] == "application/json"


def test_declared_charset_decodes_the_text(server):
    assert UrllibFetch(timeout=5)(server.url("/gbk")).text() == "云溪"


def test_an_http_error_is_an_answer_not_an_exception(server):
    answer = UrllibFetch(timeout=5)(server.url("/missing"))
    assert answer.status == 404 and answer.text() == "没有"


def test_redirects_are_followed_to_the_final_url(server):
    answer = UrllibFetch(timeout=5)(server.url("/moved"))
    assert (answer.status, answer.url) == (200, server.url("/ok"))


def test_host_names_resolve_through_the_configured_dns_server(server):
    with LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
        answer = UrllibFetch((dns.address,), timeout=5)(f"http://{HOST}:{server.port}/ok")
        assert answer.status == 200
        assert (HOST, "A") in dns.queries
    _path, headers = server.requests[-1]
    assert headers["Host"] == f"{HOST}:{server.port}"  # the socket went to the IP, not the Host


def test_a_name_the_dns_server_does_not_know_fails_without_asking_the_system(server):
    with LocalDNS({"other.test": {"A": ["127.0.0.1"]}}) as dns:
        with pytest.raises(FetchError) as failure:
            UrllibFetch((dns.address,), timeout=5)(f"http://localhost:{server.port}/ok")
        assert ("localhost", "A") in dns.queries
    assert "DNS" in str(failure.value)


def test_https_names_the_host_in_tls_while_connecting_to_the_resolved_address():
    server_tls, client_tls = self_signed_tls(HOST)
    with PageServer({"/feed": "<rss/>"}, tls=server_tls) as site, \
            LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
        fetch = UrllibFetch((dns.address,), timeout=5, ssl_context=client_tls)
        answer = fetch(site.url("/feed", hostname=HOST))
        assert (answer.status, answer.body) == (200, b"<rss/>")
        assert site.requests[-1].host == f"{HOST}:{site.port}"


def test_nothing_listening_is_a_fetch_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError):
        UrllibFetch(timeout=5)(f"http://127.0.0.1:{port}/")


def test_no_name_reaches_the_system_resolver_when_dns_servers_are_set(server, monkeypatch):
    asked: list[str] = []
    system = socket.getaddrinfo

    def tripwire(host, *args, **kwargs):
        if not is_ip(str(host)):
            asked.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "resolved around the DNS servers")
        return system(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", tripwire)
    with LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
        answer = UrllibFetch((dns.address,), timeout=5)(f"http://{HOST}:{server.port}/moved")
    assert (answer.status, answer.url) == (200, f"http://{HOST}:{server.port}/ok")
    assert asked == []
