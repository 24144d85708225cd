"""Audit generated government sites and measure the audit against their truth: precision and
recall per check and overall, and how many verdicts are right.

    .venv/bin/python bench/seeds_bench.py --seeds 20

Each seed's site is served on 127.0.0.1 and ::1 under its host names, audited with the real
``govpatrol audit URL --as-of … --json … --database sqlite:////abs/path --nameserver …`` and
compared with the truth generated alongside. Figures and every seed's JSON report go to
bench/results/ (not committed).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govpatrol.demosite.generated.run import audit_seed  # noqa: E402
from govpatrol.demosite.generated.score import figure, table, total  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="how many seeds")
    parser.add_argument("--first", type=int, default=0, help="the first seed")
    parser.add_argument("--details", action="store_true", help="list every missed and extra finding")
    args = parser.parse_args()

    scores, per_seed = [], []
    started = time.perf_counter()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    work = RESULTS / f"run-{stamp}"
    for seed in range(args.first, args.first + args.seeds):
        audited = audit_seed(seed, work / f"seed{seed}")
        one = audited.score
        scores.append(one)
        overall = one.overall()
        print(f"seed {seed:3} {one.family:7} pages {audited.report['stats']['pages']:4} "
              f"{audited.seconds:6.1f}s  TP {overall.true_positive:3} FP {overall.false_positive:3} "
              f"FN {overall.false_negative:3}  verdict {one.verdict_got:9} (truth {one.verdict_expected})  "
              f"columns read {one.columns_read}/{one.columns}", flush=True)
        if args.details:
            for check, url, note in one.missed:
                print(f"    missed {check:24} {url}  {note}")
            for check, url, message in one.extra:
                print(f"    extra  {check:24} {url}  {message}")
            for url, truth, got in one.columns_wrong:
                print(f"    column {url}  truth: {truth} items/newest; report: {got}")
        per_seed.append({
            "seed": seed, "family": one.family, "seconds": round(audited.seconds, 1),
            "pages": audited.report["stats"]["pages"], "verdict": one.verdict_got,
            "verdict_expected": one.verdict_expected,
            "missed": one.missed, "extra": one.extra, "decoys_flagged": one.decoys_flagged,
            "wrong_severity": one.wrong_severity, "columns": one.columns,
            "columns_found": one.columns_found, "columns_read": one.columns_read, "columns_wrong": one.columns_wrong,
            "per_check": {check: vars(tally) for check, tally in one.per_check.items()}})
    sums = total(scores)
    right = sum(one.verdict_right for one in scores)
    columns = sum(one.columns for one in scores)
    found = sum(one.columns_found for one in scores)
    read = sum(one.columns_read for one in scores)
    closing = (f"verdicts right: {right}/{len(scores)}; columns listed {found}/{columns}, "
               f"read with the right item count and newest date {read}/{columns}")
    by_family = {}
    for one in scores:
        by_family.setdefault(one.family, []).append(one)
    family_lines = [f"{'family':8} {'seeds':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} "
                    f"{'columns read':>12}"]
    for family, group in by_family.items():
        tally = total(group)["overall"]
        family_lines.append(f"{family:8} {len(group):5} {tally.true_positive:4} {tally.false_positive:4} "
                            f"{tally.false_negative:4} {figure(tally.precision):>9} {figure(tally.recall):>7} "
                            f"{sum(o.columns_read for o in group):>6}/{sum(o.columns for o in group)}")
    print()
    print(table(sums))
    print()
    print("\n".join(family_lines))
    print(f"{closing}; seconds: {time.perf_counter() - started:.0f}")
    RESULTS.mkdir(exist_ok=True)
    summary = {"seeds": [args.first, args.first + args.seeds - 1], "verdicts_right": right,
               "verdicts": len(scores), "columns": columns, "columns_listed": found, "columns_read": read,
               "per_check": {check: {**vars(tally), "precision": figure(tally.precision).strip(),
                                     "recall": figure(tally.recall).strip()} for check, tally in sums.items()},
               "per_seed": per_seed}
    (RESULTS / f"seeds-{stamp}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / f"seeds-{stamp}.txt").write_text(f"{table(sums)}\n\n" + "\n".join(family_lines) + f"\n{closing}\n",
                                                 encoding="utf-8")
    print(f"written to {RESULTS}/seeds-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
