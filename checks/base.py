"""The check registry: a rule is an id, a severity, a Chinese title and one function.

A check function takes ``(obs, rules, as_of)`` and yields ``Finding`` values. It raises
``NotChecked`` when the observations do not allow a judgement (a source that failed, a list
the site does not publish); that status is kept apart from the findings, so that "could not
check" never reads as "passed".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from checks.observations import Observations

SEVERITIES = ("veto", "deduct", "warn")


@dataclass
class Finding:
    check: str
    severity: str
    url: str
    message: str
    page: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "url": self.url,
                "page": self.page, "message": self.message, "evidence": self.evidence}


class NotChecked(Exception):
    """The check could not judge this run; the message says why."""


CheckFunction = Callable[[Observations, dict, date], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # the usual severity; a finding may carry another (veto past 90 days …)
    title: str  # Chinese indicator name, used as the heading in notices
    function: CheckFunction
    applies_to: str = "site"  # site | account


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str, title: str, applies_to: str = "site"):
    """Register a check function under its SPEC id."""
    assert severity in SEVERITIES, severity

    def register(function: CheckFunction) -> CheckFunction:
        if id in RULES:
            raise ValueError(f"check {id} registered twice")
        RULES[id] = Rule(id, severity, title, function, applies_to)
        return function

    return register


@dataclass
class CheckResults:
    findings: list[Finding]
    statuses: dict[str, tuple[str, str | None]]  # id -> (checked | not_checked, reason)


def run_checks(obs: Observations, rules: dict, as_of: date, *, applies_to: str = "site",
               only: Iterable[str] | None = None) -> CheckResults:
    """Run every registered check (or ``only`` those) and collect findings and statuses."""
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    statuses: dict[str, tuple[str, str | None]] = {}
    for rule_id, item in RULES.items():
        if item.applies_to != applies_to or (wanted is not None and rule_id not in wanted):
            continue
        try:
            found = list(item.function(obs, rules, as_of))
        except NotChecked as why:
            statuses[rule_id] = ("not_checked", str(why))
            continue
        findings.extend(found)
        statuses[rule_id] = ("checked", None)
    return CheckResults(_dedupe(findings), statuses)


def severity_rank(severity: str | None) -> int:
    """The one order of severities: veto 0, deduct 1, warn 2, anything else after."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (check, url): the most severe wins."""
    best: dict[tuple[str, str], Finding] = {}
    for f in findings:
        key = (f.check, f.url)
        if key not in best or severity_rank(f.severity) < severity_rank(best[key].severity):
            best[key] = f
    return list(best.values())
