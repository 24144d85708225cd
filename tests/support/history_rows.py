"""Stored sites and runs written directly, for the history and dashboard tests."""
from __future__ import annotations

from datetime import date, datetime, timezone

from storage import models as m

HOME = "http://www.yunling.gov.cn/"
BROKEN = HOME + "missing.html"
COLUMN = HOME + "gzdt/index.html"
CHECKS = ("broken_link", "stale_column", "homepage_stale", "ipv6_unsupported")


def add_site(session, url: str = HOME, name: str = "云岭县人民政府") -> int:
    site = m.Site(url=url, name=name, created_at=datetime.now(timezone.utc), options={})
    session.add(site)
    session.flush()
    return site.id


def add_run(session, site_id: int, as_of: date, findings: list[tuple[str, str, str]], *,
            status: str = "complete", unchecked: dict | None = None,
            not_checked: tuple[str, ...] = (), seen: tuple[str, ...] = ()) -> int:
    """A stored run: its findings (check, severity, url), which checks could judge, what
    the crawl left unread, and the pages it read (``seen``)."""
    run = m.Run(site_id=site_id, kind="patrol", as_of=as_of,
                started_at=datetime.now(timezone.utc), status=status, settings={}, stats={},
                verdict="fail" if findings else "pass", verdict_reasons=[])
    session.add(run)
    session.flush()
    for check, severity, url in findings:
        session.add(m.Finding(run_id=run.id, check=check, severity=severity, url=url, page=HOME,
                              message=f"{check} at {url}", evidence={}))
    for check in CHECKS:
        session.add(m.CheckStatus(run_id=run.id, check=check,
                                  status="not_checked" if check in not_checked else "checked"))
    session.add(m.Fact(run_id=run.id, kind="crawl", key="summary",
                       data={"unchecked": unchecked or {}}))
    for url in seen:
        session.add(m.Page(run_id=run.id, url=url, kind="other", facts={}))
    session.flush()
    return run.id
