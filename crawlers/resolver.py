"""Scrapy name resolver of every crawl: the configured DNS servers (``GOVPATROL_NAMESERVERS``)
or the system resolver, and the network policy (``GOVPATROL_ALLOWED_NETWORKS``).

Installed on the reactor as an IHostnameResolver so that IPv6-only hosts resolve too. The
lookup runs in a thread because dnspython blocks. Each host is looked up once per crawl
(``crawl_lookup``): the address policy middleware checks the very addresses the connection
will use, so a name that answers differently the second time cannot slip past it, and
addresses the policy refuses are never handed to the connection.
"""
from __future__ import annotations

import threading

from twisted.internet import threads
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from zope.interface import implementer

from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import NetworkPolicy

_ANSWERS: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
_ANSWERS_LOCK = threading.Lock()


def crawl_lookup(host: str, lookup: NameResolver) -> list[tuple[str, str]]:
    """[(family, address)] of ``host``, IPv4 first, asked once per crawl process (blocking)."""
    key = (host.lower(), lookup.nameservers)
    with _ANSWERS_LOCK:
        if key in _ANSWERS:
            return list(_ANSWERS[key])
    found: list[tuple[str, str]] = []
    for family in ("ipv4", "ipv6"):
        try:
            found += [(family, a) for a in lookup.addresses(host, family)]
        except (LookupFailed, ValueError, UnicodeError):  # no address, or no askable name
            continue
    if not found:
        return []  # not kept: the confirmation try of a failed lookup asks again
    with _ANSWERS_LOCK:
        return list(_ANSWERS.setdefault(key, found))


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str):
        self.name = name

    def cancel(self) -> None:  # lookups are short; nothing to cancel
        pass


@implementer(IHostnameResolver)
class NameserverResolver:
    def __init__(self, reactor, nameservers: tuple[str, ...], timeout: float,
                 policy: NetworkPolicy | None = None):
        self.reactor = reactor
        self.lookup = NameResolver(nameservers, timeout)
        self.policy = policy or NetworkPolicy()

    @classmethod
    def from_crawler(cls, crawler, reactor):
        servers = tuple(crawler.settings.getlist("GOVPATROL_NAMESERVERS"))
        policy = NetworkPolicy.from_config(crawler.settings.getlist("GOVPATROL_ALLOWED_NETWORKS"))
        return cls(reactor, servers, crawler.settings.getfloat("DNS_TIMEOUT", 15), policy)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None,
                        transportSemantics="TCP"):
        resolution = _Resolution(hostName)
        receiver.resolutionBegan(resolution)
        d = threads.deferToThread(crawl_lookup, hostName, self.lookup)
        d.addCallbacks(lambda found: self._deliver(receiver, found, portNumber),
                       lambda _failure: receiver.resolutionComplete())
        return resolution

    def _deliver(self, receiver, found, port: int) -> None:
        for family, address in found:
            if not self.policy.allows(address):
                continue  # never connected to; the middleware has already said why
            cls = IPv6Address if family == "ipv6" else IPv4Address
            receiver.addressResolved(cls("TCP", address, port))
        receiver.resolutionComplete()
