"""Scrapy name resolver that asks the configured DNS servers (``GOVPATROL_NAMESERVERS``).

Installed on the reactor as an IHostnameResolver so that IPv6-only hosts resolve too. The
lookup runs in a thread because dnspython blocks.
"""
from __future__ import annotations

from twisted.internet import threads
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from zope.interface import implementer

from crawlers.dns import LookupFailed, NameResolver


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str):
        self.name = name

    def cancel(self) -> None:  # lookups are short; nothing to cancel
        pass


@implementer(IHostnameResolver)
class NameserverResolver:
    def __init__(self, reactor, nameservers: tuple[str, ...], timeout: float):
        self.reactor = reactor
        self.lookup = NameResolver(nameservers, timeout)
        self._cache: dict[str, list] = {}

    @classmethod
    def from_crawler(cls, crawler, reactor):
        servers = tuple(crawler.settings.getlist("GOVPATROL_NAMESERVERS"))
        return cls(reactor, servers, crawler.settings.getfloat("DNS_TIMEOUT", 15))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None,
                        transportSemantics="TCP"):
        resolution = _Resolution(hostName)
        receiver.resolutionBegan(resolution)
        if hostName in self._cache:
            self._deliver(receiver, self._cache[hostName], portNumber)
            return resolution
        d = threads.deferToThread(self._lookup, hostName)

        def done(found):
            self._cache[hostName] = found
            self._deliver(receiver, found, portNumber)

        d.addCallbacks(done, lambda _failure: receiver.resolutionComplete())
        return resolution

    def _lookup(self, host: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for family in ("ipv4", "ipv6"):
            try:
                found += [(family, a) for a in self.lookup.addresses(host, family)]
            except LookupFailed:
                continue
        return found

    @staticmethod
    def _deliver(receiver, found, port: int) -> None:
        for family, address in found:
            cls = IPv6Address if family == "ipv6" else IPv4Address
            receiver.addressResolved(cls("TCP", address, port))
        receiver.resolutionComplete()
