"""Network probes outside the crawl: one homepage fetch over a chosen address family.

Every probe resolves names through ``crawlers.dns.NameResolver`` and connects to the address
it got, so the DNS servers the inspector chose answer for the IPv6 check and the
availability probes exactly as they do for the crawl.
"""
