"""Values read from JSON that sites and platforms write loosely."""
from __future__ import annotations

from typing import Any


def json_int(value: Any) -> int | None:
    """A count or id as a JSON document gives it: an int, or a string of digits (never a
    bool, which JSON writers mix with numbers); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
