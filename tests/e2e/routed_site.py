"""A small simulated site on 127.0.0.1 whose pages may be functions of the request (GET, HEAD
and POST), for sites whose lists come from data APIs and form posts.

    routes = {"/": "<html>…", "/api/list": lambda req: Reply(json.dumps(...), content_type=JSON)}
    with RoutedSite(routes) as site:
        site.url("/")

A route key is a path without its query; a key with a query ("/list.asp?classid=3") wins for
that exact request. Unknown paths answer 404.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

from tests.support.http_servers import Reply

JSON = "application/json; charset=utf-8"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)

    def param(self, name: str, default: str = "") -> str:
        return self.form.get(name, self.query.get(name, default))




class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        site: RoutedSite = self.server.site  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        parts = urlsplit(self.path)
        request = Request(self.command, parts.path, dict(parse_qsl(parts.query)),
                          dict(parse_qsl(body)) if self.command == "POST" else {})
        site.seen.append(request)
        reply = site.answer(request, self.path)
        payload = reply.payload()
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_HEAD = do_POST = _serve  # noqa: N815

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128


class RoutedSite:
    def __init__(self, routes: Mapping[str, "str | Reply | Callable[[Request], Reply | str]"],
                 host: str = "127.0.0.1"):
        self.routes = dict(routes)
        self.host = host
        self.port = 0
        self.seen: list[Request] = []
        self._httpd: _Server | None = None

    def url(self, path: str = "/", hostname: str | None = None) -> str:
        return f"http://{hostname or self.host}:{self.port}{path}"

    def answer(self, request: Request, raw_path: str) -> Reply:
        route = self.routes.get(raw_path, self.routes.get(request.path))
        if route is None:
            return Reply("<html><head><title>404</title></head><body>页面不存在</body></html>", status=404)
        if callable(route):
            route = route(request)
        return route if isinstance(route, Reply) else Reply(route)

    def __enter__(self) -> "RoutedSite":
        self._httpd = _Server((self.host, 0), _Handler)
        self._httpd.site = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
