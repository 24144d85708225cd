"""A signed-in reader of the web console for tests that read its pages."""
from __future__ import annotations

from govpatrol.web.users import add_user, find_user, issue_token
from storage.db import Database


def viewer_token(db_url: str) -> str:
    """A bearer token of a viewer of ``db_url`` (created on first use): the console's pages
    need a signed-in user."""
    db = Database(db_url)
    try:
        with db.session() as session:
            user = find_user(session, "watcher") or add_user(session, "watcher", "viewer",
                                                             "watcher-password")
            return issue_token(session, user)
    finally:
        db.dispose()
