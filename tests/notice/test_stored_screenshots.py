"""Evidence screenshots are kept in the database: a notice written again, on any machine,
shows the pictures first taken, without visiting the pages again."""
from __future__ import annotations

from sqlalchemy import select

from govpatrol.notices.files import write_notice
from reports.screenshots import screenshot_name
from storage import models as m
from tests.support.notice_period import PERIOD, ProblemPages, new_database, seed_period


def test_a_notice_written_again_elsewhere_shows_the_stored_pictures(tmp_path, problem_server,
                                                                    dead_base):
    db = new_database(tmp_path)
    try:
        seed_period(db, problem_server, dead_base)
        first = write_notice(db, *PERIOD, tmp_path / "first")
        with db.session() as session:
            stored = {shot.url: shot.png for shot in session.scalars(select(m.Screenshot))}
        assert set(stored) == {problem_server + "/", problem_server + "/jt/col/blank/"}
        for url, png in stored.items():
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert (first["screenshots"] / screenshot_name(url)).read_bytes() == png

        ProblemPages.requested.clear()
        again = write_notice(db, *PERIOD, tmp_path / "elsewhere")
        assert ProblemPages.requested == []  # nothing was shot again
        assert {p.name: p.read_bytes() for p in again["screenshots"].iterdir()} == \
            {screenshot_name(url): png for url, png in stored.items()}
        with db.session() as session:
            assert len(session.scalars(select(m.Screenshot)).all()) == 2
    finally:
        db.dispose()
