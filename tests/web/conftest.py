"""A console over a database holding two sites and their runs, with one user per role and a
token each."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from govpatrol.web.actions import WebSettings
from govpatrol.web.app import create_app
from govpatrol.web.users import add_user, issue_token
from storage import models as m
from storage.db import Database
from tests.support.png import small_png

PASSWORD = "correct horse battery"
AS_OF = date(2026, 11, 20)
STARTED = datetime(2026, 11, 20, 1, 30, tzinfo=timezone.utc)  # 09:30 in China


@dataclass
class Stored:
    fail_site: int
    pass_site: int
    fail_run: int
    veto_finding: int
    broken_finding: int
    patrol: int
    shot: int


PNG = small_png()  # the bytes served back, as stored


def store_sample(db: Database) -> Stored:
    """云溪市人民政府 fails (首页不更新, a veto) with a broken link as well; 云溪市教育局
    passes. Both were inspected by one patrol as of 2026-11-20."""
    with db.session() as session:
        patrol = m.Patrol(as_of=AS_OF, registry_path="/srv/sites.yaml", started_at=STARTED,
                          finished_at=STARTED, status="complete")
        bad = m.Site(url="http://www.yunxi.gov.cn/", name="云溪市人民政府", organizer="云溪市人民政府办公室",
                     site_code="5301000001", options={}, created_at=STARTED)
        good = m.Site(url="http://jyj.yunxi.gov.cn/", name="云溪市教育局", options={}, created_at=STARTED)
        session.add_all([patrol, bad, good])
        session.flush()
        runs = []
        for site, verdict, reasons in ((bad, "fail", ["homepage_stale"]), (good, "pass", [])):
            run = m.Run(site_id=site.id, patrol_id=patrol.id, kind="patrol", as_of=AS_OF,
                        started_at=STARTED, finished_at=STARTED, status="complete",
                        settings={}, stats={"pages": 12}, verdict=verdict, verdict_reasons=reasons)
            session.add(run)
            session.flush()
            runs.append(run)
            session.add(m.CheckStatus(run_id=run.id, check="homepage_stale", status="checked"))
        veto = m.Finding(run_id=runs[0].id, check="homepage_stale", severity="veto",
                         url=bad.url, page=bad.url, message="首页最新信息发布于2026-10-01，已50天未更新",
                         evidence={"latest": "2026-10-01", "age_days": 50, "list_url": bad.url})
        broken = m.Finding(run_id=runs[0].id, check="broken_link", severity="deduct",
                           url="http://www.yunxi.gov.cn/missing.html", page=bad.url,
                           message="首页链接无法访问(HTTP 404)",
                           evidence={"status": 404, "scope": "homepage",
                                     "pages": [f"{bad.url}p{i}.html" for i in range(8)]})
        session.add_all([veto, broken])
        # The audit shot the stale homepage when it found the problem.
        shot = m.Screenshot(run_id=runs[0].id, url=bad.url, png=PNG, taken_at=STARTED)
        session.add(shot)
        session.flush()
        return Stored(bad.id, good.id, runs[0].id, veto.id, broken.id, patrol.id, shot.id)


@dataclass
class Console:
    client: TestClient
    db: Database
    stored: Stored
    tokens: dict[str, str]
    settings: WebSettings

    def as_role(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, path: str, role: str | None = "viewer", **kw):
        return self.client.get(path, headers=self.as_role(role) if role else {}, **kw)

    def post(self, path: str, body: dict, role: str | None = "inspector"):
        return self.client.post(path, json=body, headers=self.as_role(role) if role else {})


@dataclass
class Template:
    """A database made once per session (migrations and password hashing take a while);
    each test works on its own copy."""

    path: Path
    stored: Stored
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def web_template(tmp_path_factory) -> Template:
    path = tmp_path_factory.mktemp("web-template") / "web.db"
    db = Database(f"sqlite:///{path}")
    stored = store_sample(db)
    tokens = {}
    with db.session() as session:
        for role in ("viewer", "inspector", "admin"):
            tokens[role] = issue_token(session, add_user(session, role, role, PASSWORD))
    db.dispose()
    return Template(path, stored, tokens)


def make_console(tmp_path: Path, template: Template, allowed: list[str] | None = None,
                 nameservers: list[str] | None = None) -> Console:
    copy = tmp_path / "web.db"
    shutil.copyfile(template.path, copy)
    db = Database(f"sqlite:///{copy}")
    settings = WebSettings(work_dir=tmp_path / "work", allowed_networks=allowed or [],
                           nameservers=nameservers or [], max_pages=30)
    client = TestClient(create_app(db, settings))
    return Console(client, db, template.stored, dict(template.tokens), settings)


@pytest.fixture
def console(tmp_path: Path, web_template: Template):
    made = make_console(tmp_path, web_template)
    yield made
    made.client.close()
    made.db.dispose()
