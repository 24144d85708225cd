"""The one URL normaliser, and the rule for what belongs to a site.

Reports, history and de-duplication key on URLs, so every URL the product stores passes
through ``normalize_url`` first.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit, urlunsplit, quote

DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class BadURL(ValueError):
    """A URL that cannot name a web page (no scheme or host, or a scheme we do not fetch)."""


def normalize_url(url: str, base: str | None = None, *, keep_fragment: bool = False) -> str:
    """Absolute URL with lower-case scheme and host, no default port and no fragment.

    The query is kept as it is. Non-ASCII characters in path and query are percent-encoded
    (the form a browser sends), so the same link written two ways compares equal.
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"不是网页地址: {url!r}")
    host = (parts.hostname or "").lower()
    if not host:
        raise BadURL(f"地址缺少主机名: {url!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"端口无效: {url!r}") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_QUERY)
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit((scheme, netloc, path, query, fragment))


def try_normalize(url: str, base: str | None = None) -> str | None:
    """``normalize_url`` for links found in pages: None for mailto:, javascript: and junk."""
    try:
        return normalize_url(url, base)
    except (BadURL, ValueError):
        return None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def site_domain(url: str) -> str:
    """The domain whose subdomains belong to the site: www.example.gov.cn -> example.gov.cn."""
    host = host_of(url)
    if is_ip(host):
        return host
    return host[4:] if host.startswith("www.") else host


def is_internal(url: str, homepage: str) -> bool:
    """True when ``url`` is on the site's host or one of its subdomains.

    A site addressed by IP literal (the local simulated sites) is one host and port: another
    port on the same address is another site.
    """
    target, home = urlsplit(url), urlsplit(homepage)
    host = (target.hostname or "").lower()
    if is_ip(host) or is_ip(home.hostname or ""):
        return host == (home.hostname or "").lower() and _port(target) == _port(home)
    domain = site_domain(homepage)
    return host == domain or host.endswith("." + domain)


def _port(parts) -> int | None:
    return parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
