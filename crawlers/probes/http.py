"""One HTTP/1.1 GET to an address the resolver gave, judged the way an inspector judges a visit.

The probe resolves the host through a ``NameResolver`` (never the socket library), connects
to each address of the asked family in turn, speaks TLS with SNI and certificate
verification for https, and reads the complete body (Content-Length, chunked or until the
server closes) under one overall deadline: SPEC §2 counts "no complete response in 15 s" as
a failure, however the time was spent.

Every address is checked against the network policy (``crawlers.netpolicy``) before the
probe connects, on the first request and on every redirect: a refused address is never
connected to, and a probe that has no other address stops at stage ``refused_address``.

``stage`` says where a failed probe stopped: dns | tcp | tls | http | timeout, or ``limit``
when the answer was cut at a bound of ``crawlers.bounds`` (an endless body, a compression
bomb): such a probe is neither a failure nor a success of the site.
"""
from __future__ import annotations

import re
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol
from urllib.parse import urlsplit

import brotli

from crawlers.bounds import (BODY_KEPT, CUT_STAGE, DOWNLOAD_MAXSIZE, HEADER_MAXSIZE,
                             INFLATED_MAXSIZE, size_text)
from crawlers.dns import LookupFailed
from crawlers.extract.dom import parse_html, squash, visible_text
from crawlers.extract.encoding import decode_html
from crawlers.netpolicy import REFUSED_REASON, NetworkPolicy
from crawlers.settings import USER_AGENT
from crawlers.urls import DEFAULT_PORTS, BadURL, check_host, host_of, normalize_url, try_normalize

# Address families a probe may use, in the order they are tried. "any" is how a citizen's
# browser reaches a site: IPv4 first, IPv6 when IPv4 does not connect.
FAMILY_ORDER: dict[str, tuple[str, ...]] = {
    "ipv4": ("ipv4",),
    "ipv6": ("ipv6",),
    "any": ("ipv4", "ipv6"),
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TEXT_KEPT = 20_000  # characters of visible text kept on the result
_RECV_SIZE = 65536
_INFLATE_STEP = 65536  # bytes inflated at a time, so a bomb is stopped at its first excess
_STATUS_LINE = re.compile(rb"HTTP/\d(?:\.\d)?\s+(\d{3})")
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


class Resolver(Protocol):
    """What a probe needs from a resolver (``crawlers.dns.NameResolver`` or a cache of it)."""

    def addresses(self, host: str, family: str = "ipv4") -> list[str]: ...


@dataclass
class ProbeResult:
    """What one probe saw. ``family`` is the family of the address used (or asked for)."""

    url: str
    address: str | None
    family: str
    ok: bool
    stage: str | None
    status: int | None
    error: str | None
    seconds: float
    title: str | None = None
    text: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    final_url: str | None = None
    body: bytes = b""  # the page as served (up to BODY_KEPT), for readers of one page
    content_type: str | None = None

    @property
    def cut(self) -> bool:
        """The answer was cut at a size bound, or its address refused by the network policy:
        nothing is known of the site from it."""
        return self.stage in (CUT_STAGE, REFUSED_REASON)

    def summary(self) -> dict[str, Any]:
        """The JSON-able part observations keep (no page text)."""
        return {"ok": self.ok, "status": self.status, "stage": self.stage, "error": self.error,
                "seconds": self.seconds, "address": self.address, "family": self.family,
                "final_url": self.final_url}


class ProbeFailure(Exception):
    """A probe stopped at ``stage``; ``error`` says why in a few words."""

    def __init__(self, stage: str, error: str, status: int | None = None):
        super().__init__(error)
        self.stage, self.error, self.status = stage, error, status


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class _LastAddress:
    """The address a probe used or last tried, reported on success and failure alike, and
    the policy its connections are held to."""

    address: str | None
    family: str
    policy: NetworkPolicy | None = None


class _Deadline:
    """The one clock every step of a probe (connect, handshake, each read) runs against."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise ProbeFailure("timeout", f"{self.seconds:g}秒内未收到完整响应")
        return remaining


def fetch(url: str, *, family: str = "ipv4", resolver: Resolver, timeout: float = 15.0,
          user_agent: str = USER_AGENT, follow_redirects: int = 5,
          ssl_context: ssl.SSLContext | None = None, read_text: bool = True,
          policy: NetworkPolicy | None = None) -> ProbeResult:
    """GET ``url`` over ``family`` ("ipv4", "ipv6" or "any"); ok when the final status is
    below 400 and the whole body arrived before ``timeout`` seconds.

    Redirects are followed up to ``follow_redirects`` hops (0: the first answer is final),
    each hop resolved again through ``resolver`` in the same family. ``read_text`` False
    skips decoding the page (link probes only need the status). ``policy`` says which
    addresses may be connected to; without one, the addresses ``url`` itself resolves to
    set it (the address someone asked to probe), and redirects are held to that.
    """
    if family not in FAMILY_ORDER:
        raise ValueError(f"unknown address family {family!r}")
    started, at = time.monotonic(), datetime.now(timezone.utc)
    deadline = _Deadline(timeout)
    try:
        current = normalize_url(url)
        check_host(host_of(current))
    except BadURL as exc:  # a link with a malformed host names no server to ask
        return ProbeResult(url=url, address=None, family=family, ok=False, stage="dns",
                           status=None, error=str(exc), seconds=0.0, at=at)
    used = _LastAddress(None, family, policy)
    seen = {current}
    try:
        for hop in range(follow_redirects + 1):
            response = _get_once(current, FAMILY_ORDER[family], resolver, deadline,
                                 user_agent, ssl_context, used, read_text)
            if response.status not in REDIRECT_STATUSES or follow_redirects == 0:
                break
            target = _redirect_target(response, current)
            if hop == follow_redirects:
                raise ProbeFailure("http", f"重定向超过{follow_redirects}次", response.status)
            if target in seen:
                raise ProbeFailure("http", "重定向循环", response.status)
            seen.add(target)
            current = target
    except ProbeFailure as failure:
        return ProbeResult(url=url, address=used.address, family=used.family, ok=False,
                           stage=failure.stage, status=failure.status, error=failure.error,
                           seconds=_since(started), at=at, final_url=current)
    title, text = _page_text(response) if read_text else (None, "")
    ok = response.status < 400
    return ProbeResult(url=url, address=used.address, family=used.family, ok=ok,
                       stage=None if ok else "http", status=response.status,
                       error=None if ok else f"HTTP {response.status}",
                       seconds=_since(started), title=title, text=text, at=at,
                       final_url=current, body=response.body if read_text else b"",
                       content_type=response.headers.get("content-type"))


def _get_once(url: str, families: tuple[str, ...], resolver: Resolver, deadline: _Deadline,
              user_agent: str, ssl_context: ssl.SSLContext | None,
              used: _LastAddress, keep_body: bool) -> _Response:
    parts = urlsplit(url)
    host = _ascii_host(parts.hostname or "")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    candidates = _permitted(url, _resolve(host, families, resolver), used)
    deadline.left()
    sock = _connect(candidates, port, deadline, used)
    try:
        if parts.scheme == "https":
            sock = _start_tls(sock, host, deadline, ssl_context)
        _send(sock, _request_bytes(parts, host, user_agent), deadline)
        return _read_response(sock, deadline, keep_body)
    finally:
        sock.close()


def _resolve(host: str, families: tuple[str, ...], resolver: Resolver) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    reasons: list[str] = []
    for family in families:
        try:
            found += [(family, address) for address in resolver.addresses(host, family)]
        except LookupFailed as exc:
            reasons.append(f"{'AAAA' if family == 'ipv6' else 'A'}: {exc.reason}")
        except (ValueError, UnicodeError) as exc:  # a name the resolver cannot even ask
            reasons.append(f"主机名无效({type(exc).__name__})")
    if not found:
        raise ProbeFailure("dns", f"{host} 无法解析(" + "；".join(reasons) + ")")
    return found


def _permitted(url: str, candidates: list[tuple[str, str]],
               used: _LastAddress) -> list[tuple[str, str]]:
    """The resolved addresses the policy lets the probe connect to; ProbeFailure
    (``refused_address``) when there is none."""
    if used.policy is None:
        used.policy = NetworkPolicy.for_homepage(address for _, address in candidates)
    allowed = [(family, address) for family, address in candidates
               if used.policy.allows(address)]
    if allowed:
        return allowed
    family, address = candidates[0]
    used.address, used.family = address, family
    why = used.policy.refusal(address)
    raise ProbeFailure(REFUSED_REASON, f"{address} 不允许访问（{why}），未连接")


def _connect(candidates: list[tuple[str, str]], port: int, deadline: _Deadline,
             used: _LastAddress) -> socket.socket:
    """A TCP connection to the first address that accepts; refusals move to the next one."""
    failures: list[str] = []
    for family, address in candidates:
        used.address, used.family = address, family
        af = socket.AF_INET6 if family == "ipv6" else socket.AF_INET
        sock = socket.socket(af, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.left())
            sock.connect((address, port))
            return sock
        except socket.timeout:
            sock.close()
            raise ProbeFailure("timeout", f"连接{_show(address, port)}超时") from None
        except ProbeFailure:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            failures.append(f"{_show(address, port)} {exc.strerror or type(exc).__name__}")
    raise ProbeFailure("tcp", "无法建立连接: " + "；".join(failures))


def _start_tls(sock: socket.socket, host: str, deadline: _Deadline,
               context: ssl.SSLContext | None) -> ssl.SSLSocket:
    context = context or _default_tls_context()
    try:
        sock.settimeout(deadline.left())
        return context.wrap_socket(sock, server_hostname=host)
    except socket.timeout:
        raise ProbeFailure("timeout", "TLS握手超时") from None
    except ssl.SSLCertVerificationError as exc:
        raise ProbeFailure("tls", f"证书校验失败: {exc.verify_message}") from None
    except (ssl.SSLError, OSError) as exc:
        raise ProbeFailure("tls", f"TLS握手失败: {_describe(exc)}") from None


_TLS_CONTEXT: ssl.SSLContext | None = None


def _default_tls_context() -> ssl.SSLContext:
    global _TLS_CONTEXT
    if _TLS_CONTEXT is None:
        _TLS_CONTEXT = ssl.create_default_context()
    return _TLS_CONTEXT


def _request_bytes(parts, host: str, user_agent: str) -> bytes:
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != DEFAULT_PORTS[parts.scheme]:
        host_header += f":{parts.port}"
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {host_header}",
        f"User-Agent: {user_agent}",
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding: gzip, deflate",
        "Accept-Language: zh-CN,zh;q=0.9",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _send(sock: socket.socket, data: bytes, deadline: _Deadline) -> None:
    try:
        sock.settimeout(deadline.left())
        sock.sendall(data)
    except socket.timeout:
        raise ProbeFailure("timeout", "发送请求超时") from None
    except OSError as exc:
        raise ProbeFailure("tcp", f"发送请求失败: {_describe(exc)}") from None


class _Reader:
    """Buffered reads from the socket, each bounded by what is left of the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self.sock, self.deadline = sock, deadline
        self.buffer = b""
        self.closed = False

    def _fill(self) -> bool:
        if self.closed:
            return False
        try:
            self.sock.settimeout(self.deadline.left())
            data = self.sock.recv(_RECV_SIZE)
        except socket.timeout:
            raise ProbeFailure("timeout", f"{self.deadline.seconds:g}秒内未收到完整响应") from None
        except ssl.SSLError as exc:
            raise ProbeFailure("tls", f"TLS连接中断: {_describe(exc)}") from None
        except OSError as exc:
            raise ProbeFailure("tcp", f"连接中断: {_describe(exc)}") from None
        if not data:
            self.closed = True
            return False
        self.buffer += data
        return True

    def until(self, marker: bytes, limit: int) -> bytes | None:
        """Bytes up to and including ``marker``; None when the server closed first."""
        while True:
            index = self.buffer.find(marker)
            if index >= 0:
                line, self.buffer = self.buffer[:index + len(marker)], self.buffer[index + len(marker):]
                return line
            if len(self.buffer) > limit:
                raise ProbeFailure("http", "响应头过长")
            if not self._fill():
                return None

    def exactly(self, size: int, sink: "_Body") -> bool:
        """Move ``size`` bytes into ``sink``; False when the server closed first."""
        while size > 0:
            if not self.buffer and not self._fill():
                return False
            piece, self.buffer = self.buffer[:size], self.buffer[size:]
            sink.add(piece)
            size -= len(piece)
        return True

    def rest(self, sink: "_Body") -> None:
        while True:
            if self.buffer:
                sink.add(self.buffer)
                self.buffer = b""
            if not self._fill():
                return


class _Body:
    """The body as read: the first BODY_KEPT bytes kept, the rest only counted, and the
    reading stopped (stage ``limit``) past DOWNLOAD_MAXSIZE."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.parts: list[bytes] = []
        self.kept = 0
        self.total = 0

    def add(self, data: bytes) -> None:
        self.total += len(data)
        if self.total > DOWNLOAD_MAXSIZE:
            raise ProbeFailure(CUT_STAGE, f"响应超过{size_text(DOWNLOAD_MAXSIZE)}上限，未读完",
                               self.status)
        room = BODY_KEPT - self.kept
        if room > 0:
            self.parts.append(data[:room])
            self.kept += min(room, len(data))

    def bytes(self) -> bytes:
        return b"".join(self.parts)


def _read_response(sock: socket.socket, deadline: _Deadline, keep_body: bool) -> _Response:
    reader = _Reader(sock, deadline)
    while True:
        head = reader.until(b"\r\n\r\n", HEADER_MAXSIZE)
        if head is None:
            raise ProbeFailure("http", "服务器未返回响应即关闭连接")
        status, headers = _parse_head(head)
        if not 100 <= status < 200:  # skip interim answers (100 Continue, 103 Early Hints)
            break
    body = _Body(status)
    if status not in (204, 304):
        _read_body(reader, headers, body, status)
    return _Response(status, headers, _decompress(body.bytes(), headers, status, keep_body))


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    status_line, _, rest = head.partition(b"\r\n")
    match = _STATUS_LINE.match(status_line)
    if match is None:
        raise ProbeFailure("http", "不是有效的HTTP响应")
    headers: dict[str, str] = {}
    for line in rest.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.strip().decode("latin-1").lower()] = value.strip().decode("latin-1")
    return int(match.group(1)), headers


def _read_body(reader: _Reader, headers: dict[str, str], body: _Body, status: int) -> None:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        _read_chunked(reader, body, status)
        return
    length = headers.get("content-length")
    if length is not None:
        try:
            size = int(length.split(",")[0])
        except ValueError:
            raise ProbeFailure("http", f"Content-Length无效: {length[:40]}", status) from None
        if size > DOWNLOAD_MAXSIZE:
            raise ProbeFailure(CUT_STAGE, f"响应长度{size}字节超过{size_text(DOWNLOAD_MAXSIZE)}上限，"
                               "未读取", status)
        if not reader.exactly(size, body):
            raise ProbeFailure("http", f"响应不完整(收到{body.total}/{size}字节)", status)
        return
    reader.rest(body)  # delimited by the server closing the connection


def _read_chunked(reader: _Reader, body: _Body, status: int) -> None:
    while True:
        line = reader.until(b"\r\n", 1024)
        if line is None:
            raise ProbeFailure("http", "分块响应不完整", status)
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            raise ProbeFailure("http", "分块编码无效", status) from None
        if size == 0:
            while True:  # trailers end with an empty line
                trailer = reader.until(b"\r\n", HEADER_MAXSIZE)
                if trailer is None or trailer == b"\r\n":
                    return
        if not reader.exactly(size, body) or reader.until(b"\r\n", 2) is None:
            raise ProbeFailure("http", "分块响应不完整", status)


def _decompress(data: bytes, headers: dict[str, str], status: int, keep: bool) -> bytes:
    """The body inflated, at most INFLATED_MAXSIZE bytes of it (stage ``limit`` past that).

    Every compressed body is inflated, kept or not, so that one the site cannot send
    whole or intact reads the same for the availability probe as for the homepage's text;
    ``keep`` False counts the output and drops it, so a link probe holds one step at most.
    """
    coding = headers.get("content-encoding", "").strip().lower()
    if coding not in ("gzip", "x-gzip", "deflate", "br") or not data:
        return data
    kept: list[bytes] = []
    total = 0
    try:
        for piece in _inflate_steps(data, coding):
            total += len(piece)
            if total > INFLATED_MAXSIZE:
                raise ProbeFailure(CUT_STAGE, f"响应解压后超过{size_text(INFLATED_MAXSIZE)}上限，"
                                   "未读完", status)
            if keep:
                kept.append(piece)
    except (zlib.error, brotli.error):
        raise ProbeFailure("http", f"响应内容无法解压({coding})", status) from None
    return b"".join(kept)


def _inflate_steps(data: bytes, coding: str):
    """The inflated body, _INFLATE_STEP bytes at a time (a body cut at BODY_KEPT ends early)."""
    if coding == "br":
        decompressor = brotli.Decompressor()
        piece = decompressor.process(data, output_buffer_limit=_INFLATE_STEP)
        while piece:
            yield piece
            if decompressor.is_finished():
                return
            piece = decompressor.process(b"", output_buffer_limit=_INFLATE_STEP)
        return
    # wbits 47 accepts gzip and zlib headers; a bare deflate stream needs -15.
    inflater = zlib.decompressobj(47)
    try:
        piece = inflater.decompress(data, _INFLATE_STEP)
    except zlib.error:
        inflater = zlib.decompressobj(-15)
        piece = inflater.decompress(data, _INFLATE_STEP)
    yield piece
    while inflater.unconsumed_tail and not inflater.eof:
        yield inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)


def _redirect_target(response: _Response, current: str) -> str:
    location = response.headers.get("location")
    if not location:
        raise ProbeFailure("http", "重定向缺少目标地址", response.status)
    target = try_normalize(location, current)
    if target is None:
        raise ProbeFailure("http", f"重定向目标无效: {location[:200]}", response.status)
    return target


def _page_text(response: _Response) -> tuple[str | None, str]:
    """Title and visible text of an HTML page; (None, "") for anything else."""
    ctype = response.headers.get("content-type", "").lower()
    body = response.body
    looks_html = "html" in ctype or "xml" in ctype or (
        not ctype and body[:200].lstrip().startswith(b"<"))
    if not body or not looks_html:
        return None, ""
    charset = _CHARSET.search(ctype)
    decoded = decode_html(body, charset.group(1) if charset else None)
    tree = parse_html(decoded.text)
    title = squash(tree.findtext(".//title")) or None
    return title, visible_text(tree)[:TEXT_KEPT]


def _ascii_host(host: str) -> str:
    """Internationalised host names go on the wire (DNS, Host, SNI) in their IDNA form."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _show(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _describe(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)
