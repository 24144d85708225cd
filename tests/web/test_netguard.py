"""Which addresses an audit from the web may reach, and the settings' allowed_networks."""
from __future__ import annotations

from pathlib import Path

import pytest

from govpatrol.config import ConfigError, load_config
from govpatrol.web.actions import WebSettings, crawl_policy
from govpatrol.web.netguard import Refused, check_target, is_allowed, networks
from govpatrol.demosite.generated.dns import LoopbackDNS


@pytest.mark.parametrize("address,allowed", [
    ("93.184.216.34", True), ("2001:4860:4860::8888", True),
    ("127.0.0.1", False), ("10.0.0.8", False), ("172.16.3.4", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False),
    ("fe80::1", False), ("fd00::5", False), ("::ffff:127.0.0.1", False), ("::ffff:10.1.1.1", False),
    ("224.0.0.1", False), ("::", False),
])
def test_only_public_addresses_without_allowed_networks(address: str, allowed: bool) -> None:
    assert is_allowed(address, []) is allowed


def test_allowed_networks_open_exactly_their_range() -> None:
    allowed = networks(["10.20.0.0/16", "::1/128"])
    assert is_allowed("10.20.5.5", allowed) and is_allowed("::1", allowed)
    assert not is_allowed("10.21.0.1", allowed) and not is_allowed("127.0.0.1", allowed)
    assert is_allowed("::ffff:10.20.0.9", allowed)  # the mapped form of an allowed address


def test_a_host_is_refused_if_any_of_its_addresses_is_private() -> None:
    with pytest.raises(Refused, match="127.0.0.1"):
        check_target("http://127.0.0.1:8080/", nameservers=[], allowed=[])
    assert check_target("http://127.0.0.1:8080/", nameservers=[],
                        allowed=networks(["127.0.0.0/8"])) == ["127.0.0.1"]
    with pytest.raises(Refused, match="没有主机名"):
        check_target("http:///x", nameservers=[], allowed=[])


def test_settings_file_allowed_networks(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text('allowed_networks: ["10.20.0.0/16", "fd00::/8"]\n', encoding="utf-8")
    assert load_config(good).allowed_networks == ["10.20.0.0/16", "fd00::/8"]
    single = tmp_path / "single.yaml"
    single.write_text("allowed_networks: 127.0.0.0/8\n", encoding="utf-8")
    assert load_config(single).allowed_networks == ["127.0.0.0/8"]
    bad = tmp_path / "bad.yaml"
    bad.write_text('allowed_networks: ["10.20.0.0/33"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="allowed_networks"):
        load_config(bad)


def test_every_resolved_address_is_checked_through_the_audit_resolver() -> None:
    dns = LoopbackDNS({"www.public.gov.cn": {"A": ["93.184.216.34"]},
                       "www.mixed.gov.cn": {"A": ["93.184.216.34"], "AAAA": ["fd00::1"]},
                       "www.inside.gov.cn": {"A": ["10.20.1.2"]}}).start()
    try:
        servers = [dns.address]
        assert check_target("http://www.public.gov.cn/", nameservers=servers,
                            allowed=[]) == ["93.184.216.34"]
        with pytest.raises(Refused, match="fd00::1"):
            check_target("http://www.mixed.gov.cn/", nameservers=servers, allowed=[])
        with pytest.raises(Refused, match="allowed_networks"):
            check_target("http://www.inside.gov.cn/", nameservers=servers, allowed=[])
        assert check_target("http://www.inside.gov.cn/", nameservers=servers,
                            allowed=networks(["10.20.0.0/16"])) == ["10.20.1.2"]
        with pytest.raises(Refused, match="无法解析"):
            check_target("http://www.nowhere.gov.cn/", nameservers=servers, allowed=[])
    finally:
        dns.stop()


def test_a_web_audit_hands_the_crawl_its_allowed_networks_and_no_trust(tmp_path: Path) -> None:
    policy = crawl_policy(WebSettings(work_dir=tmp_path, allowed_networks=["10.20.0.0/16"]))
    assert policy == {"allowed_networks": ["10.20.0.0/16"], "trust_homepage": False}
