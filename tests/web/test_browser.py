"""The console in a real browser (Playwright driving Chromium, launched as the product
launches it): sign in, audit a generated site by its host name, watch the audit finish,
dismiss a finding, write the notice and download it (the dismissed finding is in the notice
before the review and absent after it), then start a patrol and see its 合格率.

With GOVPATROL_DOCS_SHOTS=1 the test also saves the screenshots in docs/ that the README
shows (CI leaves them alone).
"""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from crawlers.browser import launch_options
from govpatrol.demosite.generated.build import generate
from govpatrol.demosite.generated.server import GeneratedServer
from govpatrol.web.actions import WebSettings
from govpatrol.web.app import create_app
from govpatrol.web.server import WebServer, bind
from govpatrol.web.users import add_user
from reports.notice_model import NOTICE_SEVERITIES
from storage import models as m
from storage.db import Database

SEED = 0  # a TRS site with planted problems
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = os.environ.get("GOVPATROL_DOCS_SHOTS") == "1"
PASSWORD = "inspector-password"


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def shot(page, name: str) -> None:
    if SHOTS:
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / name), full_page=False)


@pytest.fixture
def served(tmp_path: Path):
    site = generate(SEED)
    with GeneratedServer(site) as generated:
        db = Database(f"sqlite:///{tmp_path / 'console.db'}")
        with db.session() as session:
            add_user(session, "wang", "inspector", PASSWORD)
        settings = WebSettings(work_dir=tmp_path / "work", nameservers=[generated.dns.address],
                               allowed_networks=["127.0.0.0/8", "::1/128"], max_pages=60)
        server = WebServer(create_app(db, settings), bind("127.0.0.1", 0)).start()
        try:
            yield server.url.rstrip("/"), generated, db, tmp_path
        finally:
            server.stop()
            db.dispose()


def _unique_finding(db: Database, run_id: int) -> tuple[int, str]:
    """A finding the notice quotes in full: one that a notice names, alone under its check."""
    with db.session() as session:
        findings = list(session.scalars(select(m.Finding).where(
            m.Finding.run_id == run_id, m.Finding.severity.in_(NOTICE_SEVERITIES))))
    per_check = Counter(f.check for f in findings)
    messages = Counter(f.message for f in findings)
    for finding in findings:
        if per_check[finding.check] == 1 and messages[finding.message] == 1:
            return finding.id, finding.message
    raise AssertionError(f"no finding alone under its check among {per_check}")


def _write_and_download(page, base: str, period: str, out: Path) -> Path:
    page.goto(f"{base}/notices")
    page.fill("#notice-form input[name=period]", period)
    page.click("#notice-form button[type=submit]")
    expect(page.locator("#notices .download-docx").first).to_be_visible()
    with page.expect_download() as download:
        page.locator("#notices .download-docx").first.click()
    download.value.save_as(str(out))
    return out


def test_audit_review_and_notice_in_a_browser(served) -> None:
    base, generated, db, work = served
    as_of = generated.site.truth.as_of
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.goto(f"{base}/")
            expect(page).to_have_url(f"{base}/login?next=%2F")
            page.fill("input[name=name]", "wang")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text("总览")

            page.goto(f"{base}/audits/new")
            page.fill("#audit-form input[name=url]", generated.home)
            page.fill("#audit-form input[name=as_of]", as_of.isoformat())
            page.click("#audit-form button[type=submit]")
            expect(page.locator("#audit-status")).to_have_text("抓取中", timeout=60_000)
            expect(page.locator("#audit-result")).to_be_visible(timeout=400_000)
            assert page.locator("#audit-verdict").inner_text() in ("合格", "不合格")
            run_id = int(page.url.rsplit("/", 1)[1])

            finding_id, message = _unique_finding(db, run_id)
            period = as_of.strftime("%Y-%m")
            before = docx_text(_write_and_download(page, base, period, work / "before.docx"))
            assert message in before  # the notice names it until it is dismissed

            page.goto(f"{base}/audits/{run_id}")
            page.click("#audit-site-link")
            expect(page.locator(f"#finding-{finding_id}")).to_be_visible()
            shot(page, "web-site.png")
            box = page.locator(f"#finding-{finding_id}")
            box.locator("input[name=reason]").fill("复核：该栏目已迁移，误报")
            box.locator("button[value=dismiss]").click()
            box = page.locator(f"#finding-{finding_id}")
            expect(box.locator(".review-state")).to_have_text("已排除")
            expect(box).to_contain_text("复核：该栏目已迁移，误报")
            box.scroll_into_view_if_needed()
            shot(page, "web-review.png")
            labels_shown = page.locator("dl.evidence dt").all_inner_texts()
            assert labels_shown and not [t for t in labels_shown if re.fullmatch(r"[a-z0-9_]+", t)]

            after = docx_text(_write_and_download(page, base, period, work / "after.docx"))
            assert message not in after
            expect(page.locator("#notices")).to_contain_text("1")  # one finding dismissed

            # A patrol started from the overview, of a registry naming the same site.
            registry = work / "sites.yaml"
            registry.write_text(f"sites:\n  - {{name: 青山县人民政府, url: '{generated.home}'}}\n",
                                encoding="utf-8")
            page.goto(f"{base}/")
            page.fill("#patrol-form input[name=registry]", str(registry))
            page.click("#patrol-form button[type=submit]")
            deadline = time.monotonic() + 300
            while "已完成" not in page.locator("#patrols").inner_text():
                assert time.monotonic() < deadline, page.locator("#patrols").inner_text()
                page.wait_for_timeout(1000)
                page.reload()
            expect(page.locator("#rate-chart rect")).to_have_count(1)
            expect(page.locator("#check-chart")).to_be_visible()
            shot(page, "web-overview.png")
        finally:
            browser.close()
