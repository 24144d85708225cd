"""Serve the simulated sites on local ports (IPv4 or IPv6), each in a background thread."""
from __future__ import annotations

import socket
import threading
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from govpatrol.demosite import external_site, main_site, stale_site
from govpatrol.demosite.large import build_large_site
from govpatrol.demosite.web import Links, Request, ServerState, Site

SITE_KEYS = ("main", "stale", "external")


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging handler never blocks shutdown
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        self.site = site
        self.links: Links | None = None
        self.state = ServerState()
        super().__init__(address, SiteHandler)


class SiteServer6(SiteServer):
    address_family = socket.AF_INET6


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "TRS/WCM Apache"  # what a government CMS front end would announce
    timeout = 30  # close idle keep-alive connections

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        form: dict[str, str] = {}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode("utf-8", "replace")
            form = dict(parse_qsl(raw, keep_blank_values=True))
        request = Request(self.command, parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True)),
                          form, self.server.links, self.server.state)
        response = self.server.site.respond(request)
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a link checker's timeout)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # tests and audits would drown in access logs


def _free_closed_port(host: str) -> int:
    """A port on ``host`` that nothing listens on: bind, read the port, close."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class DemoSites:
    """The main portal, the stale county site and the external site, on local ports.

    ``ports`` may name fixed ports (a mapping by site key, or a sequence in the order main,
    stale, external); otherwise free ports are used. ``scale`` replaces the main portal by a
    generated site of about that many pages (for benchmarks).
    """

    def __init__(self, host: str = "127.0.0.1", ports: Mapping[str, int] | Sequence[int] | None = None,
                 *, scale: int | None = None) -> None:
        self.host = host
        self.scale = scale
        if ports is None:
            self._ports = {key: 0 for key in SITE_KEYS}
        elif isinstance(ports, Mapping):
            self._ports = {key: int(ports.get(key, 0)) for key in SITE_KEYS}
        else:
            self._ports = {key: int(port) for key, port in zip(SITE_KEYS, ports)}
        self._servers: dict[str, SiteServer] = {}
        self._threads: list[threading.Thread] = []
        self.links: Links | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> DemoSites:
        if self._servers:
            return self
        server_class = SiteServer6 if ":" in self.host else SiteServer
        sites = {"main": self._main_site(), "stale": stale_site.build_site(), "external": external_site.build_site()}
        try:
            for key in SITE_KEYS:
                self._servers[key] = server_class((self.host, self._ports[key]), sites[key])
        except OSError:
            self._close_servers()
            raise
        closed_port = _free_closed_port(self.host)
        self.links = Links(**{key: self._base(server.server_address[1]) for key, server in self._servers.items()},
                           closed=self._base(closed_port))
        for key, server in self._servers.items():
            server.links = self.links
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"demosite-{key}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.state.stopping.set()  # releases hanging handlers
            server.shutdown()
        self._close_servers()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def _close_servers(self) -> None:
        for server in self._servers.values():
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------------
    def _base(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}/"

    def _links(self) -> Links:
        if self.links is None:
            raise RuntimeError("DemoSites is not started")
        return self.links

    @property
    def main(self) -> str:
        return self._links().main

    @property
    def stale(self) -> str:
        return self._links().stale

    @property
    def external(self) -> str:
        return self._links().external

    @property
    def closed_url(self) -> str:
        """A URL on a port where nothing listens (connection refused)."""
        return self._links().closed

    def url(self, site: str, path: str = "/") -> str:
        """Absolute URL of ``path`` on site ``main``, ``stale`` or ``external``."""
        if site not in SITE_KEYS:
            raise KeyError(f"unknown demo site {site!r}")
        return getattr(self._links(), site).rstrip("/") + "/" + path.lstrip("/")

    def _main_site(self) -> Site:
        if self.scale:
            return build_large_site(self.scale)
        return main_site.build_site()
