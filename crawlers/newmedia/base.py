"""What every new-media source adapter shares: the records it returns and the HTTP GET it uses.

An adapter reads one account's recent posts and says how the reading went (``state``); it never
judges freshness. ``fetch`` is injectable so that tests and other transports can stand in for
the default urllib client below.
"""
from __future__ import annotations

import functools
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Mapping, Protocol

from checks.observations import PostObs
from crawlers.bounds import ACCOUNT_BODY_MAXSIZE, size_text
from crawlers.dns import LookupFailed, NameResolver
from crawlers.netpolicy import REFUSED_REASON, NetworkPolicy
from crawlers.settings import USER_AGENT

TIMEOUT_SECONDS = 15.0  # SPEC §2: no complete answer within 15 s is a failure
MAX_BODY_BYTES = ACCOUNT_BODY_MAXSIZE

# How a reading went: "ok" (posts read), "failed" (network, HTTP or API error),
# "login_wall" (the platform asked for a login or a visitor check), "format" (not a feed).
SOURCE_STATES = ("ok", "failed", "login_wall", "format")


@dataclass
class SourceResult:
    posts: list[PostObs] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    state: str = "ok"

    @classmethod
    def failure(cls, state: str, error: str, profile: dict[str, Any] | None = None
                ) -> "SourceResult":
        """A reading that yields no posts at all: a failed source is never judged."""
        assert state in SOURCE_STATES and state != "ok", state
        return cls(posts=[], profile=dict(profile or {}), error=error, state=state)


@dataclass(frozen=True)
class FetchResponse:
    url: str  # the final URL, after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def text(self) -> str:
        """The body decoded with the declared charset, UTF-8 otherwise."""
        message = Message()
        message["Content-Type"] = self.headers.get("Content-Type") or "text/plain"
        charset = message.get_content_charset() or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class FetchError(Exception):
    """No HTTP answer at all (DNS, connection, TLS, timeout); the message says which."""


class Fetch(Protocol):
    def __call__(self, url: str, *, headers: Mapping[str, str] | None = None
                 ) -> FetchResponse: ...


class UrllibFetch:
    """The default HTTP GET: urllib, a 15 s timeout and the product's User-Agent.

    Host names are turned into addresses by ``crawlers.dns.NameResolver`` (the configured
    DNS servers when given, else the system resolver); the socket connects to that address
    while the Host header and TLS name stay the host name. Environment proxies are bypassed
    when DNS servers are configured, since a proxy would resolve names around them.

    Every connection, redirects included, is held to the network policy: ``policy`` when
    given, else the addresses the asked URL itself resolves to (a feed someone registered)
    and ``allowed_networks``. A refused address is never connected to.
    """

    def __init__(self, nameservers: tuple[str, ...] | list[str] = (), *,
                 timeout: float = TIMEOUT_SECONDS, user_agent: str = USER_AGENT,
                 ssl_context: ssl.SSLContext | None = None, policy: NetworkPolicy | None = None,
                 allowed_networks: tuple[str, ...] | list[str] = ()):
        self.timeout = timeout
        self.user_agent = user_agent
        self._resolver = NameResolver(tuple(nameservers), timeout=min(timeout, 5.0))
        self._ssl_context = ssl_context
        self._direct = bool(nameservers)
        self._policy = policy
        self._allowed = tuple(allowed_networks)

    def _opener(self) -> urllib.request.OpenerDirector:
        """An opener for one GET: its guard fixes the policy at the first connection."""
        guard = _Guard(self._resolver, self._policy, self._allowed)
        handlers: list[urllib.request.BaseHandler] = [
            _ResolvingHTTPHandler(guard), _ResolvingHTTPSHandler(guard, self._ssl_context)]
        if self._direct:
            handlers.append(urllib.request.ProxyHandler({}))
        return urllib.request.build_opener(*handlers)

    def __call__(self, url: str, *, headers: Mapping[str, str] | None = None
                 ) -> FetchResponse:
        wanted = {"User-Agent": self.user_agent, **dict(headers or {})}
        request = urllib.request.Request(url, headers={
            name: _wire(value) for name, value in wanted.items()})
        try:
            with self._opener().open(request, timeout=self.timeout) as answer:
                return FetchResponse(answer.geturl(), answer.status, dict(answer.headers),
                                     _whole_body(answer))
        except urllib.error.HTTPError as answer:
            # An HTTP error status is still an answer: the adapter reads and reports it.
            with answer:
                body = answer.read(MAX_BODY_BYTES) if answer.fp else b""
            return FetchResponse(answer.geturl() or url, answer.code, dict(answer.headers or {}),
                                 body)
        except urllib.error.URLError as exc:
            raise FetchError(_describe(exc.reason)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(_describe(exc)) from None


def _whole_body(answer) -> bytes:
    """The body, or FetchError when it runs past MAX_BODY_BYTES: a cut feed is not read."""
    body = answer.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise FetchError(f"响应超过{size_text(MAX_BODY_BYTES)}上限，未读完")
    return body


def _wire(value: str) -> str:
    """A header value as http.client sends it (latin-1): non-latin text goes as its UTF-8
    bytes, which is what Scrapy sends for the same User-Agent."""
    try:
        value.encode("latin-1")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8").decode("latin-1")


class NameNotResolved(OSError):
    """The host name has no address through the configured resolver."""


class AddressRefused(OSError):
    """Every address of the host is refused by the network policy: nothing was sent."""


@dataclass
class _Guard:
    """The resolver and network policy of one GET and the redirects it follows."""

    resolver: NameResolver
    policy: NetworkPolicy | None
    allowed_networks: tuple[str, ...] = ()


def _describe(reason: object) -> str:
    if isinstance(reason, NameNotResolved):
        return f"DNS: {reason}"
    if isinstance(reason, AddressRefused):
        return f"{REFUSED_REASON}: {reason}"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timeout: 15秒内无响应"
    return f"{type(reason).__name__}: {reason}"[:300]


def _connect_resolved(guard: _Guard, address: tuple[str, int], timeout: float,
                      source_address=None) -> socket.socket:
    """Connect to the first reachable address of the host the policy allows, IPv4 first."""
    host, port = address
    found: list[str] = []
    errors: list[str] = []
    for family in ("ipv4", "ipv6"):
        try:
            found += guard.resolver.addresses(host, family)
        except LookupFailed as exc:
            errors.append(exc.reason)
        except (ValueError, UnicodeError) as exc:  # a name the resolver cannot even ask
            errors.append(f"主机名无效({type(exc).__name__})")
    if not found:
        raise NameNotResolved(f"{host}: {'; '.join(errors) or 'no address'}")
    if guard.policy is None:  # the first connection is to the URL that was asked for
        guard.policy = NetworkPolicy.for_homepage(found, guard.allowed_networks)
    refused = [(ip, guard.policy.refusal(ip)) for ip in found]
    found = [ip for ip, why in refused if why is None]
    if not found:
        ip, why = refused[0]
        raise AddressRefused(f"{ip} 不允许访问（{why}），未连接: {host}")
    last: OSError | None = None
    for ip in found:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as exc:
            last = exc
    assert last is not None
    raise last


class _ResolvingHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, guard: _Guard, **kwargs: Any):
        super().__init__(host, **kwargs)
        # http.client opens its socket through this hook; the Host header keeps self.host.
        self._create_connection = functools.partial(_connect_resolved, guard)


class _ResolvingHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, guard: _Guard, **kwargs: Any):
        super().__init__(host, **kwargs)
        # The TLS handshake still names (and verifies) self.host: only the socket moves.
        self._create_connection = functools.partial(_connect_resolved, guard)


class _ResolvingHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard):
        super().__init__()
        self._guard = guard

    def http_open(self, req):
        return self.do_open(functools.partial(_ResolvingHTTPConnection, guard=self._guard), req)


class _ResolvingHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard, context: ssl.SSLContext | None = None):
        super().__init__(context=context)
        self._guard = guard

    def https_open(self, req):
        return self.do_open(functools.partial(_ResolvingHTTPSConnection, guard=self._guard),
                            req, context=self._context)


def fetch_or_fail(fetch: Fetch, url: str, *, headers: Mapping[str, str] | None = None
                  ) -> tuple[FetchResponse | None, str | None]:
    """(response, None) for a 2xx answer, else (response or None, why it failed)."""
    try:
        response = fetch(url, headers=headers)
    except FetchError as exc:
        return None, f"{url}: {exc}"
    if response.status >= 400:
        return response, f"{url}: HTTP {response.status}"
    return response, None
