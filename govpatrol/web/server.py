"""Serving the console with uvicorn from a thread of ``govpatrol serve``, on a socket bound
first, so that a port already in use is one clear sentence instead of a traceback."""
from __future__ import annotations

import errno
import socket
import threading

import uvicorn
from fastapi import FastAPI

DEFAULT_PORT = 8765  # not 8080, where the demo site and many tools listen


class PortInUse(OSError):
    """The address cannot be bound; the message says which and what to do."""


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"端口 {port} 已被占用（{host}），请用 --port 另选端口") \
                from None
        raise PortInUse(f"无法在 {host}:{port} 监听：{exc.strerror or exc}") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


class WebServer:
    def __init__(self, app: FastAPI, sock: socket.socket):
        self.sock = sock
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]},
                                       name="web", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def start(self) -> "WebServer":
        self.thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.sock.close()
