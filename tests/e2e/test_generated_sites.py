"""`govpatrol audit` on generated sites it was never tuned to: the findings are compared with
the truth generated alongside each site, check by check.

Three seeds of different CMS families (one of them a clean site) are served under their host
names on 127.0.0.1 and ::1 and audited through the command line with ``--nameserver``.
The floors below are the figures that hold today; the per-check figures are printed so a run
shows where the audit stands.
"""
from __future__ import annotations

import pytest

from govpatrol.demosite.generated.run import audit_seed
from govpatrol.demosite.generated.score import AUDIT_CHECKS, figure, table, total

SEEDS = (0, 7, 9)  # TRS with planted problems, a clean Hanweb site, ASP query pages with problems
# Checks whose findings the audit already gets right on these seeds (precision and recall).
FLOORS = {
    "broken_link": (0.9, 0.9),
    "stale_column": (0.9, 0.9),
    "interpretation_missing": (0.9, 0.9),
    "interpretation_unlinked": (0.9, 0.9),
    "interpretation_late": (0.9, 0.9),
    "message_unanswered": (0.9, 0.9),
    "message_late_reply": (0.9, 0.9),
}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    work = tmp_path_factory.mktemp("generated")
    return {seed: audit_seed(seed, work / f"seed{seed}") for seed in SEEDS}


def test_truth_of_the_audited_seeds_is_consistent(audited):
    for seed, one in audited.items():
        truth = one.site.truth
        assert {e.check for e in truth.findings} <= set(AUDIT_CHECKS)
        assert not {(e.check, e.url) for e in truth.findings} & {(d.check, d.url) for d in truth.decoys}
        assert one.report["as_of"] == truth.as_of.isoformat()
        assert one.report["stats"]["pages"] >= 20, f"seed {seed}: the crawl reached the site by its name"
    clean = audited[7].site
    assert clean.plan.clean and clean.truth.findings == [] and clean.truth.verdict == "pass"


def test_findings_against_the_truth(audited):
    sums = total([one.score for one in audited.values()])
    print()
    print(table(sums))
    for seed, one in audited.items():
        print(f"seed {seed} ({one.site.family}) verdict {one.score.verdict_got}, truth {one.score.verdict_expected}; "
              f"columns read {one.score.columns_read}/{one.score.columns}")
        for check, url, note in one.score.missed:
            print(f"seed {seed} missed {check} {url} {note}")
        for check, url, message in one.score.extra:
            print(f"seed {seed} extra  {check} {url} {message}")
    for check, (precision, recall) in FLOORS.items():
        tally = sums[check]
        assert tally.true_positive > 0, f"{check}: nothing planted on these seeds"
        assert tally.precision >= precision, f"{check} precision {figure(tally.precision)}"
        assert tally.recall >= recall, f"{check} recall {figure(tally.recall)}"


def test_columns_are_read_with_their_items_and_newest_date(audited):
    columns = sum(one.score.columns for one in audited.values())
    read = sum(one.score.columns_read for one in audited.values())
    for one in audited.values():
        for url, truth, got in one.score.columns_wrong:
            print(f"seed {one.site.seed} column {url}: truth {truth}, report {got}")
    assert all(one.score.columns_found == one.score.columns for one in audited.values())  # every column listed
    assert read / columns >= 0.9, f"{read}/{columns} columns read right"


def test_planted_findings_carry_their_severity(audited):
    wrong = [item for one in audited.values() for item in one.score.wrong_severity]
    assert wrong == []


def test_no_link_decoy_is_flagged(audited):
    flagged = [d for one in audited.values() for d in one.score.decoys_flagged if d[0] == "broken_link"]
    assert flagged == []
