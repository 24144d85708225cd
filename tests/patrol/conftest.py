"""Fixtures of the patrol, history and scheduler tests (helpers: ``tests/support``)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from storage.db import Database
from tests.support.small_site import HangingServer, SmallSite


@pytest.fixture
def small_sites() -> Iterator[list[SmallSite]]:
    sites = [SmallSite("云岭县人民政府"), SmallSite("石屏县人民政府", broken=False)]
    yield sites
    for site in sites:
        site.close()


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.close()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'govpatrol.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()

