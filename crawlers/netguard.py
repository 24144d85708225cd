"""The network policy in the crawl: a downloader middleware that checks every request's
address before anything is sent (page fetches, link checks, redirects the spider follows,
robots.txt, browser navigations).

An IP-literal host is checked as written; a name is resolved once per crawl
(``crawlers.resolver.crawl_lookup``, the answer the connection will use) and refused when
the policy allows none of its addresses. A refused request fails with ``RefusedRequest``,
which the spider records as ``refused_address``: not fetched, not judged a broken link.
"""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import threads

from crawlers.dns import NameResolver
from crawlers.netpolicy import NetworkPolicy, RefusedAddress, parse_address
from crawlers.resolver import crawl_lookup


class RefusedRequest(IgnoreRequest):
    """The request's address is refused by the network policy; nothing was sent."""

    def __init__(self, refused: RefusedAddress):
        super().__init__(str(refused))
        self.address, self.why = refused.address, refused.why


class AddressPolicyMiddleware:
    def __init__(self, policy: NetworkPolicy, lookup: NameResolver):
        self.policy, self.lookup = policy, lookup

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        policy = NetworkPolicy.from_config(settings.getlist("GOVPATROL_ALLOWED_NETWORKS"))
        lookup = NameResolver(tuple(settings.getlist("GOVPATROL_NAMESERVERS")),
                              settings.getfloat("DNS_TIMEOUT", 15))
        return cls(policy, lookup)

    async def process_request(self, request, spider=None):
        host = urlparse_cached(request).hostname
        if not host:
            return None
        if parse_address(host) is not None:
            addresses = [host]
        else:
            found = await maybe_deferred_to_future(
                threads.deferToThread(crawl_lookup, host, self.lookup))
            addresses = [address for _, address in found]
        if not addresses or any(self.policy.allows(a) for a in addresses):
            return None  # allowed, or a lookup failure the download itself will report
        try:
            self.policy.check(request.url, addresses[0])
        except RefusedAddress as refused:
            raise RefusedRequest(refused) from None
        return None
