"""The console's pages through a browser-like client: sign-in, CSRF on forms, labels and
China time in what the pages show, the review form."""
from __future__ import annotations

import re

import pytest

from reports.labels import check_label
from tests.web.conftest import PASSWORD


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(console, name: str = "inspector") -> str:
    page = console.client.get("/login")
    answer = console.client.post("/login", data={"name": name, "password": PASSWORD,
                                                 "csrf_token": _csrf(page.text), "next": "/sites"},
                                 follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/sites"
    return _csrf(console.client.get("/").text)


def test_pages_send_a_stranger_to_sign_in(console) -> None:
    for path in ("/", "/sites", f"/sites/{console.stored.fail_site}", "/notices", "/audits/new"):
        answer = console.client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_sign_in_needs_the_right_password_and_a_csrf_token(console) -> None:
    page = console.client.get("/login")
    wrong = console.client.post("/login", data={"name": "inspector", "password": "nope",
                                                "csrf_token": _csrf(page.text)})
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    forged = console.client.post("/login", data={"name": "inspector", "password": PASSWORD,
                                                 "csrf_token": "forged"})
    assert forged.status_code == 403
    elsewhere = console.client.post("/login", data={"name": "inspector", "password": PASSWORD,
                                                    "csrf_token": _csrf(page.text),
                                                    "next": "//evil.example/"},
                                    follow_redirects=False)
    assert elsewhere.headers["location"] == "/"


def test_forms_without_the_session_csrf_token_are_refused(console) -> None:
    sign_in(console)
    s = console.stored
    forged = console.client.post(f"/findings/{s.broken_finding}/review",
                                 data={"decision": "confirm", "reason": ""})
    assert forged.status_code == 403
    api_forged = console.client.post(f"/api/v1/findings/{s.broken_finding}/review",
                                     json={"decision": "confirm", "reason": ""})
    assert api_forged.status_code == 403  # a session, not a token: the header is needed


def test_site_page_shows_labelled_evidence_china_time_and_review(console) -> None:
    csrf = sign_in(console)
    s = console.stored
    page = console.client.get(f"/sites/{s.fail_site}").text
    assert "首页不更新" in page and "单项否决" in page
    assert "列表页网址" in page and "list_url" not in page  # evidence keys are labelled
    assert "2026-11-20 09:30 (UTC+8)" in page
    assert "共8条，展开其余3条" in page  # a long list is folded with its count
    answer = console.client.post(f"/findings/{s.broken_finding}/review",
                                 data={"decision": "dismiss", "reason": "站外链接，非本站问题",
                                       "csrf_token": csrf, "back": f"/sites/{s.fail_site}"},
                                 follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sites/{s.fail_site}#finding-{s.broken_finding}"
    page = console.client.get(f"/sites/{s.fail_site}").text
    assert "已排除" in page and "站外链接，非本站问题" in page and "inspector" in page
    assert "待复核 1 个；已排除 1 个。" in page


def test_a_viewer_sees_no_review_form_and_cannot_post_one(console) -> None:
    csrf = sign_in(console, "viewer")
    s = console.stored
    assert "review-form" not in console.client.get(f"/sites/{s.fail_site}").text
    answer = console.client.post(f"/findings/{s.broken_finding}/review",
                                 data={"decision": "confirm", "reason": "", "csrf_token": csrf})
    assert answer.status_code == 403


def test_overview_charts_and_site_filters(console) -> None:
    sign_in(console)
    page = console.client.get("/").text
    assert 'id="rate-chart"' in page and "50%" in page  # one patrol, one of two sites passed
    chart = page.split('id="check-chart"', 1)[1].split("</div>\n</div>", 1)[0]
    assert check_label("homepage_stale") in chart and check_label("broken_link") in chart
    listed = console.client.get("/sites", params={"verdict": "pass"}).text
    assert "云溪市教育局" in listed and "云溪市人民政府" not in listed
    listed = console.client.get("/sites", params={"check": "broken_link"}).text
    assert "云溪市人民政府" in listed and "云溪市教育局" not in listed


def test_notice_written_from_the_page_is_in_the_archive(console) -> None:
    csrf = sign_in(console)
    answer = console.client.post("/notices", data={"period": "2026-11", "csrf_token": csrf},
                                 follow_redirects=False)
    assert answer.status_code == 303
    page = console.client.get("/notices").text
    assert "2026-11-01 至 2026-11-30" in page and "download-docx" in page
    assert console.client.post("/notices", data={"period": "2025-01", "csrf_token": csrf}).status_code == 409


def test_sign_out_ends_the_session(console) -> None:
    csrf = sign_in(console)
    console.client.post("/logout", data={"csrf_token": csrf})
    assert console.client.get("/", follow_redirects=False).status_code == 303


def test_what_sites_say_is_escaped(console) -> None:
    from storage import models as m

    with console.db.session() as session:
        finding = session.get(m.Finding, console.stored.broken_finding)
        finding.message = '栏目“<script>alert(1)</script>”为空白栏目'
        finding.evidence = {"column_name": "<img src=x onerror=alert(2)>"}
        session.get(m.Site, console.stored.fail_site).name = "<b>云溪</b>"
    sign_in(console)
    page = console.client.get(f"/sites/{console.stored.fail_site}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>云溪</b>" not in page and "&lt;b&gt;云溪&lt;/b&gt;" in page
    assert "<b>云溪</b>" not in console.client.get("/sites").text


def test_pages_refuse_frames_and_documents_run_sandboxed(console) -> None:
    sign_in(console)
    page = console.client.get("/sites")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    notice = console.post("/api/v1/notices", {"period": "2026-11"}).json()
    html = console.get(f"/api/v1/notices/{notice['id']}/html")
    assert html.headers["content-security-policy"].startswith("sandbox;")


@pytest.mark.parametrize("path", ["/sites/99999999999999999999", "/sites/9223372036854775808",
                                  "/sites/%C2%B2", "/sites/-1", "/sites/999"])
def test_site_ids_no_database_could_hold_are_not_found(console, path) -> None:
    sign_in(console)
    answer = console.client.get(path)
    assert answer.status_code in (404, 422), (path, answer.status_code)
    assert "Traceback" not in answer.text


def test_health_check_needs_no_user(console) -> None:
    answer = console.client.get("/healthz")
    assert answer.status_code == 200 and answer.text == "ok\n"


def test_site_page_shows_the_screenshot_taken_with_the_audit(console) -> None:
    sign_in(console)
    s = console.stored
    page = console.client.get(f"/sites/{s.fail_site}").text
    assert f'<img src="/api/v1/screenshots/{s.shot}"' in page
    assert page.count("<img ") == 1  # only the page that was shot
    assert console.client.get(f"/api/v1/screenshots/{s.shot}").status_code == 200  # signed in
