"""The one Hypothesis setting of the fuzz tests: derandomized (the same examples on every
run, so CI is reproducible), no example database, no per-example deadline (a shared CI
machine is slow at times; the whole run is bounded by the example counts instead).

``GOVPATROL_FUZZ_SCALE=20`` runs twenty times the examples with a fresh random seed, for a
longer hunt on a developer's machine.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SCALE = int(os.environ.get("GOVPATROL_FUZZ_SCALE", "0") or 0)


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples * max(_SCALE, 1), derandomize=_SCALE == 0,
                    database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
