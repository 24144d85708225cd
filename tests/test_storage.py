from datetime import date, datetime, timedelta, timezone

from sqlalchemy import inspect

from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site, load_observations, mark_stale_runs


def test_migrations_create_every_model_table(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/a.db")
    tables = set(inspect(db.engine).get_table_names())
    assert set(m.Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    # Opening again is a no-op upgrade, not an error.
    Database(db.url).dispose()


def test_observations_join_undated_items_with_article_dates(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/b.db")
    now = datetime.now(timezone.utc)
    with db.session() as s:
        site = get_or_create_site(s, "http://www.example.gov.cn/", name="某某市人民政府")
        run = m.Run(site_id=site.id, as_of=date(2026, 11, 20), started_at=now)
        s.add(run)
        s.flush()
        s.add_all([
            m.Page(run_id=run.id, url="http://www.example.gov.cn/a.html", kind="article",
                   published=datetime(2026, 11, 18, 9, 0), facts={}),
            m.Column(run_id=run.id, url="http://www.example.gov.cn/col/", name="工作动态",
                     category="news", level=1),
            m.ListItem(run_id=run.id, column_url="http://www.example.gov.cn/col/",
                       page_url="http://www.example.gov.cn/col/", url="http://www.example.gov.cn/a.html",
                       title="无日期条目", date=None),
            m.LinkRef(run_id=run.id, source_url="http://www.example.gov.cn/", tag="a",
                      target_url="http://www.example.gov.cn/a.html"),
            m.LinkCheck(run_id=run.id, url="http://www.example.gov.cn/a.html", internal=True,
                        outcome="ok"),
        ])
        run_id = run.id
    with db.session() as s:
        obs = load_observations(s, run_id)
    assert obs.site["name"] == "某某市人民政府"
    [column] = obs.columns
    assert column.items[0].date == date(2026, 11, 18)
    assert obs.links[0].sources == ["http://www.example.gov.cn/"]


def test_runs_without_heartbeat_are_marked_interrupted(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/c.db")
    old = datetime.now(timezone.utc) - timedelta(hours=1)
    with db.session() as s:
        site = get_or_create_site(s, "http://www.example.gov.cn/")
        s.add(m.Run(site_id=site.id, as_of=date(2026, 11, 20), started_at=old, status="running"))
        s.add(m.Run(site_id=site.id, as_of=date(2026, 11, 20), started_at=datetime.now(timezone.utc),
                    status="running"))
    with db.session() as s:
        assert mark_stale_runs(s, older_than_seconds=120) == 1
    with db.session() as s:
        statuses = sorted(r.status for r in s.query(m.Run))
    assert statuses == ["interrupted", "running"]


def test_links_come_with_their_carrying_pages_in_stored_order_each_once(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/d.db")
    home = "http://www.example.gov.cn/"
    pages = [home + name for name in ("z.html", "a.html", "m.html")]
    with db.session() as s:
        site = get_or_create_site(s, home)
        run = m.Run(site_id=site.id, as_of=date(2026, 11, 20), started_at=datetime.now(timezone.utc))
        s.add(run)
        s.flush()
        s.add_all([m.Page(run_id=run.id, url=url, kind="article", referrer=pages[0], facts={})
                   for url in pages])
        # References of two targets interleaved, stored out of URL order, a page twice.
        refs = [(pages[0], "broken.png", "img"), (pages[1], "gone.html", "a"),
                (pages[2], "broken.png", "img"), (pages[0], "gone.html", "a"),
                (pages[2], "gone.html", "a"), (pages[1], "broken.png", "a"),
                (pages[2], "broken.png", "img"), (pages[0], "gone.html", "a")]
        s.add_all([m.LinkRef(run_id=run.id, source_url=source, target_url=home + target, tag=tag)
                   for source, target, tag in refs])
        s.add_all([m.LinkCheck(run_id=run.id, url=home + target, internal=True, outcome=outcome,
                               status=status)
                   for target, outcome, status in (("gone.html", "broken", 404),
                                                   ("broken.png", "broken", 500),
                                                   ("alone.html", "ok", 200))])
        run_id = run.id
    with db.session() as s:
        obs = load_observations(s, run_id)
    links = {link.url: link for link in obs.links}
    assert [link.url for link in obs.links] == [home + "gone.html", home + "broken.png",
                                                home + "alone.html"]  # as checked
    assert links[home + "gone.html"].sources == [pages[1], pages[0], pages[2]]
    assert links[home + "gone.html"].tags == ["a"]
    assert links[home + "broken.png"].sources == [pages[0], pages[2], pages[1]]
    assert links[home + "broken.png"].tags == ["a", "img"]
    assert (links[home + "alone.html"].sources, links[home + "alone.html"].tags) == ([], [])
    assert [page.url for page in obs.pages] == pages
    # Each page's URL is held once: the carrying pages and referrers are the page's own string.
    first = obs.pages[0].url
    assert all(page.referrer is first for page in obs.pages)
    assert links[home + "broken.png"].sources[0] is first


def test_reachable_links_from_some_pages_in_stored_order(tmp_path, monkeypatch):
    from storage import queries

    db = Database(f"sqlite:///{tmp_path}/e.db")
    home = "http://www.example.gov.cn/"
    with db.session() as s:
        site = get_or_create_site(s, home)
        run = m.Run(site_id=site.id, as_of=date(2026, 11, 20), started_at=datetime.now(timezone.utc))
        s.add(run)
        s.flush()
        refs = [(home, "b.html", "a"), (home + "x.html", "c.html", "a"), (home + "a.html", "d.html", "a"),
                (home, "gone.html", "a"), (home, "e.png", "img"), (home + "a.html", "b.html", "iframe"),
                (home, "a.html", "a"), (home + "b.html", "c.html", "frame")]
        s.add_all([m.LinkRef(run_id=run.id, source_url=source, target_url=home + target, tag=tag)
                   for source, target, tag in refs])
        s.add_all([m.LinkCheck(run_id=run.id, url=home + target, internal=True, outcome=outcome)
                   for target, outcome in (("a.html", "ok"), ("b.html", "ok"), ("c.html", "ok"),
                                           ("d.html", "ok"), ("e.png", "ok"), ("gone.html", "broken"))])
        run_id = run.id
    tags = ("a", "frame", "iframe")
    # Two pages asked at a time: the answer still comes in the order stored.
    monkeypatch.setattr(queries, "SOURCES_ASKED", 2)
    with db.session() as s:
        assert queries.reachable_links_from(s, run_id, [home], tags) == [
            (home, home + "b.html"), (home, home + "a.html")]
        assert queries.reachable_links_from(s, run_id, {home + "a.html", home + "b.html", home + "z.html"},
                                            tags) == [
            (home + "a.html", home + "d.html"), (home + "a.html", home + "b.html"),
            (home + "b.html", home + "c.html")]
        assert queries.reachable_links_from(s, run_id, [], tags) == []
