"""Every probe resolves names through the chosen DNS server, never around it.

The tripwire replaces ``socket.getaddrinfo`` with one that records and refuses any host
NAME (IP literals pass through): it is how the system resolver is reached, so a probe that
resolved a name any other way than ``NameResolver`` with name servers would trip it. The
local DNS server is the only one that knows the ``yunxi.gov.cn`` names used here.
"""
from __future__ import annotations

import socket

import pytest

from crawlers.dns import LookupFailed, NameResolver
from crawlers.probes.availability import probe_homepage
from crawlers.probes.http import fetch
from crawlers.probes.ipv6 import probe_ipv6
from crawlers.urls import is_ip
from govpatrol.netcheck import probe_sites
from storage.db import Database
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import DualStackSite

HOST = "www.yunxi.gov.cn"
ZONE = {HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "yunxi.gov.cn": {"NS": ["ns1.yunxi.gov.cn"]},
        "ns1.yunxi.gov.cn": {"AAAA": ["::1"]}}
PAGES = {"/": "<title>云溪区人民政府</title>首页", "/a.html": "<title>栏目</title>列表"}


@pytest.fixture
def tripwire(monkeypatch) -> list[str]:
    """Names that reached getaddrinfo (each refused as if the system resolver failed)."""
    tripped: list[str] = []
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not is_ip(str(name)):
            tripped.append(str(name))
            raise socket.gaierror(socket.EAI_NONAME, f"tripwire: {name} resolved around the resolver")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return tripped


@pytest.fixture(scope="module")
def local():
    with LocalDNS(ZONE) as dns, DualStackSite(PAGES) as site:
        yield dns, site


def test_the_tripwire_catches_the_system_resolver(tripwire):
    with pytest.raises(LookupFailed):
        NameResolver().addresses(HOST, "ipv4")
    assert tripwire == [HOST]


def test_without_name_servers_the_local_name_does_not_resolve(local, tripwire):
    _dns, site = local
    result = fetch(site.url(HOST), resolver=NameResolver(), timeout=1.0)
    assert (result.ok, result.stage) == (False, "dns")
    assert tripwire == [HOST]


def test_fetch_resolves_through_the_name_server(local, tripwire):
    dns, site = local
    before = len(dns.queries)
    result = fetch(site.url(HOST), family="ipv6", resolver=NameResolver((dns.address,)),
                   timeout=1.0)
    assert result.ok and result.address == "::1"
    assert (HOST, "AAAA") in dns.queries[before:]
    assert tripwire == []


def test_availability_probe_resolves_through_the_name_server(local, tripwire):
    dns, site = local
    result = probe_homepage(site.url(HOST), resolver=NameResolver((dns.address,)), timeout=1.0)
    assert result.ok and result.address == "127.0.0.1"
    assert tripwire == []


def test_ipv6_probe_resolves_through_the_name_server(local, tripwire):
    dns, site = local
    fact = probe_ipv6(site.url(HOST), [site.url(HOST, "/a.html")], [],
                      resolver=NameResolver((dns.address,)), timeout=1.0)
    assert fact["homepage_v6"]["ok"] and fact["second_level"]["ok"] == 1
    assert fact["nameservers"] == {"ns1.yunxi.gov.cn": ["::1"]}
    assert tripwire == []


def test_scheduled_probes_resolve_through_the_name_server(local, tripwire, tmp_path):
    dns, site = local
    db = Database(f"sqlite:///{tmp_path / 'probes.db'}")
    [row] = probe_sites(db, [site.url(HOST)], nameservers=[dns.address], timeout=1.0)
    db.dispose()
    assert row.ok
    assert tripwire == []
