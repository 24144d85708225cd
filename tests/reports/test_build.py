"""The audit report built from a stored run reads its columns, homepage and counts as such,
and says the same as when it is given the run's whole observations."""
from datetime import date, datetime, timezone

from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site, load_observations
from reports.build import build_audit_report

HOME = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 20)


def _stored_run(db: Database) -> int:
    with db.session() as s:
        site = get_or_create_site(s, HOME)
        run = m.Run(site_id=site.id, as_of=AS_OF, status="complete",
                    started_at=datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc),
                    stats={"seconds": 12.5}, verdict="pass", verdict_reasons=[])
        s.add(run)
        s.flush()
        s.add_all([
            m.Page(run_id=run.id, url=HOME, kind="homepage", status=200,
                   facts={"site_name": "某某市人民政府",
                          "identity": {"organizer": "某某市人民政府办公室", "site_code": "3301000001"}}),
            m.Page(run_id=run.id, url=HOME + "a.html", kind="article",
                   published=datetime(2026, 11, 18, 9, 0), facts={}),
            m.Page(run_id=run.id, url=HOME + "x/1.html", kind="other", error="robots.txt 禁止抓取",
                   facts={}),
            m.Page(run_id=run.id, url=HOME + "x/2.html", kind="other", error="robots.txt 禁止抓取",
                   facts={}),
            m.Page(run_id=run.id, url=HOME + "b.html", kind="article", error="Robots? 超时", facts={}),
            m.Column(run_id=run.id, url=HOME + "col/", name="工作动态", category="news", level=1,
                     pages_read=1, complete=True),
            m.ListItem(run_id=run.id, column_url=HOME + "col/", page_url=HOME + "col/",
                       url=HOME + "a.html", title="无日期条目", date=None),
            m.ListItem(run_id=run.id, column_url=HOME + "col/", page_url=HOME + "col/",
                       url=HOME + "c.html", title="有日期条目", date=date(2026, 11, 1)),
            m.LinkCheck(run_id=run.id, url=HOME + "a.html", internal=True, outcome="ok"),
            m.LinkCheck(run_id=run.id, url=HOME + "gone.html", internal=True, outcome="unchecked"),
            m.Fact(run_id=run.id, kind="crawl", key="summary",
                   data={"unchecked": {"robots": 1, "max_pages": 3, "timeout": 0}}),
            m.Fact(run_id=run.id, kind="ipv6", key="summary", data={"supported": True}),
        ])
        return run.id


def test_report_of_a_stored_run_reads_what_it_shows(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/r.db")
    run_id = _stored_run(db)
    with db.session() as s:
        report = build_audit_report(s, run_id)
    assert report["site"] == {"url": HOME, "name": "某某市人民政府",
                              "organizer": "某某市人民政府办公室", "site_code": "3301000001"}
    # Two pages refused by robots.txt outnumber the crawl's own count; "Robots?" is no refusal.
    assert report["unchecked"] == {"robots": 2, "max_pages": 3}
    assert report["stats"]["unchecked"] == 5
    assert report["stats"]["pages"] == 2 and report["stats"]["pages_failed"] == 3
    assert report["stats"]["links_checked"] == 1 and report["stats"]["columns"] == 1
    [column] = report["columns"]
    assert column["items"] == 2 and column["latest"] == "2026-11-18"  # the article's own date
    assert report["ipv6"] == {"supported": True} and "availability" not in report
    assert "homepage_error" not in report


def test_report_is_the_same_with_the_runs_observations_given(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/r.db")
    run_id = _stored_run(db)
    with db.session() as s:
        stored = build_audit_report(s, run_id)
        given = build_audit_report(s, run_id, load_observations(s, run_id))
    assert given == stored


def test_a_run_without_its_homepage_says_so(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/r.db")
    with db.session() as s:
        site = get_or_create_site(s, HOME, name="某某县人民政府")
        run = m.Run(site_id=site.id, as_of=AS_OF, started_at=datetime.now(timezone.utc))
        s.add(run)
        s.flush()
        s.add(m.Page(run_id=run.id, url=HOME + "a.html", kind="article", facts={}))
        run_id = run.id
    with db.session() as s:
        report = build_audit_report(s, run_id)
    assert report["homepage_error"] == "首页未能抓取"
    assert report["site"]["name"] == "某某县人民政府" and report["site"]["organizer"] is None
