"""`govpatrol audit URL --as-of 2026-11-20 --json -` against the simulated sites finds every
planted problem with the finding url SPEC asks for, and flags no decoy."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from govpatrol.demosite.expected import DECOYS, EXPECTED_COLUMNS, EXPECTED_FINDINGS, resolve_target
from reports import labels

# The checks that judge what the crawl saw; the IPv6 and availability checks have tests of
# their own with a DNS server (the demo site is addressed by IP).
AUDIT_CHECKS = {"homepage_stale", "stale_column", "blank_column", "broken_link", "identity_missing",
                "interpretation_missing", "interpretation_unlinked", "interpretation_late",
                "message_unanswered", "message_late_reply"}


def findings_of(report):
    return {(f["check"], f["url"]): f for f in report["findings"]}


def test_report_has_the_contract_shape(audited):
    _, report = audited["main"]
    assert report["schema"] == "govpatrol.audit/1"
    assert report["as_of"] == "2026-11-20"
    assert set(report) >= {"site", "started_at", "finished_at", "verdict", "stats", "columns", "findings"}
    assert set(report["stats"]) >= {"pages", "links_checked", "columns", "unchecked", "seconds"}
    assert report["verdict"]["result"] in ("pass", "fail")
    assert report["site"]["site_code"] and report["site"]["name"]
    for finding in report["findings"]:
        assert set(finding) >= {"check", "severity", "url", "page", "message", "evidence"}
        assert finding["url"].startswith("http://") and "\n" not in finding["message"]


@pytest.mark.parametrize("expect", [e for e in EXPECTED_FINDINGS if e.check in AUDIT_CHECKS],
                         ids=lambda e: f"{e.site}:{e.check}:{e.target}")
def test_every_planted_problem_is_found(audited, demo, expect):
    _, report = audited[expect.site]
    url = resolve_target(demo, expect.site, expect.target)
    found = findings_of(report).get((expect.check, url))
    assert found is not None, f"missing {expect.check} at {url} ({expect.note})"
    assert found["severity"] == expect.severity
    if expect.check == "broken_link" and expect.page:
        carrier = resolve_target(demo, expect.site, expect.page)
        assert carrier in found["evidence"]["pages"]
        assert found["evidence"]["scope"] == ("homepage" if expect.page == "/" else "site")


@pytest.mark.parametrize("decoy", [d for d in DECOYS if d.check in AUDIT_CHECKS],
                         ids=lambda d: f"{d.site}:{d.check}:{d.target}")
def test_no_decoy_is_flagged(audited, demo, decoy):
    _, report = audited[decoy.site]
    url = resolve_target(demo, decoy.site, decoy.target)
    assert (decoy.check, url) not in findings_of(report), decoy.note


def test_nothing_unexpected_is_flagged(audited, demo):
    expected = {(e.check, resolve_target(demo, e.site, e.target))
                for e in EXPECTED_FINDINGS if e.site == "main" and e.check in AUDIT_CHECKS}
    _, report = audited["main"]
    extra = [f for f in report["findings"]
             if f["check"] in AUDIT_CHECKS and (f["check"], f["url"]) not in expected]
    assert extra == []


@pytest.mark.parametrize("column", EXPECTED_COLUMNS, ids=lambda c: f"{c.site}:{c.path}")
def test_every_column_is_read_through_all_its_pages(audited, demo, column):
    _, report = audited[column.site]
    url = resolve_target(demo, column.site, column.path)
    summary = {c["url"]: c for c in report["columns"]}.get(url)
    assert summary is not None, f"column {column.name} not discovered"
    assert summary["name"] == column.name
    assert summary["category"] == column.category
    assert summary["items"] == column.items
    assert summary["latest"] == (column.latest.isoformat() if column.latest else None)
    assert summary["new_last_7_days"] == column.new_last_7_days


def test_stale_site_fails_and_main_site_verdict_lists_reasons(audited):
    _, stale = audited["stale"]
    assert stale["verdict"]["result"] == "fail"
    assert "homepage_stale" in stale["verdict"]["reasons"]
    _, main = audited["main"]
    vetoes = {f["check"] for f in main["findings"] if f["severity"] == "veto"}
    assert (main["verdict"]["result"] == "fail") == bool(vetoes or main["verdict"]["reasons"])


def test_all_report_formats_are_written(audited, tmp_path_factory):
    done, report = audited["main"]
    out = Path(done.args[done.args.index("--out") + 1])
    for name in ("report.json", "report.html", "report.docx", "report.xlsx"):
        assert (out / name).stat().st_size > 1000
    html = (out / "report.html").read_text(encoding="utf-8")
    for finding in report["findings"][:10]:
        assert finding["message"].split("(")[0][:10] in html


def _keys(value, found: set[str]) -> set[str]:
    """Every mapping key inside ``value`` (dates used as keys are data, not names)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(key)):
                found.add(str(key))
            _keys(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, found)
    return found


def test_every_evidence_key_of_the_demo_audit_has_a_label(audited):
    _, report = audited["main"]
    keys: set[str] = set()
    for finding in report["findings"]:
        _keys(finding["evidence"], keys)
    for _key, _label, extra in labels.report_extras(report):
        _keys(extra, keys)
    assert keys and sorted(k for k in keys if k not in labels.EVIDENCE_LABELS) == []


def test_the_demo_reports_show_no_raw_key(audited, audit_folder):
    _, report = audited["main"]
    keys = _keys([f["evidence"] for f in report["findings"]], set())
    page = (audit_folder / "main" / "report.html").read_text(encoding="utf-8")
    shown = {re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<(?:dt|th)>(.*?)</(?:dt|th)>", page, re.S)}
    assert not shown & keys
    assert "no_aaaa" not in page and "second_level_ratio" not in page
    document = Document(str(audit_folder / "main" / "report.docx"))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert not cells & keys
    evidence = "\n".join(cells)
    assert not re.search(r"(?m)^(" + "|".join(map(re.escape, keys)) + r")[:：]", evidence)
