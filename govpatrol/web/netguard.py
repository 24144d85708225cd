"""An audit started from the web reaches public addresses only, unless the settings'
``allowed_networks`` name the private network (SSRF guard at the API layer).

This checks the address typed: every address its host resolves to (A and AAAA, through the
audit's own resolver). Redirects and the links a crawl follows are the crawl's to check.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from crawlers.dns import LookupFailed, NameResolver

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Refused(ValueError):
    """The address may not be audited from the web; the message says why."""


def networks(cidrs: list[str]) -> list[Network]:
    return [ipaddress.ip_network(c, strict=False) for c in cidrs]


def is_allowed(address: str, allowed: list[Network]) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if any(ip.version == net.version and ip in net for net in allowed):
        return True
    return ip.is_global and not ip.is_multicast


def check_target(url: str, *, nameservers: list[str], allowed: list[Network]) -> list[str]:
    """Every address ``url``'s host resolves to, when all of them may be reached; else
    ``Refused``."""
    host = (urlsplit(url).hostname or "").strip("[]")
    if not host:
        raise Refused(f"网址没有主机名：{url}")
    resolver = NameResolver(tuple(nameservers))
    addresses: list[str] = []
    for family in ("ipv4", "ipv6"):
        try:
            addresses += resolver.addresses(host, family)
        except LookupFailed:
            continue
    if not addresses:
        raise Refused(f"无法解析主机 {host}")
    blocked = [a for a in addresses if not is_allowed(a, allowed)]
    if blocked:
        raise Refused(f"{host} 解析到内网或本机地址（{'、'.join(blocked)}），"
                      "不在设置文件 allowed_networks 允许的网段内，不能从网页发起检查")
    return addresses
