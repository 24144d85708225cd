"""A registry may force the browser on a column whose markup gives no sign it needs one."""
from __future__ import annotations

from sqlalchemy import select

from checks.rulebook import load_rulebook
from govpatrol.demosite import AS_OF, DemoSites
from govpatrol.inspection import InspectionOptions, inspect_site
from storage import models as m
from storage.db import Database


def test_forced_column_is_read_through_the_browser(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/r.db")
    with DemoSites("127.0.0.1") as demo:
        column = demo.url("stale", "/gzdt/index.html")
        options = InspectionOptions(as_of=AS_OF, rulebook=load_rulebook(), force_render=[column])
        run_id = inspect_site(db, demo.stale, options)
    with db.session() as session:
        pages = {p.url: p for p in session.scalars(select(m.Page).where(m.Page.run_id == run_id))}
        items = session.scalars(select(m.ListItem).where(m.ListItem.column_url == column)).all()
    assert pages[column].rendered is True
    assert pages[demo.stale].rendered is False  # nothing else went through the browser
    assert not any(p.rendered for url, p in pages.items() if url != column)
    assert len(items) > 0  # the rendered list was read like any other
