"""Hostile HTTP servers on 127.0.0.1 and ::1: compression bombs and endless bodies, streamed.

A bomb is never held in memory: the compressed stream is built from one repeated piece, so
a 4 GB gzip bomb is ~4 MB on the wire and costs the server nothing to send::

    with HostileSite({"/": gzip_bomb(4 * GIB)}) as site:
        site.url("/")                       # http://127.0.0.1:PORT/

A route is a ``Stream``: headers and a function giving the body's byte pieces. ``sent``
counts the bytes each path put on the wire before the client hung up.
"""
from __future__ import annotations

import socket
import socketserver
import struct
import threading
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator, Mapping

import brotli

MIB = 1024 * 1024
GIB = 1024 * MIB
_ZEROS = bytes(MIB)


@dataclass(frozen=True)
class Stream:
    """One answer: status, headers and the body's pieces; ``framing``: close | chunked |
    length (``length`` sends the given Content-Length header whatever the body is)."""

    pieces: Callable[[], Iterator[bytes]]
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200
    framing: str = "close"


@lru_cache(maxsize=None)
def _gzip_parts(mib: int, wrapper: str) -> tuple[bytes, bytes, bytes]:
    """(head, repeated piece, tail) of a gzip or zlib stream of ``mib`` MiB of zeros.

    A full flush empties the compressor's window, so every further MiB of zeros compresses
    to the same bytes; the tail is an empty final block and the right checksum and size.
    """
    wbits = 31 if wrapper == "gzip" else 15
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    if wrapper == "gzip":
        crc = 0
        for _ in range(mib):
            crc = zlib.crc32(_ZEROS, crc)
        tail = final + struct.pack("<II", crc, (mib * MIB) & 0xFFFFFFFF)
    else:
        adler = 1
        for _ in range(mib):
            adler = zlib.adler32(_ZEROS, adler)
        tail = final + struct.pack(">I", adler)
    return head, piece, tail


def _deflate_pieces(size: int, wrapper: str) -> Callable[[], Iterator[bytes]]:
    mib = max(2, size // MIB)

    def pieces() -> Iterator[bytes]:
        head, piece, tail = _gzip_parts(mib, wrapper)
        yield head
        for _ in range(mib - 1):
            yield piece
        yield tail
    return pieces


def gzip_bomb(size: int, framing: str = "close") -> Stream:
    """``size`` bytes of zeros, gzip-compressed (about size/1000 on the wire)."""
    return Stream(_deflate_pieces(size, "gzip"), {"Content-Encoding": "gzip"}, framing=framing)


def deflate_bomb(size: int, framing: str = "close") -> Stream:
    """The same as a zlib stream sent as ``Content-Encoding: deflate``."""
    return Stream(_deflate_pieces(size, "zlib"), {"Content-Encoding": "deflate"},
                  framing=framing)


@lru_cache(maxsize=None)
def _brotli_body(mib: int) -> bytes:
    compressor = brotli.Compressor(quality=5)
    return b"".join(compressor.process(_ZEROS) for _ in range(mib)) + compressor.finish()


def brotli_bomb(size: int) -> Stream:
    """``size`` bytes of zeros, brotli-compressed (a few KB on the wire for a GB)."""
    return Stream(lambda: iter([_brotli_body(max(1, size // MIB))]),
                  {"Content-Encoding": "br"})


def endless_body(framing: str = "close") -> Stream:
    """An HTML page that never ends."""
    line = ("<p>政务公开 通知公告 今日要闻</p>\n" * 2000).encode()

    def pieces() -> Iterator[bytes]:
        yield b"<html><head><title>endless</title></head><body>"
        while True:
            yield line
    return Stream(pieces, framing=framing)


def huge_length() -> Stream:
    """A Content-Length of 10 GB, and a body that keeps coming."""
    def pieces() -> Iterator[bytes]:
        while True:
            yield _ZEROS
    return Stream(pieces, {"Content-Length": str(10 * GIB)}, framing="length")


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        owner: HostileServer = self.server.owner  # type: ignore[attr-defined]
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            data = self.request.recv(4096)
            if not data:
                return
            head += data
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        path = request_line.split(" ")[1] if request_line.count(" ") >= 2 else "/"
        stream = owner.routes.get(path)
        with owner.lock:
            owner.requests.append(path)
        if stream is None:
            self._write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        lines = [f"HTTP/1.1 {stream.status} X", "Content-Type: text/html; charset=utf-8",
                 "Connection: close", *(f"{k}: {v}" for k, v in stream.headers.items())]
        if stream.framing == "chunked":
            lines.append("Transfer-Encoding: chunked")
        sent = 0
        try:
            self.request.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            for piece in stream.pieces():
                if owner.stopping.is_set():
                    break
                if stream.framing == "chunked":
                    piece = b"%x\r\n%s\r\n" % (len(piece), piece)
                self.request.sendall(piece)
                sent += len(piece)
            if stream.framing == "chunked":
                self.request.sendall(b"0\r\n\r\n")
        except OSError:  # the client hung up: what a bounded client does
            pass
        finally:
            with owner.lock:
                owner.sent[path] = owner.sent.get(path, 0) + sent

    def _write(self, data: bytes) -> None:
        try:
            self.request.sendall(data)
        except OSError:
            pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class _Server6(_Server):
    address_family = socket.AF_INET6


class HostileServer:
    """One threaded server on one loopback address."""

    def __init__(self, routes: Mapping[str, Stream], *, host: str = "127.0.0.1", port: int = 0):
        self.routes, self.host, self.port = dict(routes), host, port
        self.requests: list[str] = []
        self.sent: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server: _Server | None = None

    def url(self, path: str = "/", hostname: str | None = None) -> str:
        name = hostname or (f"[{self.host}]" if ":" in self.host else self.host)
        return f"http://{name}:{self.port}{path}"

    def start(self) -> "HostileServer":
        server = (_Server6 if ":" in self.host else _Server)((self.host, self.port), _Handler)
        server.owner = self  # type: ignore[attr-defined]
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "HostileServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class HostileSite:
    """The same routes on 127.0.0.1 and ::1 at one port (a host with A and AAAA records)."""

    def __init__(self, routes: Mapping[str, Stream]):
        self.routes = routes
        self.v4: HostileServer | None = None
        self.v6: HostileServer | None = None

    @property
    def port(self) -> int:
        assert self.v4 is not None
        return self.v4.port

    def url(self, path: str = "/", hostname: str = "127.0.0.1") -> str:
        return f"http://{hostname}:{self.port}{path}"

    def start(self) -> "HostileSite":
        for _attempt in range(20):
            v4 = HostileServer(self.routes).start()
            try:
                v6 = HostileServer(self.routes, host="::1", port=v4.port).start()
            except OSError:
                v4.stop()
                continue
            self.v4, self.v6 = v4, v6
            return self
        raise RuntimeError("no port free on both 127.0.0.1 and ::1")

    def stop(self) -> None:
        for server in (self.v4, self.v6):
            if server is not None:
                server.stop()

    def __enter__(self) -> "HostileSite":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
