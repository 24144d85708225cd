"""Downloader middlewares of govpatrol's crawls."""
from __future__ import annotations

import asyncio


class BackoffMiddleware:
    """Waits ``meta["backoff"]`` seconds before a confirmation retry is sent, so that a
    second try does not hit a struggling server at once."""

    async def process_request(self, request, spider=None):
        delay = request.meta.get("backoff")
        if delay:
            request.meta["backoff"] = 0
            await asyncio.sleep(delay)
        return None
