"""`govpatrol audit http://www.<name>.gov.cn:PORT/ --nameserver 127.0.0.1:PORT` crawls a site
that only the given DNS server knows, and judges its IPv6 support from real connections."""
from __future__ import annotations

import json
import socket

import pytest

from govpatrol.demosite import AS_OF, DemoSites
from tests.support.cli import run_cli
from tests.support.dns_server import LocalDNS


def _free_port_on_both_families() -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET6) as six:
            six.bind(("::1", 0))
            port = six.getsockname()[1]
            with socket.socket(socket.AF_INET) as four:
                try:
                    four.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no port free on both 127.0.0.1 and ::1")


@pytest.fixture(scope="module")
def dual_stack_county():
    """The county site served on the same port over IPv4 and IPv6."""
    port = _free_port_on_both_families()
    with DemoSites("127.0.0.1", {"stale": port}) as v4, DemoSites("::1", {"stale": port}):
        yield port, v4


def audit(url: str, dns: LocalDNS, tmp_path) -> dict:
    done = run_cli("audit", url, "--as-of", AS_OF.isoformat(), "--json", "-",
                   "--nameserver", dns.address, "--database", f"sqlite:///{tmp_path}/a.db",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_dual_stack_site_known_only_to_the_chosen_dns_passes_ipv6(dual_stack_county, tmp_path):
    port, _ = dual_stack_county
    zone = {"www.songling.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]}}
    with LocalDNS(zone) as dns:
        report = audit(f"http://www.songling.gov.cn:{port}/", dns, tmp_path)
        asked = {name for name, _ in dns.queries}
    assert report["stats"]["pages"] > 5  # the crawl reached the site by its name
    assert "www.songling.gov.cn" in asked
    assert report["ipv6"]["aaaa"] == ["::1"]
    assert report["ipv6"]["homepage_v6"]["ok"] is True
    assert report["ipv6"]["second_level"]["ratio"] >= 0.9
    assert not [f for f in report["findings"] if f["check"] == "ipv6_unsupported"]
    # The planted problems of the county site are found through the name as well.
    checks = {f["check"] for f in report["findings"]}
    assert {"homepage_stale", "identity_missing"} <= checks


def test_host_without_aaaa_is_reported_with_evidence(dual_stack_county, tmp_path):
    port, _ = dual_stack_county
    zone = {"www.songling.gov.cn": {"A": ["127.0.0.1"]}}
    with LocalDNS(zone) as dns:
        report = audit(f"http://www.songling.gov.cn:{port}/", dns, tmp_path)
    [finding] = [f for f in report["findings"] if f["check"] == "ipv6_unsupported"]
    assert finding["url"] == f"http://www.songling.gov.cn:{port}/"
    assert finding["severity"] == "deduct"
    assert "AAAA" in finding["message"] or "AAAA" in json.dumps(finding["evidence"])


def test_a_name_unknown_to_the_chosen_dns_is_an_unchecked_site_not_a_crash(tmp_path):
    with LocalDNS({}) as dns:
        report = audit("http://www.nowhere.gov.cn/", dns, tmp_path)
    assert report["homepage_error"].startswith("dns")
    # A site that could not be read is neither passed nor failed (SPEC §2: 未能检查).
    assert report["verdict"]["result"] == "unchecked"
    assert report["verdict"]["reasons"] == ["homepage_unreadable"]
    assert "首页未能读取" in report["verdict"]["details"][0]
    assert report["checks"]["homepage_stale"]["status"] == "not_checked"


def test_settings_file_names_the_dns_server(dual_stack_county, tmp_path):
    port, _ = dual_stack_county
    zone = {"www.songling.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]}}
    with LocalDNS(zone) as dns:
        (tmp_path / "govpatrol.yaml").write_text(
            f"nameservers: ['{dns.address}']\ndatabase: sqlite:///{tmp_path}/from-settings.db\n",
            encoding="utf-8")
        done = run_cli("audit", f"http://www.songling.gov.cn:{port}/", "--as-of",
                       AS_OF.isoformat(), "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["stats"]["pages"] > 5
    assert (tmp_path / "from-settings.db").exists()


def test_page_budget_is_reported_as_unchecked_not_as_problems(dual_stack_county, tmp_path):
    _, v4 = dual_stack_county
    done = run_cli("audit", v4.stale, "--as-of", AS_OF.isoformat(), "--json", "-",
                   "--max-pages", "3", "--database", f"sqlite:///{tmp_path}/b.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["stats"]["pages"] <= 3
    assert report["unchecked"]["budget"] > 0 and report["stats"]["unchecked"] > 0
    assert "未检查页面" in done.stderr
    # Pages the budget left unread never turn into broken links or blank columns.
    assert not {f["check"] for f in report["findings"]} & {"broken_link", "blank_column"}
