"""One inspection of one new-media account, end to end: the account's source is read, what
it yielded is stored as the run's observations, the account checks judge them, and the run
is closed as complete only then.

Registry accounts (SPEC §5): ``{platform: weibo, id, name}``, ``{platform: wechat, feed, name}``,
``{platform: rss, feed, name}``; the registry's ``platforms:`` section configures endpoints
(``weibo: {api_base: https://m.weibo.cn}``).
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from checks.base import CheckResults, run_checks
from checks.chinatime import china_now, to_china
from checks.rulebook import load_rulebook
from crawlers.newmedia import adapter_for, describe_account, platform_conf
from crawlers.newmedia.base import Fetch, SourceResult, UrllibFetch
from govpatrol.inspection import closing_run
from storage import models as m
from storage.db import Database
from storage.queries import SOURCE_FACT, load_account_observations, store_account, store_results

def inspect_account(db: Database, account: dict, platforms: dict, as_of: date, *,
                    patrol_id: int | None = None, site_id: int | None = None,
                    nameservers: tuple[str, ...] | list[str] = (),
                    rulebook: dict | None = None, fetch: Fetch | None = None,
                    as_of_moment: datetime | None = None, max_pages: int = 3) -> int:
    """Read, store and judge one account; returns the run id.

    ``as_of_moment`` is when the source is read (relative post times such as ``3小时前``
    count back from it); it defaults to now. The run ends ``complete`` even when the source
    could not be read (the check then records why it was not checked); it ends ``failed``
    only when the inspection itself broke, and the error is raised again.
    """
    described = describe_account(account, platforms)
    conf = platform_conf(platforms, described["platform"])
    rulebook = rulebook if rulebook is not None else load_rulebook()
    fetch = fetch if fetch is not None else UrllibFetch(tuple(nameservers))
    moment = to_china(as_of_moment) if as_of_moment else china_now()
    run_id = _open_run(db, described, as_of, patrol_id=patrol_id, site_id=site_id,
                       settings={"nameservers": list(nameservers), "platform": conf,
                                 "max_pages": max_pages, "read_at": moment.isoformat()})
    with closing_run(db, run_id):
        adapter = adapter_for(described["platform"])
        entry = {**account, "platform": described["platform"]}
        result = adapter.read_posts(entry, conf, as_of_moment=moment, fetch=fetch,
                                    max_pages=max_pages)
        _store_source(db, run_id, result)
        judge_account_run(db, run_id, rulebook, as_of)
    return run_id


def judge_account_run(db: Database, run_id: int, rulebook: dict,
                      as_of: date | None = None) -> CheckResults:
    """Judge a stored account run (again): its findings and check statuses are replaced."""
    with db.session() as session:
        run = session.get(m.Run, run_id)
        obs = load_account_observations(session, run_id)
        results = run_checks(obs, rulebook, as_of or run.as_of, applies_to="account")
        store_results(session, run_id, results.findings, results.statuses)
        return results


def _open_run(db: Database, described: dict, as_of: date, *, patrol_id: int | None,
              site_id: int | None, settings: dict) -> int:
    with db.session() as session:
        row = store_account(session, described, site_id)
        # The run belongs to the account; the account (not the run) names its site, so that
        # site histories hold site inspections only.
        run = m.Run(account_id=row.id, patrol_id=patrol_id, kind="account", as_of=as_of,
                    started_at=datetime.now(timezone.utc), status="running",
                    settings=settings, stats={}, verdict_reasons=[])
        session.add(run)
        session.flush()
        return run.id


def _store_source(db: Database, run_id: int, result: SourceResult) -> None:
    with db.session() as session:
        for post in result.posts:
            session.add(m.Post(
                run_id=run_id, post_id=post.post_id, title=post.title, url=post.url,
                # stored as naive China time, the convention of every stored page date
                published=to_china(post.published).replace(tzinfo=None),
                pinned=post.pinned, comments=post.comments, reposts=post.reposts))
        session.add(m.Fact(run_id=run_id, kind=SOURCE_FACT[0], key=SOURCE_FACT[1],
                           data={"state": result.state, "error": result.error,
                                 "profile": result.profile}))
        run = session.get(m.Run, run_id)
        run.stats = {**(run.stats or {}), "state": result.state, "posts": len(result.posts)}
