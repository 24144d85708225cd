"""Engine and session setup. Every database is brought to the newest schema by Alembic."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_URL = "sqlite:///govpatrol.db"


def database_url(url: str | None = None) -> str:
    """The URL every process of a run uses. A relative SQLite path means the folder where
    the command was started, so it is made absolute here, before any child process (which
    may start elsewhere) sees it."""
    url = url or os.environ.get("GOVPATROL_DATABASE") or DEFAULT_URL
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not parsed.database.startswith("file:") and not Path(parsed.database).is_absolute():
        parsed = parsed.set(database=str(Path.cwd() / parsed.database))
        return parsed.render_as_string(hide_password=False)
    return url


def alembic_config(url: str):
    # Alembic is loaded only to migrate: a crawl child (migrate=False) never needs it, and
    # it costs every child some 12 MB and half a second of start.
    from alembic.config import Config  # loaded only to migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        # Crawl children and the parent write to one file: wait for locks instead of failing.
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(url: str | None = None) -> None:
    """Create or migrate the schema to the newest revision."""
    from alembic import command  # loaded only to migrate (see alembic_config)

    url = database_url(url)
    cfg = alembic_config(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()


class Database:
    """A migrated database and its session factory."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = database_url(url)
        if migrate:
            upgrade(self.url)
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
