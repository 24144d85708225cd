"""The one URL normaliser, and the rule for what belongs to a site.

Reports, history and de-duplication key on URLs, so every URL the product stores passes
through ``normalize_url`` first.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
# RFC 1035 limits, counted on the name as it goes on the wire (IDNA form, no final dot).
MAX_HOST_LENGTH = 253
MAX_LABEL_LENGTH = 63
# Letters, digits and inner hyphens, and the underscore some intranet names carry.
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$")


class BadURL(ValueError):
    """A URL that cannot name a web page (no scheme or host, or a scheme we do not fetch)."""


@functools.lru_cache(maxsize=16384)  # a page's links and its list rows name the same hrefs
def normalize_url(url: str, base: str | None = None, *, keep_fragment: bool = False) -> str:
    """Absolute URL with lower-case scheme and host, no default port and no fragment.

    The query is kept as it is. Non-ASCII characters in path and query are percent-encoded
    (the form a browser sends), so the same link written two ways compares equal.
    """
    url = (url or "").strip()
    if base and not keep_fragment:
        simple = _join_simple(url, base)
        if simple is not None:
            return simple
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed "[" of an IPv6 literal, and the like
        raise BadURL(f"地址无效({exc}): {_show(url)}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"不是网页地址: {_show(url)}")
    host = (parts.hostname or "").lower()
    if not host:
        raise BadURL(f"地址缺少主机名: {_show(url)}")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"端口无效: {_show(url)}") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_QUERY)
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit((scheme, netloc, path, query, fragment))


# The common case, a plain path against a plain page address, worked out without urllib's
# general parsing (a crawl resolves tens of thousands of such links). Only characters that
# ``quote`` keeps as they are; no scheme, host, query, fragment, parameters or escapes in the
# link, none in the base but its scheme, lower-case host and port.
_SIMPLE_LINK = re.compile(r"[A-Za-z0-9._~/-]+")
_SIMPLE_BASE = re.compile(r"(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9._~/-]*)?")


def _join_simple(url: str, base: str) -> str | None:
    """``normalize_url(url, base)`` when both are that simple, else None. The path is
    resolved exactly as ``urljoin`` resolves it (its dot-segment rules included)."""
    if not _SIMPLE_LINK.fullmatch(url) or url.startswith("//"):
        return None
    match = _SIMPLE_BASE.fullmatch(base)
    if match is None:
        return None
    scheme, host, port, base_path = match.groups()
    if port is not None:
        number = int(port)
        if number > 65535:
            return None
        if number != DEFAULT_PORTS[scheme]:
            host = f"{host}:{number}"
    if url[0] == "/":
        segments = url.split("/")
    else:
        base_parts = (base_path or "").split("/")
        if base_parts[-1] != "":
            del base_parts[-1]
        segments = base_parts + url.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    path = "/".join(resolved) or "/"
    if path[0] != "/":
        path = "/" + path
    return f"{scheme}://{host}{path}"


def normalize_given_url(url: str, base: str | None = None) -> str:
    """``normalize_url`` for an address a person gives (command line, registry, settings):
    its host must also pass ``check_host``. Links found in pages are kept as written, so that
    a malformed one is still seen, and fails, as the link it is."""
    normal = normalize_url(url, base)
    check_host(host_of(normal))
    return normal


def homepage_url(value: str) -> str:
    """A homepage as offices and inspectors write it (often the bare host name), normalised;
    a host that names no server is refused (BadURL). Where a homepage enters (command line,
    registry) it goes through here once; everything inside trusts it."""
    value = value.strip()
    return normalize_given_url(value if "://" in value else "http://" + value)


def check_host(host: str) -> None:
    """Raise BadURL unless ``host`` (lower case, without brackets) could name a server: an
    IP literal, or labels of letters, digits, inner hyphens (and underscores), none empty, none
    over 63 characters, at most 253 in all; a non-ASCII name must have an IDNA form."""
    if is_ip(host):
        return
    name = host[:-1] if host.endswith(".") else host  # the root's dot of a full name
    try:
        wire = name if name.isascii() else name.encode("idna").decode("ascii")
    except UnicodeError:
        raise BadURL(f"主机名无效(无法转换为国际化域名): {_show(host)}") from None
    if len(wire) > MAX_HOST_LENGTH:
        raise BadURL(f"主机名超过{MAX_HOST_LENGTH}个字符: {_show(host)}")
    for label in wire.split("."):
        if not label:
            raise BadURL(f"主机名含空的标签(连续的点): {_show(host)}")
        if len(label) > MAX_LABEL_LENGTH:
            raise BadURL(f"主机名的一段超过{MAX_LABEL_LENGTH}个字符: {_show(host)}")
        if not _LABEL.match(label):
            raise BadURL(f"主机名含无效字符: {_show(host)}")


def _show(text: str, limit: int = 120) -> str:
    """``text`` quoted for a message, shortened: a hostile URL may be thousands long."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def try_normalize(url: str, base: str | None = None) -> str | None:
    """``normalize_url`` for links found in pages: None for mailto:, javascript: and junk."""
    try:
        return normalize_url(url, base)
    except (BadURL, ValueError):
        return None


_PAGE_NUMBER_KEYS = {"page", "pageno", "pagenum", "page_no", "pageindex", "curpage",
                     "currentpage", "p", "pn"}


def first_page_address(url: str) -> str:
    """The address without a query that only asks for page 1 (``index.html?page=1`` is
    ``index.html``): a pager's link back to the first page names the same list."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not (k.lower() in _PAGE_NUMBER_KEYS and v == "1")]
    if len(kept) == len(query):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


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
