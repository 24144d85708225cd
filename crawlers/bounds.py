"""The size bounds every download and decompression is held to, in one place.

A site nobody vetted may answer with an endless body or a small compressed body that
inflates to gigabytes. The crawl (Scrapy's ``DOWNLOAD_MAXSIZE``, which Scrapy also applies
while decompressing) and the network probes read the same numbers, so a page one of them
accepts the other accepts too. What is cut at a bound was not seen whole: it is recorded
as cut and reported as not checked, never as a failure or a pass.
"""
from __future__ import annotations

MIB = 1024 * 1024

DOWNLOAD_MAXSIZE = 32 * MIB  # bytes of one response body on the wire
INFLATED_MAXSIZE = 32 * MIB  # bytes of one body after decompression
HEADER_MAXSIZE = 64 * 1024  # bytes of one response head (status line and headers)
BODY_KEPT = 4 * MIB  # bytes of a probe's body kept for decoding; the rest is only counted
ACCOUNT_BODY_MAXSIZE = 16 * MIB  # one new-media answer (API, feed, article), read whole

# The probe's stage for an answer cut at a bound: the site answered, but what it sent was
# not read whole, so it says nothing for or against the site.
CUT_STAGE = "limit"


def size_text(size: int) -> str:
    """32 MiB -> "32 MB": how a bound reads in a message."""
    return f"{size / MIB:g} MB" if size >= MIB else f"{size / 1024:g} KB"
