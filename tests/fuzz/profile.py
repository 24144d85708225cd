"""The one Hypothesis setting of the fuzz tests: derandomized (the same examples on every
run, so CI is reproducible), no example database, no per-example deadline (a shared CI
machine is slow at times; the whole run is bounded by the example counts instead)."""
from __future__ import annotations

from hypothesis import HealthCheck, settings


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much],
                    print_blob=True)
