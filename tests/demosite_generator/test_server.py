"""A generated site served on 127.0.0.1 and ::1 under its host names, with its own DNS server."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlencode, urlsplit

import dns.resolver
import pytest

from govpatrol.demosite.generated import generate
from govpatrol.demosite.generated.server import GeneratedServer
from govpatrol.demosite.generated.site import PORT_MARK


@pytest.fixture(scope="module")
def served():
    with GeneratedServer(generate(1)) as running:  # Hanweb: data islands, dataproxy, JACT or JSON mailboxes
        yield running


def resolve(served, name: str, kind: str) -> list[str]:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = served.dns.port
    try:
        return [answer.to_text() for answer in resolver.resolve(name, kind)]
    except dns.resolver.NXDOMAIN:
        return []


def get(served, address: str, url: str, method: str = "GET", body: bytes | None = None):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(address, served.port, timeout=5)
    headers = {"Host": parts.netloc}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body, headers)
    response = connection.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def test_dns_knows_the_served_hosts_and_no_other(served):
    site = served.site
    for host in site.served_hosts:
        assert resolve(served, host, "A") == ["127.0.0.1"]
        assert resolve(served, host, "AAAA") == ["::1"]
    for host in site.dead_hosts + ("www.example.com",):
        assert resolve(served, host, "A") == []


def test_homepage_over_both_address_families_by_host_name(served):
    for address in ("127.0.0.1", "::1"):
        status, body, _ = get(served, address, served.home)
        text = body.decode("utf-8")
        assert status == 200 and served.site.truth.columns[0].name in text
        assert PORT_MARK not in text and f":{served.port}/" in text


def test_other_hosts_are_answered_by_their_own_routes(served):
    site = served.site
    decoy = next(d for d in site.truth.decoys if d.check == "broken_link" and "405" in d.note)
    assert get(served, "127.0.0.1", served.url(decoy.url), "HEAD")[0] == 405
    assert get(served, "127.0.0.1", served.url(decoy.url))[0] == 200
    assert get(served, "127.0.0.1", served.url(site.home) + "no/such/page.html")[0] == 404


def test_list_services_answer_posted_forms(served):
    site = served.site
    proxy = [key for key in site.routes[site.served_hosts[0]] if key.endswith("dataproxy.jsp")]
    assert proxy
    columns = [c for c in site.truth.columns if "/col/col" in c.url and c.items > 0]
    cid = columns[0].url.split("/col/col")[1].split("/")[0]
    url = served.url(site.home).rstrip("/") + proxy[0] + "?startrecord=1&endrecord=45&perpage=15"
    status, body, _ = get(served, "127.0.0.1", url, "POST", urlencode({"columnid": cid, "webid": "3"}).encode())
    assert status == 200 and body.decode("utf-8").count("<record>") == columns[0].items


def test_json_mailbox_pages_add_up_to_the_letters(served):
    site = served.site
    mailbox = next(c for c in site.truth.columns if c.how == "mailbox (json)")  # seed 1 has one
    key = urlsplit(served.url(mailbox.url)).path.split("/")[2]
    seen, page = 0, 1
    while True:
        status, body, _ = get(served, "127.0.0.1", served.url(site.home).rstrip("/") + f"/api/{key}/list?page={page}")
        data = json.loads(body)["data"]
        seen += len(data["list"])
        if data["pageNo"] >= data["pages"]:
            break
        page += 1
    assert seen == mailbox.items
