"""The one network policy: which addresses any request of the product may connect to.

A site nobody vetted can link or redirect anywhere, including to the inspection machine's own
network: the cloud metadata service (169.254.169.254), the machine itself, the office's
intranet. Every request (crawl, link checks, probes, browser, new media, screenshots) is
checked here against the address it is about to connect to, after name resolution and again
on every redirect:

- link-local (169.254.0.0/16, fe80::/10, the metadata addresses among them), multicast,
  unspecified, "this network" (0.0.0.0/8) and reserved ranges are always refused;
- loopback, private and the other non-public ranges are refused unless the audited
  homepage itself resolves into one of them (an intranet inspection someone started on
  purpose; a loopback homepage opens 127.0.0.0/8 and ::1) or the settings'
  ``allowed_networks`` list them;
- public addresses are allowed.

A refused target is never fetched; it is recorded with the reason ``refused_address``.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

REFUSED_REASON = "refused_address"
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, link-scoped in practice
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# The non-public blocks a homepage may sit in: a homepage inside one opens that block.
_LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
_PRIVATE_BLOCKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7",
    "198.18.0.0/15", "192.0.0.0/24", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
    "2001:db8::/32"))


class RefusedAddress(Exception):
    """A request was stopped before connecting: ``address`` is refused by the policy."""

    def __init__(self, url: str, address: str, why: str):
        super().__init__(f"{address} 不允许访问（{why}）: {url}"[:300])
        self.url, self.address, self.why = url, address, why


def parse_address(value: str) -> Address | None:
    """The address of a literal (``[v6]``, zone ids and IPv4-mapped IPv6 unwrapped)."""
    text = value.strip().strip("[]").split("%", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped  # ::ffff:169.254.169.254 is 169.254.169.254
        if address in _NAT64:  # DNS64 answers carry the IPv4 address they reach
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def always_refused(address: Address) -> str | None:
    """Why an address is refused whatever the settings say, or None."""
    if address.is_loopback:
        return None  # ::1 lies inside IPv6's reserved ::/8, yet is the machine itself
    if address.is_link_local or (address.version == 6 and address in _SITE_LOCAL):
        return "链路本地地址"
    if address.is_multicast:
        return "组播地址"
    if address.is_unspecified or (address.version == 4 and address in _THIS_NETWORK):
        return "未指定地址"
    if address.is_reserved:
        return "保留地址"
    return None


def home_networks(address: Address) -> tuple[Network, ...]:
    """The non-public networks a homepage at ``address`` opens (none for a public one)."""
    if address.is_loopback:
        return _LOOPBACK
    for block in _PRIVATE_BLOCKS:
        if address.version == block.version and address in block:
            return (block,)
    if not address.is_global and always_refused(address) is None:
        return (ipaddress.ip_network(address),)
    return ()


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``allowed_networks`` entries (CIDR or single addresses); raises ValueError."""
    return tuple(ipaddress.ip_network(str(v).strip(), strict=False) for v in values)


@dataclass(frozen=True)
class NetworkPolicy:
    """Which non-public networks may be reached beyond the public internet."""

    allowed: tuple[Network, ...] = ()

    @classmethod
    def for_homepage(cls, homepage_addresses: Iterable[str], allowed_networks: Iterable[str] = (),
                     *, trust_homepage: bool = True) -> "NetworkPolicy":
        """The policy of an audit: the settings' networks, plus the homepage's own block
        when ``trust_homepage`` (an inspection started on purpose from the command line or
        the registry; never one started from the web)."""
        networks = list(parse_networks(allowed_networks))
        if trust_homepage:
            for value in homepage_addresses:
                address = parse_address(value)
                if address is not None:
                    networks.extend(n for n in home_networks(address) if n not in networks)
        return cls(tuple(networks))

    @classmethod
    def from_config(cls, values: Iterable[str] | None) -> "NetworkPolicy":
        return cls(parse_networks(values or ()))

    def as_config(self) -> list[str]:
        return [str(n) for n in self.allowed]

    def refusal(self, address: str) -> str | None:
        """Why a connection to ``address`` is refused, or None when it is allowed."""
        parsed = parse_address(address)
        if parsed is None:
            return "不是IP地址"
        why = always_refused(parsed)
        if why is not None:
            return why
        if parsed.is_global:
            return None
        if any(parsed.version == n.version and parsed in n for n in self.allowed):
            return None
        return "本机地址" if parsed.is_loopback else "内网或非公网地址"

    def allows(self, address: str) -> bool:
        return self.refusal(address) is None

    def check(self, url: str, address: str) -> None:
        """Raise RefusedAddress when ``address`` (which ``url`` resolved to) is refused."""
        why = self.refusal(address)
        if why is not None:
            raise RefusedAddress(url, address, why)
