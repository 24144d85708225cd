"""Compare an audit report with a generated site's truth: true and false findings per check,
precision, recall and the verdict."""
from __future__ import annotations

from dataclasses import dataclass, field

from crawlers.urls import normalize_url
from govpatrol.demosite.generated.site import Site, with_port

# The checks one audit of one site judges. Every generated site is dual-stack (A and AAAA, served
# on 127.0.0.1 and ::1), so any ipv6_unsupported finding is false; availability needs a week.
AUDIT_CHECKS = ("homepage_stale", "stale_column", "blank_column", "broken_link", "identity_missing",
                "interpretation_missing", "interpretation_unlinked", "interpretation_late",
                "message_unanswered", "message_late_reply", "ipv6_unsupported")


def served_url(marked: str, port: int) -> str:
    """A truth URL as the report states it (normalised; a message's #number kept)."""
    return normalize_url(with_port(marked, port), keep_fragment="#" in marked)


@dataclass
class Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, other: Tally) -> None:
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else None


@dataclass
class Score:
    seed: int
    family: str
    per_check: dict[str, Tally] = field(default_factory=dict)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (check, url, note)
    extra: list[tuple[str, str, str]] = field(default_factory=list)  # (check, url, message)
    decoys_flagged: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_severity: list[tuple[str, str, str, str]] = field(default_factory=list)  # (check, url, expected, got)
    verdict_expected: str = ""
    verdict_got: str = ""
    columns: int = 0  # columns in the truth
    columns_found: int = 0  # … that the report lists (by URL)
    columns_read: int = 0  # … with the right item count and newest date
    columns_wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (url, truth, report)

    @property
    def verdict_right(self) -> bool:
        return self.verdict_expected == self.verdict_got

    def overall(self) -> Tally:
        total = Tally()
        for tally in self.per_check.values():
            total.add(tally)
        return total


def score(site: Site, port: int, report: dict) -> Score:
    result = Score(site.seed, site.family, {check: Tally() for check in AUDIT_CHECKS},
                   verdict_expected=site.truth.verdict, verdict_got=report["verdict"]["result"])
    expected = {(e.check, served_url(e.url, port)): e for e in site.truth.findings}
    decoys = {(d.check, served_url(d.url, port)): d for d in site.truth.decoys}
    found = {(f["check"], f["url"]): f for f in report["findings"] if f["check"] in AUDIT_CHECKS}
    for key, expect in expected.items():
        tally = result.per_check[expect.check]
        got = found.get(key)
        if got is None:
            tally.false_negative += 1
            result.missed.append((expect.check, key[1], expect.note))
            continue
        tally.true_positive += 1
        if expect.severity and got["severity"] != expect.severity:
            result.wrong_severity.append((expect.check, key[1], expect.severity, got["severity"]))
    listed = {column["url"]: column for column in report.get("columns", [])}
    for fact in site.truth.columns:
        result.columns += 1
        got = listed.get(served_url(fact.url, port))
        if got is None:
            result.columns_wrong.append((served_url(fact.url, port), f"{fact.items} {fact.latest}", "not listed"))
            continue
        result.columns_found += 1
        latest = fact.latest.isoformat() if fact.latest else None
        if got["items"] == fact.items and got["latest"] == latest:
            result.columns_read += 1
        else:
            result.columns_wrong.append((got["url"], f"{fact.items} {latest}", f"{got['items']} {got['latest']}"))
    for key, finding in found.items():
        if key in expected:
            continue
        result.per_check[finding["check"]].false_positive += 1
        result.extra.append((finding["check"], finding["url"], finding.get("message", "")))
        if key in decoys:
            result.decoys_flagged.append((finding["check"], finding["url"], decoys[key].note))
    return result


def total(scores: list[Score]) -> dict[str, Tally]:
    """Counts summed over seeds, per check and ``overall``."""
    sums = {check: Tally() for check in AUDIT_CHECKS}
    for one in scores:
        for check, tally in one.per_check.items():
            sums[check].add(tally)
    overall = Tally()
    for tally in sums.values():
        overall.add(tally)
    sums["overall"] = overall
    return sums


def figure(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def table(sums: dict[str, Tally]) -> str:
    """Plain-text table: check, TP, FP, FN, precision, recall."""
    lines = [f"{'check':26} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"]
    for check, tally in sums.items():
        lines.append(f"{check:26} {tally.true_positive:4} {tally.false_positive:4} {tally.false_negative:4} "
                     f"{figure(tally.precision):>9} {figure(tally.recall):>7}")
    return "\n".join(lines)
