"""The site_unreachable rule over a probe history built directly (no network)."""
from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import pytest

from checks.availability import site_unreachable, window_coverage
from checks.base import NotChecked
from checks.chinatime import CHINA
from checks.observations import Observations, ProbeObs
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.yunxi.gov.cn/"
RULES = load_rulebook()
WINDOW_START = datetime(2026, 11, 13, tzinfo=CHINA)


def history(per_day: int, failures: int, days: int = 7) -> list[ProbeObs]:
    """``per_day`` probes on each window day, spread over the day; the first ``failures``
    probes of the week fail. Stored the way SQLite returns them: naive UTC."""
    probes = []
    step = timedelta(days=1) / per_day
    for n in range(per_day * days):
        day, slot = divmod(n, per_day)
        at = WINDOW_START + timedelta(days=day) + slot * step
        naive_utc = at.astimezone(timezone.utc).replace(tzinfo=None)
        failed = n < failures
        probes.append(ProbeObs(at=naive_utc, ok=not failed, stage="timeout" if failed else None,
                               error="15秒内未收到完整响应" if failed else None))
    return probes


def judge(probes: list[ProbeObs], rules: dict = RULES, as_of: date = AS_OF) -> list:
    return list(site_unreachable(Observations(homepage=HOME, probes=probes), rules, as_of))


def test_six_percent_over_a_covered_week_is_a_veto():
    [finding] = judge(history(100, 42))
    assert (finding.check, finding.severity, finding.url) == ("site_unreachable", "veto", HOME)
    assert finding.message == "首页一周内访问失败率6.0%(≥5%)"
    evidence = finding.evidence
    assert evidence["window"] == ["2026-11-13T00:00:00+08:00", "2026-11-20T00:00:00+08:00"]
    assert (evidence["probes"], evidence["failed"], evidence["ratio"]) == (700, 42, 0.06)
    assert (evidence["days_covered"], evidence["min_per_day"], evidence["covered"]) == (7, 20, True)
    assert len(evidence["failures"]) == 20
    assert evidence["failures"][0] == {"at": "2026-11-13T00:00:00+08:00", "stage": "timeout",
                                       "status": None, "error": "15秒内未收到完整响应"}


def test_four_percent_is_a_warning():
    [finding] = judge(history(100, 28))
    assert finding.severity == "warn"
    assert finding.message == "首页一周内访问失败率4.0%(≥3%)"


def test_one_percent_is_nothing():
    assert judge(history(100, 7)) == []


def test_probes_outside_the_window_do_not_count():
    outside = [ProbeObs(at=WINDOW_START - timedelta(minutes=1), ok=False),
               ProbeObs(at=datetime(2026, 11, 20, 0, 0, tzinfo=CHINA), ok=False)]
    assert judge(history(100, 7) + outside) == []


def test_china_midnight_bounds_the_window():
    # 2026-11-12 16:30 UTC is 2026-11-13 00:30 in China: inside the window's first day.
    coverage = window_coverage([datetime(2026, 11, 12, 16, 30)], AS_OF, 7, 20)
    assert coverage.per_day["2026-11-13"] == 1
    assert sum(coverage.per_day.values()) == 1


def test_uncovered_window_warns_at_most_and_says_why():
    # A single audit on the as-of day: three probes, two failed.
    audit = [ProbeObs(at=datetime(2026, 11, 20, 10, n, tzinfo=CHINA), ok=n == 0,
                      stage=None if n == 0 else "tcp", error=None if n == 0 else "连接被拒绝")
             for n in range(3)]
    [finding] = judge(audit)
    assert finding.severity == "warn"
    assert finding.message == "首页访问失败2次(共探测3次，未达到每天20次的监测要求，仅作预警)"
    evidence = finding.evidence
    assert (evidence["probes"], evidence["failed"], evidence["covered"]) == (3, 2, False)
    assert evidence["days_covered"] == 0 and evidence["min_per_day"] == 20
    assert evidence["probes_per_day"] == {f"2026-11-{d}": 0 for d in range(13, 20)}
    assert "少于每天20次" in evidence["note"]
    assert [f["stage"] for f in evidence["failures"]] == ["tcp", "tcp"]


def test_one_day_short_of_the_minimum_is_not_covered():
    probes = history(100, 70)
    thin_day = WINDOW_START + timedelta(days=3)
    probes = [p for p in probes
              if not thin_day <= p.at.replace(tzinfo=timezone.utc) < thin_day + timedelta(days=1)]
    probes += [ProbeObs(at=thin_day + timedelta(hours=h), ok=True) for h in range(19)]
    [finding] = judge(probes)
    assert finding.severity == "warn"  # 70 failures would be a veto over a covered week
    assert finding.evidence["days_covered"] == 6
    assert finding.evidence["probes_per_day"]["2026-11-16"] == 19


def test_uncovered_window_without_failures_is_nothing():
    assert judge([ProbeObs(at=datetime(2026, 11, 20, 9, tzinfo=CHINA), ok=True)]) == []


def test_no_probe_is_not_checked():
    with pytest.raises(NotChecked):
        judge([])
    with pytest.raises(NotChecked):  # only probes long before the window
        judge([ProbeObs(at=datetime(2026, 1, 1, tzinfo=timezone.utc), ok=False)])


def test_rulebook_thresholds_apply():
    rules = copy.deepcopy(RULES)
    rules["availability"]["min_probes_per_day"] = 10
    rules["availability"]["veto_failure_ratio"] = 0.5
    [finding] = judge(history(10, 42), rules)  # 60% of 70
    assert finding.severity == "veto"
    assert finding.message == "首页一周内访问失败率60.0%(≥50%)"
