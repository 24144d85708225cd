"""Homepage availability probes (19号 V2 站点无法访问): is the homepage there for a citizen?

A probe fails on a DNS, TCP or TLS error, an HTTP status of 400 or more, or no complete
response within the timeout (SPEC §2). It reaches the site as a browser does: IPv4 first,
IPv6 when IPv4 does not connect, redirects followed.
"""
from __future__ import annotations

from crawlers.netpolicy import NetworkPolicy
from crawlers.probes.http import ProbeResult, Resolver, fetch


def probe_homepage(url: str, *, resolver: Resolver, timeout: float = 15.0,
                   policy: NetworkPolicy | None = None) -> ProbeResult:
    """One availability probe of ``url`` over any address family (``policy``: see fetch)."""
    return fetch(url, family="any", resolver=resolver, timeout=timeout, read_text=False,
                 policy=policy)
