"""Scoring an audit report against a generated site's truth."""
from __future__ import annotations

from govpatrol.demosite.generated import generate
from govpatrol.demosite.generated.score import score, served_url, table, total

PORT = 8123


def report_of(site, findings, verdict="pass", columns=()):
    return {"verdict": {"result": verdict}, "findings": findings, "columns": list(columns)}


def as_found(site, expect):
    return {"check": expect.check, "url": served_url(expect.url, PORT), "severity": expect.severity,
            "message": expect.note}


def test_a_report_equal_to_the_truth_scores_one():
    site = generate(4)  # JSON-API-free static site with planted problems, a JACT mailbox
    findings = [as_found(site, e) for e in site.truth.findings]
    columns = [{"url": served_url(c.url, PORT), "items": c.items,
                "latest": c.latest.isoformat() if c.latest else None} for c in site.truth.columns]
    result = score(site, PORT, report_of(site, findings, site.truth.verdict, columns))
    overall = result.overall()
    assert overall.false_positive == overall.false_negative == 0
    assert overall.true_positive == len(site.truth.findings)
    assert result.verdict_right and result.columns_read == result.columns == len(site.truth.columns)


def test_misses_extras_decoys_and_severities_are_counted():
    site = generate(8)
    expected = site.truth.findings
    kept = [as_found(site, e) for e in expected[1:]]
    kept[0] = {**kept[0], "severity": "warn" if kept[0]["severity"] != "warn" else "deduct"}
    decoy = next(d for d in site.truth.decoys if d.check == "blank_column")
    extra = {"check": "blank_column", "url": served_url(decoy.url, PORT), "severity": "deduct", "message": "x"}
    ipv6 = {"check": "ipv6_unsupported", "url": served_url(site.home, PORT), "severity": "deduct", "message": ""}
    probe = {"check": "site_unreachable", "url": served_url(site.home, PORT), "severity": "warn", "message": ""}
    result = score(site, PORT, report_of(site, kept + [extra, ipv6, probe], "fail"))
    sums = total([result])
    assert sums["overall"].false_negative == 1 and result.missed[0][0] == expected[0].check
    assert sums["blank_column"].false_positive == 1 and extra["url"] in [d[1] for d in result.decoys_flagged]
    assert sums["ipv6_unsupported"].false_positive == 1  # every generated site is dual-stack
    assert "site_unreachable" not in sums  # a week of probes is out of an audit's reach
    assert len(result.wrong_severity) == 1
    assert result.columns_found == 0 and len(result.columns_wrong) == len(site.truth.columns)
    assert "overall" in table(sums)


def test_message_urls_keep_their_number():
    site = next(generate(seed) for seed in range(20)
                if any("#" in e.url for e in generate(seed).truth.findings))
    marked = next(e for e in site.truth.findings if "#" in e.url)
    url = served_url(marked.url, PORT)
    assert url.endswith("#" + marked.url.rsplit("#", 1)[1]) and f":{PORT}/" in url
