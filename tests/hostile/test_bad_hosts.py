"""Links whose host names no server (empty labels, spaces, over-long names): each is a
failure of its own, and the probe that met it goes on with the rest."""
from __future__ import annotations

import json
import os

import pytest

from crawlers.dns import NameResolver
from crawlers.probes.http import fetch
from crawlers.probes.ipv6 import CachedLookups, probe_ipv6
from crawlers.urls import BadURL, homepage_url, normalize_given_url, normalize_url, try_normalize
from tests.support.measure import GOVPATROL, measure
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import DualStackSite

HOST = "www.yx.gov.cn"
BAD_LINKS = ["http://news..yx.gov.cn/", "http://a b.yx.gov.cn/x.html",
             "http://" + "a" * 64 + ".yx.gov.cn/", "http://" + "ab." * 90 + "yx.gov.cn/",
             "http://.yx.gov.cn/", "http://bad%20host.yx.gov.cn/"]


@pytest.fixture(scope="module")
def resolver():
    with LocalDNS({HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]}}) as dns:
        yield NameResolver((dns.address,), timeout=2.0)


@pytest.mark.parametrize("url", BAD_LINKS + ["http://a..b/", "http://云溪..gov.cn/"])
def test_given_urls_with_hosts_that_name_no_server_are_refused(url):
    with pytest.raises(BadURL, match="主机名"):
        normalize_given_url(url)
    with pytest.raises(BadURL, match="主机名"):
        homepage_url(url)


@pytest.mark.parametrize("url", ["http://[::1", "htp://[/]", "http://[x]/"])
def test_unparsable_urls_are_bad_urls_not_value_errors(url):
    with pytest.raises(BadURL):
        normalize_url(url)
    assert try_normalize(url) is None


def test_page_links_with_bad_hosts_stay_links():
    # Found in a page, such a link is still the broken link a reader would follow.
    assert try_normalize("http://news..yx.gov.cn/") == "http://news..yx.gov.cn/"


@pytest.mark.parametrize("url", ["http://www.gov.cn./", "http://云溪.gov.cn/a",
                                 "http://intra_net.yx.gov.cn/", "http://[::1]:8080/",
                                 "http://" + "a" * 63 + ".cn/", "HTTP://WWW.GOV.CN"])
def test_given_urls_with_ordinary_hosts_pass(url):
    assert normalize_given_url(url).startswith("http://")


def test_fetch_of_a_bad_host_fails_without_asking(resolver):
    result = fetch("http://news..yx.gov.cn/", family="ipv6", resolver=resolver, timeout=2)
    assert (result.ok, result.stage, result.address) == (False, "dns", None)
    assert "空的标签" in result.error


def test_ipv6_probe_records_each_bad_link_and_goes_on(resolver):
    pages = {"/": "<title>云溪</title>首页", "/a.html": "<title>甲</title>正文"}
    with DualStackSite(pages) as site:
        good = site.url(HOST, "/a.html")
        fact = probe_ipv6(site.url(HOST), [BAD_LINKS[0], good, BAD_LINKS[1]],
                          [BAD_LINKS[2], "mailto:x@yx.gov.cn"], resolver=resolver, timeout=2.0)
    second, third = fact["second_level"], fact["third_level"]
    assert fact["homepage_v6"]["ok"] and fact["homepage_v4"]["ok"]
    assert (second["total"], second["ok"]) == (3, 1)
    assert sorted(f["url"] for f in second["failures"]) == sorted(BAD_LINKS[:2])
    assert {f["stage"] for f in second["failures"]} == {"dns"}
    assert all("主机名" in f["error"] for f in second["failures"])
    assert second["failures"][0]["host"] in ("news..yx.gov.cn", "a b.yx.gov.cn")
    assert (third["total"], third["ok"]) == (1, 0)  # mailto: is no web link at all


def test_lookups_of_a_name_the_system_resolver_cannot_encode_fail_cleanly():
    # getaddrinfo refuses to encode an empty label (UnicodeError) before any query is sent.
    lookups = CachedLookups(NameResolver(()))
    addresses, why = lookups.lookup("news..yx.gov.cn", "ipv6")
    assert addresses == [] and "主机名无效" in why


def test_audit_of_a_homepage_with_a_malformed_link_goes_on(tmp_path):
    home = ('<html><head><title>云溪县人民政府</title></head><body>'
            '<a href="http://news..yx.gov.cn/">新闻中心</a><a href="/a.html">通知公告</a>'
            '</body></html>')
    env = {k: v for k, v in os.environ.items() if k != "GOVPATROL_CONFIG"}
    with LocalDNS({HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]}}) as dns, \
            DualStackSite({"/": home, "/a.html": "<title>通知公告</title>正文"}) as site:
        result = measure([GOVPATROL, "audit", site.url(HOST, "/"), "--as-of", "2026-11-20",
                          "--nameserver", dns.address, "--max-pages", "5",
                          "--database", f"sqlite:///{tmp_path / 'db.sqlite'}",
                          "--json", str(tmp_path / "report.json")], cwd=tmp_path, env=env)
    assert result.code == 0 and "Traceback" not in result.output, result.output[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    level = report["ipv6"]["second_level"]
    # Broken over IPv4 already, the malformed link is no IPv6 question; the good one was
    # still probed over IPv6. (probe_ipv6 on such a link is tested above.)
    assert (level["total"], level["ok"]) == (1, 1)
    broken = [f for f in report["findings"] if f["check"] == "broken_link"]
    assert [f["url"] for f in broken] == ["http://news..yx.gov.cn/"]
