"""Homepage availability (19号 / 15号 单项否决 V2 站点无法访问).

The indicator: monitor for one week, probe at least 20 times a day, a probe fails when the
site is not open after 15 s; veto at a failure share of 5% or more (warn from 3%, vendor
practice). The window is the ``window_days`` China-time days before the as-of date
(as_of - 7 00:00 up to as_of 00:00, +08:00).

A single audit probes only a few times: when stored probes do not cover every day of the
window with the minimum, what was seen (the window and the as-of day itself, where an
audit's own probes fall) is reported as a warning at most, and only if some probe failed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable, Iterator

from checks.base import Finding, NotChecked, rule
from checks.chinatime import CHINA, stored_to_china
from checks.observations import Observations, ProbeObs

FAILURES_LISTED = 20
# The probe's stage for an answer cut at a size bound: neither a failure nor a success.
CUT_STAGE = "limit"
# Defaults when a rulebook lacks a key (checks/rulebook.yaml holds the real values).
DEFAULT_LIMITS = {"window_days": 7, "min_probes_per_day": 20, "veto_failure_ratio": 0.05,
                  "warn_failure_ratio": 0.03}


@dataclass(frozen=True)
class Coverage:
    """How well stored probes cover the monitoring window before an as-of date."""

    start: datetime
    end: datetime
    per_day: dict[str, int]  # China-time date -> probes made that day
    days_covered: int  # days with at least the minimum number of probes

    @property
    def complete(self) -> bool:
        return self.days_covered == len(self.per_day)


def window_coverage(times: Iterable[datetime], as_of: date, days: int,
                    min_per_day: int) -> Coverage:
    """Probes per China-time day over the ``days`` days before ``as_of``."""
    start = datetime.combine(as_of - timedelta(days=days), time(), CHINA)
    end = datetime.combine(as_of, time(), CHINA)
    counted = Counter(at.date() for at in map(stored_to_china, times) if start <= at < end)
    per_day = {(start.date() + timedelta(days=n)).isoformat():
               counted.get(start.date() + timedelta(days=n), 0) for n in range(days)}
    covered = sum(1 for count in per_day.values() if count >= min_per_day)
    return Coverage(start, end, per_day, covered)


@rule("site_unreachable", "veto", "站点无法访问")
def site_unreachable(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    limits = {**DEFAULT_LIMITS, **rules.get("availability", {})}
    days, min_per_day = limits["window_days"], limits["min_probes_per_day"]
    timed = sorted(((probe, stored_to_china(probe.at)) for probe in obs.probes
                    if probe.stage != CUT_STAGE), key=lambda pair: pair[1])
    coverage = window_coverage((at for _probe, at in timed), as_of, days, min_per_day)
    start = coverage.start
    seen_until = coverage.end if coverage.complete else coverage.end + timedelta(days=1)
    judged = [(probe, at) for probe, at in timed if start <= at < seen_until]
    if not judged and any(probe.stage == CUT_STAGE and start <= stored_to_china(probe.at) < seen_until
                          for probe in obs.probes):
        raise NotChecked("首页响应超过大小上限，未能完整读取 / "
                         "every homepage answer in the window was cut at a size bound")
    if not judged:
        raise NotChecked("监测期内没有首页探测记录 / no homepage probe in the window")

    failed = [(probe, at) for probe, at in judged if not probe.ok]
    ratio = len(failed) / len(judged)
    period = "一周内" if days == 7 else f"{days}天内"
    if coverage.complete:
        if ratio >= limits["veto_failure_ratio"]:
            severity, limit = "veto", limits["veto_failure_ratio"]
        elif ratio >= limits["warn_failure_ratio"]:
            severity, limit = "warn", limits["warn_failure_ratio"]
        else:
            return
        message = f"首页{period}访问失败率{ratio * 100:.1f}%(≥{limit * 100:g}%)"
    else:
        if not failed:
            return
        severity = "warn"
        message = (f"首页访问失败{len(failed)}次(共探测{len(judged)}次，"
                   f"未达到每天{min_per_day}次的监测要求，仅作预警)")

    evidence: dict[str, Any] = {
        "window": [start.isoformat(), seen_until.isoformat()],
        "probes": len(judged),
        "failed": len(failed),
        "ratio": round(ratio, 4),
        "covered": coverage.complete,
        "days_covered": coverage.days_covered,
        "window_days": days,
        "min_per_day": min_per_day,
        "probes_per_day": coverage.per_day,
        "failures": [_failure(probe, at) for probe, at in failed[:FAILURES_LISTED]],
    }
    if not coverage.complete:
        evidence["note"] = (f"监测期内有{days - coverage.days_covered}天探测少于每天{min_per_day}次，"
                            "不足以作单项否决判断")
    yield Finding(check="site_unreachable", severity=severity, url=obs.homepage,
                  page=obs.homepage, message=message, evidence=evidence)


def _failure(probe: ProbeObs, at: datetime) -> dict[str, Any]:
    return {"at": at.isoformat(timespec="seconds"), "stage": probe.stage,
            "status": probe.status, "error": probe.error}
