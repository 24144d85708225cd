"""HTTP servers for tests, bound to 127.0.0.1 or ::1, serving given pages per path.

    pages = {"/": "<title>云溪</title>首页", "/old.html": Reply(status=404)}
    with PageServer(pages) as server:                 # 127.0.0.1, a free port
        server.url("/")                               # http://127.0.0.1:PORT/
    with DualStackSite(pages, v6_pages=other) as site:  # 127.0.0.1 and ::1 on ONE port
        site.url("www.yunxi.gov.cn", "/")             # http://www.yunxi.gov.cn:PORT/

A page key is a path ("/a.html", query included when the request has one) or a host and a
path ("sub.yunxi.gov.cn/a.html"), which wins for requests with that Host. Unknown paths
answer 404. Behaviours a probe must cope with:

- ``fail_every=k``: every k-th request to the server (the k-th, 2k-th …) answers
  ``fail_status`` (503), so the share of failures is known in advance;
- ``hang_seconds``: every answer waits that long first (longer than the client's timeout
  makes a server that hangs); stopping the server releases waiting requests at once;
- ``Reply(framing=...)``: the body framed by Content-Length, chunked, or by closing;
- ``tls``: an ``ssl.SSLContext`` to serve https (see ``self_signed_tls``).

``requests`` lists what was asked, so a test can tell whether a connection was made at all.
"""
from __future__ import annotations

import socket
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Reply:
    """One answer: status, body and headers, and how the body is framed on the wire."""

    body: str | bytes = ""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    framing: str = "length"  # length | chunked | close

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Pages = Mapping[str, "str | bytes | Reply"]


@dataclass(frozen=True)
class SeenRequest:
    method: str
    host: str
    path: str
    user_agent: str


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # The stdlib's backlog of 5 drops SYNs when a probe opens 8 connections at once, and
    # the client's retransmission after 1 s would read as a timeout.
    request_queue_size = 128


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        owner: PageServer = self.server.owner  # type: ignore[attr-defined]
        reply = owner.answer(self.command, self.headers.get("Host", ""), self.path,
                             self.headers.get("User-Agent", ""))
        if reply is None:  # the server is stopping while this request hung
            self.close_connection = True
            return
        self._send(reply)

    do_HEAD = do_GET  # noqa: N815

    def _send(self, reply: Reply) -> None:
        body = reply.payload()
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        elif reply.framing == "length":
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        if reply.framing == "chunked":
            for start in range(0, len(body), 1000):
                piece = body[start:start + 1000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # keep test output clean
        pass


class PageServer:
    """One threaded HTTP server on one loopback address (127.0.0.1 by default)."""

    server_class: type[_Server] = _Server
    default_host = "127.0.0.1"

    def __init__(self, pages: Pages, *, host: str | None = None, port: int = 0,
                 fail_every: int = 0, fail_status: int = 503, hang_seconds: float = 0.0,
                 tls: ssl.SSLContext | None = None):
        self.pages = dict(pages)
        self.host = host or self.default_host
        self.port = port
        self.fail_every = fail_every
        self.fail_status = fail_status
        self.hang_seconds = hang_seconds
        self.tls = tls
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    def url(self, path: str = "/", hostname: str | None = None) -> str:
        """Absolute URL of ``path`` on this server, by literal address unless ``hostname``."""
        name = hostname or (f"[{self.host}]" if ":" in self.host else self.host)
        return f"{self.scheme}://{name}:{self.port}{path}"

    def answer(self, method: str, host: str, path: str, user_agent: str) -> Reply | None:
        """The reply for one request (None when the server stopped while it hung)."""
        with self._lock:
            self.requests.append(SeenRequest(method, host, path, user_agent))
            number = len(self.requests)
        if self.hang_seconds and self._stopping.wait(self.hang_seconds):
            return None
        if self.fail_every and number % self.fail_every == 0:
            return Reply(f"<title>服务不可用</title>第{number}次请求失败", status=self.fail_status)
        found = self.pages.get(host.rsplit(":", 1)[0].strip("[]") + path, self.pages.get(path))
        if found is None:
            return Reply("<title>404</title>页面不存在", status=404)
        return found if isinstance(found, Reply) else Reply(found)

    def start(self) -> "PageServer":
        server_class = _IPv6Server if ":" in self.host else self.server_class
        httpd = server_class((self.host, self.port), _Handler)
        httpd.owner = self  # type: ignore[attr-defined]
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "PageServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class IPv6PageServer(PageServer):
    """A ``PageServer`` on ::1."""

    server_class = _IPv6Server
    default_host = "::1"


class DualStackSite:
    """One site on 127.0.0.1 and ::1 at the same port, as a host with A and AAAA records is.

    ``v6_pages`` serves different content over IPv6; ``v6=False`` leaves ::1 with nothing
    listening on the port (an AAAA record pointing at no server). Behaviour keywords
    (``fail_every``, ``hang_seconds`` …) apply to both servers.
    """

    def __init__(self, pages: Pages, *, v6_pages: Pages | None = None, v6: bool = True,
                 **behaviour):
        self.pages, self.v6_pages, self.with_v6 = pages, v6_pages, v6
        self.behaviour = behaviour
        self.v4: PageServer | None = None
        self.v6: PageServer | None = None

    @property
    def port(self) -> int:
        assert self.v4 is not None, "start the site first"
        return self.v4.port

    def url(self, hostname: str, path: str = "/") -> str:
        scheme = "https" if self.behaviour.get("tls") else "http"
        return f"{scheme}://{hostname}:{self.port}{path}"

    def start(self) -> "DualStackSite":
        for _attempt in range(20):
            v4 = PageServer(self.pages, **self.behaviour).start()
            if not self.with_v6:
                self.v4 = v4
                return self
            try:
                v6 = IPv6PageServer(self.v6_pages if self.v6_pages is not None else self.pages,
                                    port=v4.port, **self.behaviour).start()
            except OSError:  # the port is taken on ::1: try another
                v4.stop()
                continue
            self.v4, self.v6 = v4, v6
            return self
        raise RuntimeError("no port free on both 127.0.0.1 and ::1")

    def stop(self) -> None:
        for server in (self.v4, self.v6):
            if server is not None:
                server.stop()

    def __enter__(self) -> "DualStackSite":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def self_signed_tls(hostname: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context that trusts it) for a certificate naming ``hostname``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:  # load_cert_chain reads files only
        cert_file, key_file = Path(folder, "cert.pem"), Path(folder, "key.pem")
        cert_file.write_bytes(cert_pem)
        key_file.write_bytes(key_pem)
        server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cadata=cert_pem.decode("ascii"))
    return server, client
