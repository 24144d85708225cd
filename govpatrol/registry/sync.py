"""Bringing the database's Site and Account rows in line with a registry."""
from __future__ import annotations

from sqlalchemy.orm import Session

from crawlers.newmedia import describe_account
from govpatrol.registry.entries import Registry
from storage.queries import get_or_create_site, store_account


def store_registry(session: Session, registry: Registry) -> dict[str, int]:
    """Create or update the Site and Account rows of every registry entry."""
    counts = {"sites": 0, "accounts": 0}
    for entry in registry.sites:
        site = get_or_create_site(session, entry.url, **entry.site_fields())
        site.options = {**(site.options or {}),
                        "columns": [c.as_dict() for c in entry.columns]}
        counts["sites"] += 1
        for account in entry.accounts:
            # The adapters decide what is stored for an account (its URL, options).
            described = describe_account(account.as_dict(), dict(registry.platforms))
            store_account(session, described, site.id)
            counts["accounts"] += 1
    session.flush()
    return counts

