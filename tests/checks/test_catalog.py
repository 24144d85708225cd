from datetime import date

from checks.base import RULES, run_checks
from checks.observations import Observations, PageObs
from checks.rulebook import load_rulebook


def test_catalog_registers_this_area_with_spec_severities():
    expected = {"homepage_stale": "veto", "stale_column": "deduct", "blank_column": "deduct",
                "broken_link": "deduct", "identity_missing": "deduct"}
    for check, severity in expected.items():
        assert RULES[check].severity == severity
        assert RULES[check].title


def test_run_checks_on_an_unread_homepage_reports_not_checked_not_findings():
    obs = Observations(homepage="http://www.example.gov.cn/",
                       pages=[PageObs(url="http://www.example.gov.cn/", kind="homepage", error="timeout")])
    results = run_checks(obs, load_rulebook(), date(2026, 11, 20),
                         only=["homepage_stale", "identity_missing", "broken_link"])
    assert results.findings == []
    assert results.statuses["homepage_stale"][0] == "not_checked"
    assert results.statuses["identity_missing"][0] == "not_checked"
    assert results.statuses["broken_link"] == ("checked", None)
