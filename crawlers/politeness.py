"""How hard a crawl may press one site: named levels and the Scrapy settings of each, in one
place.

``polite`` is the default for real sites: a few connections per host with AutoThrottle on top,
which backs off as the site slows down. ``fast`` is for a site that is ours to load (a local
copy, a benchmark): ten connections per host, as a link checker with ten threads opens, no
throttle and no delay. ``normal`` lies between: more connections, a throttle that aims higher.
"""
from __future__ import annotations

DEFAULT = "polite"

_LEVELS: dict[str, dict] = {
    "polite": {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0.1,
        "AUTOTHROTTLE_MAX_DELAY": 10,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0,
    },
    "normal": {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0,
        "AUTOTHROTTLE_MAX_DELAY": 5,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    },
    "fast": {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 10,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    },
}
LEVELS = tuple(_LEVELS)  # from the gentlest to the hardest


def parse_politeness(value: object) -> str:
    """A level name as written by a person (any case, spaces around); ValueError otherwise."""
    level = value.strip().lower() if isinstance(value, str) else None
    if level not in _LEVELS:
        raise ValueError(f"应为 {'、'.join(LEVELS)} 之一：{value!r}")
    return level


def politeness_settings(level: str) -> dict:
    """The Scrapy settings of one level (a fresh dict the caller may change)."""
    return dict(_LEVELS[parse_politeness(level)])
