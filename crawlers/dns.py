"""The one place that turns host names into addresses.

With ``--nameserver`` every lookup of the product (the crawl, the IPv6 check, the
availability probes) goes to the given DNS servers through dnspython; without it the
system resolver answers. Nothing else in the product resolves names.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass

import dns.exception
import dns.resolver

from crawlers.urls import is_ip


class LookupFailed(Exception):
    """The name has no address of the asked family, or the DNS server did not answer."""

    def __init__(self, host: str, family: str, reason: str):
        super().__init__(f"{host}: {reason}")
        self.host, self.family, self.reason = host, family, reason


def parse_nameserver(value: str) -> tuple[str, int]:
    """``HOST[:PORT]`` or ``[v6]:PORT`` -> (address, port)."""
    value = value.strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest.lstrip(":") or "53"
    elif value.count(":") == 1:
        host, port = value.split(":")
    else:
        host, port = value, "53"
    if not is_ip(host):
        raise ValueError(f"域名服务器必须写成IP地址: {value!r}")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"域名服务器端口无效: {value!r}")
    return host, int(port)


@dataclass(frozen=True)
class NameResolver:
    """Looks up A and AAAA records, through chosen DNS servers or the system resolver."""

    nameservers: tuple[str, ...] = ()
    timeout: float = 5.0

    def addresses(self, host: str, family: str = "ipv4") -> list[str]:
        """Addresses of ``host`` for ``family`` ("ipv4" or "ipv6"); raises LookupFailed."""
        host = host.strip("[]")
        if is_ip(host):
            is_v6 = ":" in host
            if (family == "ipv6") == is_v6:
                return [host]
            raise LookupFailed(host, family, "literal address of the other family")
        if self.nameservers:
            return self._query(host, "AAAA" if family == "ipv6" else "A")
        return self._system(host, socket.AF_INET6 if family == "ipv6" else socket.AF_INET)

    def nameserver_addresses(self, host: str) -> dict[str, list[str]]:
        """The authoritative name servers of ``host``'s zone and their IPv6 addresses."""
        zone = host
        servers: list[str] = []
        while "." in zone:
            try:
                servers = [r.target.to_text().rstrip(".") for r in self._resolve(zone, "NS")]
                break
            except LookupFailed:
                zone = zone.split(".", 1)[1]
        result: dict[str, list[str]] = {}
        for ns in servers:
            try:
                result[ns] = self.addresses(ns, "ipv6")
            except LookupFailed:
                result[ns] = []
        return result

    def _query(self, host: str, rdtype: str) -> list[str]:
        return [r.address for r in self._resolve(host, rdtype)]

    def _resolve(self, name: str, rdtype: str):
        # Without chosen servers, dnspython reads the system's resolver configuration (used
        # only for record types the system resolver cannot give, such as NS).
        resolver = dns.resolver.Resolver(configure=not self.nameservers)
        if self.nameservers:
            resolver.nameservers = []
            resolver.nameserver_ports = {}
        for value in self.nameservers:
            address, port = parse_nameserver(value)
            resolver.nameservers.append(address)
            resolver.nameserver_ports[address] = port
        resolver.lifetime = self.timeout
        resolver.timeout = self.timeout
        family = "ipv6" if rdtype == "AAAA" else "ipv4"
        try:
            return resolver.resolve(name, rdtype)
        except dns.resolver.NXDOMAIN:
            raise LookupFailed(name, family, "NXDOMAIN") from None
        except dns.resolver.NoAnswer:
            raise LookupFailed(name, family, f"no {rdtype} record") from None
        except dns.exception.Timeout:
            raise LookupFailed(name, family, "DNS timeout") from None
        except dns.exception.DNSException as exc:
            raise LookupFailed(name, family, type(exc).__name__) from None

    def _system(self, host: str, af: int) -> list[str]:
        family = "ipv6" if af == socket.AF_INET6 else "ipv4"
        try:
            infos = socket.getaddrinfo(host, None, af, socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise LookupFailed(host, family, str(exc)) from None
        return list(dict.fromkeys(info[4][0] for info in infos))
