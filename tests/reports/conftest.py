"""Fixtures of the renderer tests (the sample report: ``tests/support/sample_report.py``)."""
from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.support.sample_report import SAMPLE


@pytest.fixture
def report() -> dict[str, Any]:
    return copy.deepcopy(SAMPLE)
