"""Numbers as sites' list APIs and platforms write them in JSON."""
from __future__ import annotations

import pytest

from crawlers.jsonvalues import json_int


@pytest.mark.parametrize("value, expected", [
    (12, 12), (0, 0), ("12", 12), (" 7 ", 7), (True, None), (False, None), ("1.5", None),
    ("-3", None), ("", None), (None, None), (2.0, None), ("一二", None),
])
def test_json_int_takes_ints_and_digit_strings_only(value, expected):
    assert json_int(value) == expected
