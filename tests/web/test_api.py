"""The REST API: every endpoint with its role, 401 without a user, 403 for a role too low."""
from __future__ import annotations

import time
from io import BytesIO

from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from storage import models as m

from tests.support.small_site import SmallSite
from tests.web.conftest import PNG, make_console

ENDPOINTS = [  # (method, path, body, lowest role allowed)
    ("GET", "/api/v1/sites", None, "viewer"),
    ("POST", "/api/v1/sites", {"url": "http://www.example.gov.cn/"}, "admin"),
    ("GET", "/api/v1/sites/{site}", None, "viewer"),
    ("GET", "/api/v1/sites/{site}/runs", None, "viewer"),
    ("GET", "/api/v1/sites/{site}/cases", None, "viewer"),
    ("GET", "/api/v1/screenshots/{shot}", None, "viewer"),
    ("POST", "/api/v1/audits", {"url": "http://127.0.0.1:9/"}, "inspector"),
    ("GET", "/api/v1/audits/{run}", None, "viewer"),
    ("GET", "/api/v1/patrols", None, "viewer"),
    ("POST", "/api/v1/patrols", {"registry": "/nonexistent.yaml"}, "inspector"),
    ("POST", "/api/v1/findings/{finding}/review", {"decision": "confirm", "reason": ""}, "inspector"),
    ("GET", "/api/v1/notices", None, "viewer"),
    ("POST", "/api/v1/notices", {"period": "2026-11"}, "inspector"),
    ("GET", "/api/v1/openapi.json", None, "viewer"),
]
ROLES = ("viewer", "inspector", "admin")


def _path(console, template: str) -> str:
    s = console.stored
    return template.format(site=s.fail_site, run=s.fail_run, finding=s.broken_finding,
                           shot=s.shot)


@pytest.mark.parametrize("method,path,body,role", ENDPOINTS)
def test_every_endpoint_needs_a_user_and_its_role(console, method, path, body, role) -> None:
    url = _path(console, path)
    anonymous = console.client.request(method, url, json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    bad_token = console.client.request(method, url, json=body,
                                       headers={"Authorization": "Bearer gp_not-a-token"})
    assert bad_token.status_code == 401
    for who in ROLES:
        answer = console.client.request(method, url, json=body, headers=console.as_role(who))
        if ROLES.index(who) < ROLES.index(role):
            assert answer.status_code == 403, (who, answer.text)
        else:
            assert answer.status_code not in (401, 403), (who, answer.status_code, answer.text)


def test_openapi_document_lists_the_spec_resources(console) -> None:
    paths = console.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/sites", "/api/v1/sites/{site_id}", "/api/v1/sites/{site_id}/runs",
                 "/api/v1/sites/{site_id}/cases", "/api/v1/audits", "/api/v1/audits/{audit_id}",
                 "/api/v1/patrols", "/api/v1/findings/{finding_id}/review", "/api/v1/notices",
                 "/api/v1/notices/{notice_id}/{fmt}"):
        assert path in paths


def test_sites_filtered_by_verdict_check_and_name(console) -> None:
    names = lambda **q: [s["name"] for s in console.get("/api/v1/sites", params=q).json()]
    assert names() == ["云溪市人民政府", "云溪市教育局"]
    assert names(verdict="fail") == ["云溪市人民政府"]
    assert names(verdict="pass") == ["云溪市教育局"]
    assert names(check="broken_link") == ["云溪市人民政府"]
    assert names(check="blank_column") == []
    assert names(name="教育") == ["云溪市教育局"]
    assert console.get("/api/v1/sites", params={"verdict": "maybe"}).status_code == 422


def test_site_runs_cases_and_times_in_china_time(console) -> None:
    s = console.stored
    site = console.get(f"/api/v1/sites/{s.fail_site}").json()
    assert site["site"]["latest_run"]["verdict"] == "fail"
    assert site["site"]["latest_run"]["started_at"] == "2026-11-20T09:30:00+08:00"
    assert [f["check"] for f in site["findings"]] == ["homepage_stale", "broken_link"]
    assert all(f["review"] is None for f in site["findings"])
    runs = console.get(f"/api/v1/sites/{s.fail_site}/runs").json()
    assert [r["id"] for r in runs] == [s.fail_run]
    assert runs[0]["findings"] == {"veto": 1, "deduct": 1}
    assert console.get(f"/api/v1/sites/{s.fail_site}/cases").json() == []  # no case history stored
    assert console.get("/api/v1/sites/999").status_code == 404


def test_admin_adds_a_site(console) -> None:
    made = console.post("/api/v1/sites", {"url": "www.lanping.gov.cn", "name": "兰坪县人民政府"},
                        role="admin")
    assert made.status_code == 201
    assert made.json()["url"] == "http://www.lanping.gov.cn/"
    assert console.post("/api/v1/sites", {"url": "not a url"}, role="admin").status_code == 422


def test_review_is_kept_with_reviewer_and_reason(console) -> None:
    s = console.stored
    assert console.post(f"/api/v1/findings/{s.broken_finding}/review",
                        {"decision": "dismiss", "reason": ""}).status_code == 422  # reason needed
    answer = console.post(f"/api/v1/findings/{s.broken_finding}/review",
                          {"decision": "dismiss", "reason": "链接已在检查后修复，复查可访问"})
    assert answer.status_code == 201
    review = answer.json()
    assert review["decision"] == "dismiss" and review["reviewer"] == "inspector"
    assert review["reviewed_at"].endswith("+08:00")
    finding = next(f for f in console.get(f"/api/v1/sites/{s.fail_site}").json()["findings"]
                   if f["id"] == s.broken_finding)
    assert finding["review"]["reason"] == "链接已在检查后修复，复查可访问"
    assert console.post("/api/v1/findings/99999/review",
                        {"decision": "confirm", "reason": ""}).status_code == 404
    assert console.post(f"/api/v1/findings/{s.veto_finding}/review",
                        {"decision": "maybe", "reason": "x"}).status_code == 422


def _docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_a_dismissed_finding_is_never_named_and_the_rest_await_review(console) -> None:
    s = console.stored
    first = console.post("/api/v1/notices", {"period": "2026-11", "issuer": "云溪市政务公开办"})
    assert first.status_code == 201, first.text
    notice = first.json()
    assert notice["review"] == {"dismissed": 0, "awaiting": 2}
    text = _docx_text(console.get(f"/api/v1/notices/{notice['id']}/docx").content)
    assert "missing.html" in text or "首页链接无法访问" in text

    console.post(f"/api/v1/findings/{s.broken_finding}/review",
                 {"decision": "dismiss", "reason": "误报：该链接为站外临时维护页"})
    console.post(f"/api/v1/findings/{s.veto_finding}/review", {"decision": "confirm", "reason": ""})
    again = console.post("/api/v1/notices", {"period": "2026-11"}).json()
    assert again["review"] == {"dismissed": 1, "awaiting": 0}
    docx = console.get(f"/api/v1/notices/{again['id']}/docx")
    assert docx.status_code == 200 and docx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = _docx_text(docx.content)
    assert "首页链接无法访问" not in text and "missing.html" not in text
    assert "云溪市人民政府" in text  # still named for its confirmed veto
    for fmt in ("xlsx", "html"):
        assert console.get(f"/api/v1/notices/{again['id']}/{fmt}").status_code == 200
    html = console.get(f"/api/v1/notices/{again['id']}/html").text
    assert "missing.html" not in html
    assert console.get(f"/api/v1/notices/{again['id']}/pdf").status_code == 422
    listed = console.get("/api/v1/notices").json()
    assert [n["id"] for n in listed] == [again["id"]]
    # The dismissed finding stays in the history, with its reason.
    kept = console.get(f"/api/v1/runs/{s.fail_run}").json()["problems"]
    assert any(f["id"] == s.broken_finding and f["review"]["decision"] == "dismiss" for f in kept)


def test_dismissing_the_only_veto_passes_the_site_in_the_notice(console) -> None:
    s = console.stored
    console.post(f"/api/v1/findings/{s.veto_finding}/review",
                 {"decision": "dismiss", "reason": "首页有更新，日期识别有误"})
    notice = console.post("/api/v1/notices", {"period": "2026-11"}).json()
    assert notice["sites"]["passed"] == 2 and notice["sites"]["checked"] == 2


def test_notice_of_an_empty_period_and_a_bad_period(console) -> None:
    assert console.post("/api/v1/notices", {"period": "2025-01"}).status_code == 409
    assert console.post("/api/v1/notices", {"period": "someday"}).status_code == 422


def test_patrols_list_with_pass_rate_and_bad_registry(console, tmp_path) -> None:
    patrols = console.get("/api/v1/patrols").json()
    assert [(p["id"], p["checked"], p["passed"], p["rate"]) for p in patrols] == [
        (console.stored.patrol, 2, 1, 0.5)]
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites: 3\n", encoding="utf-8")
    assert console.post("/api/v1/patrols", {"registry": str(bad)}).status_code == 422


def test_tokens_issued_to_the_caller(console) -> None:
    made = console.post("/api/v1/tokens", {"label": "脚本"}, role="viewer")
    assert made.status_code == 201 and made.json()["role"] == "viewer"
    token = made.json()["token"]
    assert console.client.get("/api/v1/sites", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_an_audit_of_a_private_address_is_refused(console) -> None:
    for url in ("http://127.0.0.1:8080/", "http://[::1]/", "http://10.1.2.3/", "http://localhost/",
                "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/"):
        answer = console.post("/api/v1/audits", {"url": url})
        assert answer.status_code == 422, url
        assert "allowed_networks" in answer.json()["detail"] or "无法解析" in answer.json()["detail"], url
    assert console.post("/api/v1/audits", {"url": "ftp://x"}).status_code == 422


def test_an_audit_in_an_allowed_network_runs_to_its_report(tmp_path, web_template) -> None:
    site = SmallSite("澜沧县人民政府")
    console = make_console(tmp_path, web_template, allowed=["127.0.0.0/8"])
    try:
        started = console.post("/api/v1/audits", {"url": site.url, "as_of": "2026-11-20"})
        assert started.status_code == 202, started.text
        audit_id = started.json()["id"]
        deadline = time.monotonic() + 120
        while True:
            state = console.get(f"/api/v1/audits/{audit_id}").json()
            if state["status"] != "running":
                break
            assert time.monotonic() < deadline, state
            time.sleep(0.5)
        assert state["status"] == "complete", state
        assert state["progress"]["stage"] == "done" and state["progress"]["counters"]["pages"] >= 3
        report = state["report"]
        assert report["schema"] == "govpatrol.audit/1" and report["as_of"] == "2026-11-20"
        assert any(f["check"] == "broken_link" and f["url"].endswith("/missing.html")
                   for f in report["findings"])
        html = console.get(f"/api/v1/runs/{audit_id}/report.html")
        assert html.status_code == 200 and "澜沧县人民政府" in html.text
    finally:
        console.client.close()
        console.db.dispose()
        site.close()


def test_a_problem_named_before_and_dismissed_now_is_not_called_fixed(console) -> None:
    s = console.stored
    november = console.post("/api/v1/notices", {"period": "2026-11"}).json()
    assert november["review"]["awaiting"] == 2
    # The runs judged again as of December, where the broken link is then dismissed: the
    # December notice compares with November's, which named it.
    with console.db.session() as session:
        for run in session.scalars(select(m.Run)):
            run.as_of = date(2026, 12, 10)
    console.post(f"/api/v1/findings/{s.broken_finding}/review",
                 {"decision": "dismiss", "reason": "误报"})
    december = console.post("/api/v1/notices", {"period": "2026-12"}).json()
    with console.db.session() as session:
        changes = session.get(m.Notice, december["id"]).summary["changes"]
    assert changes == {"new": 0, "repeat": 1, "fixed": 0}  # the veto repeats; nothing fixed


def test_notices_written_from_the_web_carry_the_settings_issuer(console) -> None:
    console.settings.issuer = "云溪市政务服务管理局"
    notice = console.post("/api/v1/notices", {"period": "2026-11"}).json()
    html = console.get(f"/api/v1/notices/{notice['id']}/html").text
    assert "云溪市政务服务管理局" in html
    named = console.post("/api/v1/notices", {"period": "2026-11", "issuer": "另一单位"}).json()
    assert "另一单位" in console.get(f"/api/v1/notices/{named['id']}/html").text


def test_findings_link_the_screenshot_the_audit_took(console) -> None:
    s = console.stored
    problems = {p["check"]: p for p in console.get(f"/api/v1/runs/{s.fail_run}").json()["problems"]}
    assert problems["homepage_stale"]["screenshot"] == f"/api/v1/screenshots/{s.shot}"
    assert problems["broken_link"]["screenshot"] is None  # its page was not shot
    picture = console.get(f"/api/v1/screenshots/{s.shot}")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content == PNG
    assert console.get("/api/v1/screenshots/999").status_code == 404


def test_run_reports_show_the_screenshot_stored_with_the_run(console) -> None:
    s = console.stored
    html = console.get(f"/api/v1/runs/{s.fail_run}/report.html")
    assert html.status_code == 200 and html.text.count('<figure class="shot">') == 1
    document = Document(BytesIO(console.get(f"/api/v1/runs/{s.fail_run}/report.docx").content))
    assert len(document.inline_shapes) == 1
