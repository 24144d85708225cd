"""Fixtures of the notice tests: the stored period (``tests/support/notice_period.py``) and
the local server of its problem pages."""
from __future__ import annotations

import socket
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.notice_period import Period, ProblemPages, new_database, seed_period


@pytest.fixture(scope="session")
def problem_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ProblemPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def dead_base() -> str:
    """A base URL on a port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def period(tmp_path: Path, problem_server: str, dead_base: str) -> Iterator[Period]:
    db = new_database(tmp_path)
    ids = seed_period(db, problem_server, dead_base)
    try:
        yield Period(db, problem_server, dead_base, ids)
    finally:
        db.dispose()
