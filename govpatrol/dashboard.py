"""The read-only web dashboard of the service: sites and their latest verdicts, patrols,
open cases and scheduled jobs. The standard library's HTTP server and Jinja2, nothing more.
"""
from __future__ import annotations

import logging
import re
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select

from govpatrol.history import ACTIVE_STATES, CASE_STATE_LABELS, finding_counts, site_cases, site_runs
from reports.labels import (
    TIME_NOTE, check_label, format_time, severity_label, status_label, verdict_label,
)
from storage import models as m
from storage.db import Database

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
# A site id as a database stores it: ASCII digits that fit a signed 64-bit integer; anything
# longer names no site (404), it is not a failure of the page (500).
_SITE_PATH = re.compile(r"/site/([0-9]{1,18})")
JobsProvider = Callable[[], list]


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(check=check_label, severity=severity_label, verdict=verdict_label,
                       status=status_label, time=format_time,
                       state=lambda s: CASE_STATE_LABELS.get(s, s))
    env.globals["time_note"] = TIME_NOTE
    return env


class DashboardData:
    """What the pages show, read from storage in one session per page."""

    def __init__(self, db: Database, jobs: JobsProvider):
        self.db = db
        self.jobs = jobs

    def overview(self) -> dict[str, Any]:
        with self.db.session() as session:
            sites = list(session.scalars(select(m.Site).order_by(m.Site.name, m.Site.url)))
            latest = {}
            for site in sites:
                runs = site_runs(session, site.id, limit=1)
                latest[site.id] = runs[0] if runs else None
            open_counts = dict(session.execute(
                select(m.Case.site_id, func.count()).where(m.Case.state.in_(ACTIVE_STATES))
                .group_by(m.Case.site_id)).all())
            patrols = list(session.scalars(select(m.Patrol).order_by(m.Patrol.id.desc())
                                           .limit(10)))
            patrol_runs = {p.id: dict(session.execute(
                select(m.Run.status, func.count()).where(m.Run.patrol_id == p.id)
                .group_by(m.Run.status)).all()) for p in patrols}
            cases = list(session.scalars(select(m.Case).where(m.Case.state.in_(ACTIVE_STATES))
                                         .order_by(m.Case.severity, m.Case.last_seen.desc())
                                         .limit(200)))
            names = {s.id: s.name or s.url for s in sites}
            return {"sites": sites, "latest": latest, "open_counts": open_counts,
                    "patrols": patrols, "patrol_runs": patrol_runs, "cases": cases,
                    "site_names": names, "jobs": self._jobs()}

    def site(self, site_id: int) -> dict[str, Any] | None:
        with self.db.session() as session:
            site = session.get(m.Site, site_id)
            if site is None:
                return None
            runs = site_runs(session, site_id, limit=50)
            return {"site": site, "runs": runs,
                    "counts": finding_counts(session, [r.id for r in runs]),
                    "cases": site_cases(session, site_id)}

    def _jobs(self) -> list:
        try:
            return self.jobs()
        except Exception:  # the page still shows the rest when the job store is unreadable
            log.exception("could not list scheduled jobs")
            return []


class _Handler(BaseHTTPRequestHandler):
    server: "DashboardServer"

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        path = urlsplit(self.path).path
        try:
            if path == "/healthz":
                return self._send(HTTPStatus.OK, "ok\n", "text/plain; charset=utf-8")
            if path == "/":
                return self._page("dashboard.html.j2", self.server.data.overview())
            site_id = _SITE_PATH.fullmatch(path)
            if site_id is not None:
                context = self.server.data.site(int(site_id.group(1)))
                if context is not None:
                    return self._page("dashboard_site.html.j2", context)
            self._send(HTTPStatus.NOT_FOUND, "<h1>404 页面不存在</h1>")
        except Exception:
            log.exception("dashboard page %s failed", path)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "<h1>500 内部错误</h1>")

    def _page(self, template: str, context: dict[str, Any]) -> None:
        html = self.server.env.get_template(template).render(**context)
        self._send(HTTPStatus.OK, html)

    def _send(self, status: HTTPStatus, body: str,
              content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        log.debug("dashboard: " + format, *args)


class DashboardServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], data: DashboardData):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.data = data
        self.env = environment()


def start_dashboard(db: Database, host: str, port: int, jobs: JobsProvider) -> DashboardServer:
    """Serve the dashboard from a background thread; ``port`` 0 picks a free one."""
    server = DashboardServer((host, port), DashboardData(db, jobs))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="dashboard", daemon=True)
    thread.start()
    return server
