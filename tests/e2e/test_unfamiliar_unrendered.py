"""Without a browser, a list that only script can draw is unchecked, never blank; lists whose
data address the page names are still read from their API."""
from __future__ import annotations

from sqlalchemy import select

from checks.rulebook import load_rulebook
from govpatrol.inspection import InspectionOptions, inspect_site
from storage import models as m
from storage.db import Database
from tests.e2e import unfamiliar_county as county
from tests.e2e.routed_site import RoutedSite
from tests.support.dns_server import LocalDNS


def test_script_drawn_columns_without_a_browser_are_unchecked(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/r.db")
    with RoutedSite(county.routes()) as site, LocalDNS({county.HOST: {"A": ["127.0.0.1"]}}) as dns:
        url = lambda path: site.url(path, county.HOST)  # noqa: E731
        options = InspectionOptions(as_of=county.AS_OF, rulebook=load_rulebook(), render=False,
                                    nameservers=[dns.address])
        run_id = inspect_site(db, url("/"), options)
    with db.session() as session:
        columns = {c.url: c for c in session.scalars(select(m.Column).where(m.Column.run_id == run_id))}
        findings = {(f.check, f.url) for f in session.scalars(select(m.Finding).where(m.Finding.run_id == run_id))}
        facts = {f.key: f.data for f in session.scalars(
            select(m.Fact).where(m.Fact.run_id == run_id, m.Fact.kind == "column_read"))}
        pages = session.scalars(select(m.Page).where(m.Page.run_id == run_id)).all()
    blank = {u for check, u in findings if check == "blank_column"}
    for path in ("/ztzl/index.html", "/jcxx/index.html"):
        assert columns[url(path)].complete is False
        assert facts[url(path)]["via"] is None and facts[url(path)]["unread"]
        assert url(path) not in blank
        assert ("stale_column", url(path)) not in findings
    assert blank == {url("/zxft/index.html"), url("/tjsj/index.html"), url("/tpxw/index.html")}
    assert facts[url("/zcwj/index.html")]["via"] == "api" and columns[url("/zcwj/index.html")].complete
    assert ("stale_column", url("/gzdt/index.html")) in findings
    assert not any(p.rendered for p in pages)
