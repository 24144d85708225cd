"""Serve a generated site on 127.0.0.1 and ::1 (one port on both) under its host names, with
a local DNS server that knows those names.

Requests are dispatched by their Host header; a request by bare address goes to the main
site. ``PORT_MARK`` in bodies and headers becomes ``:<port>``.
"""
from __future__ import annotations

import socket
import threading
from urllib.parse import parse_qsl, urlsplit

from govpatrol.demosite.generated.dns import LoopbackDNS
from govpatrol.demosite.generated.site import HTML, PORT_MARK, Dynamic, Resource, Site, with_port
from govpatrol.demosite.server import SiteHandler, SiteServer

NOT_FOUND = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>"
             "<body><h1>404 Not Found</h1><p>The requested URL was not found on this server.</p></body></html>")


class GeneratedHandler(SiteHandler):
    server: GeneratedHTTPServer

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        if length:  # dataproxy services take their parameters from the form as well
            form = self.rfile.read(length).decode("utf-8", "replace")
            params.update(parse_qsl(form, keep_blank_values=True))
        host = self._host()
        route = self.server.site.lookup(host, parts.path or "/", params)
        if isinstance(route, Dynamic):
            resource = route(params)
        elif route is None:
            resource = Resource(NOT_FOUND.encode("utf-8"), 404, HTML)
        else:
            resource = route
        status = resource.head_status if self.command == "HEAD" and resource.head_status else resource.status
        mark, port = PORT_MARK.encode("ascii"), f":{self.server.port}".encode("ascii")
        body = resource.body.replace(mark, port)
        try:
            self.send_response(status)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in resource.headers:
                self.send_header(name, with_port(value, self.server.port))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _host(self) -> str:
        raw = (self.headers.get("Host") or "").strip().lower()
        name = raw[1:raw.index("]")] if raw.startswith("[") else raw.rsplit(":", 1)[0]
        return name if name in self.server.site.routes else self.server.site.served_hosts[0]


class GeneratedHTTPServer(SiteServer):
    request_queue_size = 128  # a crawler opens many connections at once

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        super().__init__(address, site)
        self.RequestHandlerClass = GeneratedHandler
        self.port = self.server_address[1]


class GeneratedHTTPServer6(GeneratedHTTPServer):
    address_family = socket.AF_INET6


def _port_free_on_both() -> int:
    for _attempt in range(50):
        with socket.socket(socket.AF_INET6) as six:
            six.bind(("::1", 0))
            port = six.getsockname()[1]
            with socket.socket(socket.AF_INET) as four:
                try:
                    four.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no port free on both 127.0.0.1 and ::1")


class GeneratedServer:
    """``with GeneratedServer(generate(seed)) as served: served.home, served.dns.address``."""

    def __init__(self, site: Site, *, ipv6: bool = True, port: int = 0) -> None:
        self.site = site
        self.ipv6 = ipv6
        self.port = port
        self.dns: LoopbackDNS | None = None
        self._servers: list[GeneratedHTTPServer] = []

    @property
    def home(self) -> str:
        return self.url(self.site.home)

    def url(self, marked: str) -> str:
        """A page or truth URL as served here."""
        return with_port(marked, self.port)

    def start(self) -> GeneratedServer:
        self.port = self.port or (_port_free_on_both() if self.ipv6 else 0)
        self._servers.append(GeneratedHTTPServer(("127.0.0.1", self.port), self.site))
        self.port = self._servers[0].port
        if self.ipv6:
            self._servers.append(GeneratedHTTPServer6(("::1", self.port), self.site))
        for server in self._servers:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        records = {"A": ["127.0.0.1"], **({"AAAA": ["::1"]} if self.ipv6 else {})}
        self.dns = LoopbackDNS({host: records for host in self.site.served_hosts}).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.state.stopping.set()
            server.shutdown()
            server.server_close()
        self._servers.clear()
        if self.dns is not None:
            self.dns.stop()
            self.dns = None

    def __enter__(self) -> GeneratedServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
