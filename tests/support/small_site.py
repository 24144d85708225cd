"""Small local sites for the patrol, history and scheduler tests.

``SmallSite`` is a tiny county government site on 127.0.0.1 whose pages a test can change
between two inspections; ``HangingServer`` accepts connections and never answers, as a
site whose web server hangs does.
"""
from __future__ import annotations

import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AS_OF = date(2026, 11, 20)


def homepage(title: str, *, broken: bool, items: list[tuple[str, str, str]]) -> str:
    rows = "\n".join(f'<li><a href="{href}">{text}</a><span>{day}</span></li>'
                     for href, text, day in items)
    extra = '<li><a href="/missing.html">办事指南</a></li>' if broken else ""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/gzdt/index.html">工作动态</a></div>
<div class="block"><h3>工作动态</h3><ul>{rows}</ul></div>
<div class="block"><h3>服务</h3><ul>{extra}<li><a href="/about.html">联系我们</a></li></ul></div>
<div class="footer">主办单位：{title}办公室 网站标识码：5300000001 滇ICP备12345678号
滇公网安备 53000002000001号 <a href="/jiucuo.html">我为政府网站找错</a></div></body></html>"""


def site_pages(title: str, *, broken: bool = True) -> dict[str, str]:
    items = [(f"/art/{n}.html", f"{title}召开第{n}次工作会议", f"2026-11-{19 - n:02d}")
             for n in range(1, 5)]
    pages = {
        "/": homepage(title, broken=broken, items=items),
        "/gzdt/index.html": ("<html><head><meta charset='utf-8'><title>工作动态</title></head><body>"
                             "<h2>工作动态</h2><ul>"
                             + "".join(f'<li><a href="{h}">{t}</a><span>{d}</span></li>'
                                       for h, t, d in items)
                             + "</ul></body></html>"),
        "/about.html": "<html><head><meta charset='utf-8'><title>联系我们</title></head>"
                       "<body>联系电话：0871-0000000</body></html>",
        "/jiucuo.html": "<html><head><meta charset='utf-8'><title>找错</title></head><body>我为政府网站找错</body></html>",
    }
    for href, text, day in items:
        pages[href] = (f"<html><head><meta charset='utf-8'><title>{text}</title></head><body>"
                       f"<h1>{text}</h1><div>发布时间：{day}</div><p>会议内容。</p></body></html>")
    return pages


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        body = self.server.pages.get(self.path.split("?")[0])  # type: ignore[attr-defined]
        status = 200 if body is not None else 404
        data = (body if body is not None else "<title>404</title>页面不存在").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, format: str, *args) -> None:
        pass


class SmallSite:
    """A small site on 127.0.0.1; ``pages`` may be replaced between inspections."""

    def __init__(self, title: str, *, broken: bool = True, port: int = 0):
        self.title = title
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.pages = site_pages(title, broken=broken)  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def set_broken(self, broken: bool) -> None:
        self.httpd.pages = site_pages(self.title, broken=broken)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class HangingServer:
    """Accepts every connection and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the
        # port listening until that call returned.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
