"""A served site as plain data: a route table from path to handler, handlers return bytes.

Handlers never touch sockets; ``server.py`` turns HTTP requests into ``Request`` values and
``Response`` values back into bytes, so every page can be rendered and tested without a server.
"""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Links:
    """Base URLs of the running servers, so pages can link across sites.

    Hrefs inside the content are written ``/path`` (same site) or ``site:/path`` for another
    server (``main:``, ``stale:``, ``external:``); ``closed:`` is the port nobody listens on.
    """

    main: str
    stale: str
    external: str
    closed: str

    def resolve(self, href: str, here: str) -> str:
        """An href as written in a page served by site ``here``."""
        for site in ("main", "stale", "external"):
            prefix = site + ":"
            if href.startswith(prefix):
                path = href[len(prefix):]
                return path if site == here else getattr(self, site).rstrip("/") + path
        if href == "closed:":
            return self.closed
        return href


PLACEHOLDER_LINKS = Links("http://main.invalid/", "http://stale.invalid/",
                          "http://external.invalid/", "http://closed.invalid/")


class ServerState:
    """What a running server remembers between requests (per server, so per test run)."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Count one request to ``key``; returns how many there have been, this one included."""
        with self._lock:
            self._hits[key] += 1
            return self._hits[key]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    links: Links = PLACEHOLDER_LINKS
    state: ServerState = field(default_factory=ServerState)

    def param(self, name: str, default: str = "") -> str:
        """A parameter from the form body or the query string (dataproxy accepts both)."""
        return self.form.get(name) or self.query.get(name) or default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: tuple[tuple[str, str], ...] = ()


Handler = Callable[[Request], Response]


def html_response(text: str, status: int = 200, *, encoding: str = "utf-8",
                  charset_label: str | None = None) -> Response:
    """An HTML page encoded as ``encoding``; the header names ``charset_label`` (default: the same)."""
    label = charset_label or encoding
    return Response(status, text.encode(encoding), f"text/html; charset={label}")


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", HTML, (("Location", location),))


class Site:
    """One simulated website: exact-path routes plus a 404 page for everything else."""

    def __init__(self, key: str, not_found: Callable[[Request], str] | None = None) -> None:
        self.key = key
        self.routes: dict[str, Handler] = {}
        self._not_found = not_found

    def add(self, path: str, handler: Handler) -> None:
        if path in self.routes:
            raise ValueError(f"{self.key}: route {path} defined twice")
        self.routes[path] = handler

    def page(self, path: str, render: Callable[[Links], str], *, encoding: str = "utf-8",
             charset_label: str | None = None) -> None:
        """A static page whose HTML depends only on where the servers are."""
        self.add(path, lambda request: html_response(render(request.links), encoding=encoding,
                                                     charset_label=charset_label))

    def file(self, path: str, body: bytes, content_type: str) -> None:
        self.add(path, lambda request: Response(200, body, content_type))

    def respond(self, request: Request) -> Response:
        handler = self.routes.get(request.path)
        if handler is None and request.path.endswith("/"):
            # Real servers answer a directory with its index page.
            handler = self.routes.get(request.path + "index.html")
        if handler is None:
            return self.not_found(request)
        return handler(request)

    def not_found(self, request: Request) -> Response:
        body = self._not_found(request) if self._not_found else (
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>"
            "<body><h1>404 Not Found</h1></body></html>")
        return html_response(body, 404)

    @property
    def paths(self) -> list[str]:
        return sorted(self.routes)
