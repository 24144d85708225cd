"""Compression bombs and endless bodies against the probes: every answer is cut at the
bounds of ``crawlers.bounds``, within its time and memory, and reported as not checked.

Each probe runs in a child process, so its peak memory (ru_maxrss) is its own; the hostile
servers run in the test process and stream their bodies (a 4 GB gzip bomb is ~4 MB sent).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, datetime, timezone

import pytest

from checks.availability import site_unreachable
from checks.base import NotChecked
from checks.ipv6 import ipv6_unsupported
from checks.observations import Observations, ProbeObs
from checks.rulebook import load_rulebook
from crawlers import bounds, settings
from tests.support.dns_server import LocalDNS
from tests.support.hostile_servers import (GIB, HostileSite, brotli_bomb, deflate_bomb, endless_body,
                                   gzip_bomb, huge_length)

MEMORY_LIMIT_MB = 300
HOST = "www.bomb.gov.cn"
ROUTES = {
    "/gzip": gzip_bomb(4 * GIB),
    "/gzip-chunked": gzip_bomb(4 * GIB, framing="chunked"),
    "/deflate": deflate_bomb(2 * GIB),
    "/br": brotli_bomb(1 * GIB),
    "/endless": endless_body(),
    "/endless-chunked": endless_body(framing="chunked"),
    "/huge-length": huge_length(),
}
# Runs one probe and prints what it saw with the process's peak memory.
CHILD = """
import json, resource, sys, time
from crawlers.dns import NameResolver
from crawlers.probes.http import fetch
from crawlers.probes.ipv6 import probe_ipv6
args = json.loads(sys.argv[1])
resolver = NameResolver(tuple(args["nameservers"]), timeout=2.0)
started = time.monotonic()
if args["kind"] == "fetch":
    out = fetch(args["url"], family="any", resolver=resolver, timeout=args["timeout"],
                read_text=args["read_text"]).summary()
else:
    out = probe_ipv6(args["url"], args["links"], [], resolver=resolver, timeout=args["timeout"])
print(json.dumps({"result": out, "seconds": time.monotonic() - started,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.fixture(scope="module")
def site():
    with HostileSite(ROUTES) as running:
        yield running


@pytest.fixture(scope="module")
def dns(site):
    with LocalDNS({HOST: {"A": ["127.0.0.1"], "AAAA": ["::1"]}}) as server:
        yield server


def run_child(kind: str, url: str, *, nameservers=(), links=(), read_text=True,
              timeout: float = 20.0) -> dict:
    args = {"kind": kind, "url": url, "nameservers": list(nameservers), "links": list(links),
            "read_text": read_text, "timeout": timeout}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    out["wall"] = time.monotonic() - started
    return out


@pytest.mark.parametrize("path", sorted(ROUTES))
@pytest.mark.parametrize("read_text", [True, False], ids=["text", "status"])
def test_probe_cuts_hostile_body_within_bounds(site, path, read_text):
    out = run_child("fetch", site.url(path), read_text=read_text)
    result = out["result"]
    assert result["stage"] == bounds.CUT_STAGE, result
    assert result["ok"] is False and result["status"] == 200
    assert "上限" in result["error"]
    assert out["max_rss_mb"] < MEMORY_LIMIT_MB, out
    # Cut by size, not by the 20 s deadline.
    assert out["seconds"] < 15, out


def test_server_streamed_more_than_the_client_read(site):
    # The gzip bomb really is one: what it would inflate to is far past the bound.
    run_child("fetch", site.url("/gzip"))
    assert site.v4.sent["/gzip"] < bounds.DOWNLOAD_MAXSIZE
    assert 4 * GIB > 100 * bounds.INFLATED_MAXSIZE


def test_ipv6_probe_of_a_bomb_homepage_is_not_checked(site, dns):
    links = [site.url(path, HOST) for path in ("/gzip", "/br", "/endless")]
    out = run_child("ipv6", site.url("/deflate", HOST), nameservers=[dns.address],
                    links=links)
    fact = out["result"]
    assert out["max_rss_mb"] < MEMORY_LIMIT_MB, out
    assert out["seconds"] < 30, out
    assert fact["homepage_v6"]["stage"] == bounds.CUT_STAGE
    assert fact["homepage_v4"]["stage"] == bounds.CUT_STAGE
    level = fact["second_level"]
    assert (level["total"], level["ok"], level["ratio"], level["failures"]) == (0, 0, None, [])
    assert sorted(item["url"] for item in level["unchecked"]) == sorted(links)
    obs = Observations(homepage=site.url("/deflate", HOST), facts={("ipv6", "summary"): fact})
    with pytest.raises(NotChecked, match="上限"):
        list(ipv6_unsupported(obs, load_rulebook(), date(2026, 11, 20)))


def test_ipv6_cut_homepage_does_not_hide_a_real_failure():
    fact = {"host": HOST, "aaaa": [], "aaaa_error": "NXDOMAIN", "a": ["127.0.0.1"],
            "homepage_v6": {"ok": False, "stage": "dns"},
            "homepage_v4": {"ok": False, "stage": bounds.CUT_STAGE},
            "same_content": {}, "second_level": {}, "third_level": {}}
    obs = Observations(homepage=f"http://{HOST}/", facts={("ipv6", "summary"): fact})
    findings = list(ipv6_unsupported(obs, load_rulebook(), date(2026, 11, 20)))
    assert [f.evidence["failed"] for f in findings] == [["no_aaaa"]]


def _probe(at: datetime, ok: bool, stage: str | None) -> ProbeObs:
    return ProbeObs(at=at, ok=ok, stage=stage)


def test_availability_of_cut_answers_is_not_checked():
    at = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
    obs = Observations(homepage=f"http://{HOST}/",
                       probes=[_probe(at, False, bounds.CUT_STAGE) for _ in range(3)])
    with pytest.raises(NotChecked, match="上限"):
        list(site_unreachable(obs, load_rulebook(), date(2026, 11, 20)))


def test_availability_counts_cut_answers_neither_way():
    at = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
    probes = [_probe(at, False, bounds.CUT_STAGE), _probe(at, False, bounds.CUT_STAGE),
              _probe(at, False, "tcp")]
    obs = Observations(homepage=f"http://{HOST}/", probes=probes)
    (finding,) = site_unreachable(obs, load_rulebook(), date(2026, 11, 20))
    assert (finding.evidence["probes"], finding.evidence["failed"]) == (1, 1)


def test_crawl_reads_its_size_bound_from_the_same_place():
    assert settings.DOWNLOAD_MAXSIZE == bounds.DOWNLOAD_MAXSIZE


def test_new_media_fetch_refuses_a_body_past_its_bound(site):
    from crawlers.newmedia.base import FetchError, UrllibFetch
    with pytest.raises(FetchError, match="上限"):
        UrllibFetch(timeout=20)(site.url("/endless"))
    # A compressed body is taken as sent (urllib does not inflate): a bomb is only its size.
    answer = UrllibFetch(timeout=20)(site.url("/br"))
    assert answer.status == 200 and len(answer.body) < bounds.ACCOUNT_BODY_MAXSIZE
