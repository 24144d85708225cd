"""Small query helpers: a run's observations in the shape checks read, and its results."""
from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from datetime import date, datetime, timezone
from itertools import groupby
from operator import itemgetter
from typing import Any, Collection, Iterable, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from checks.chinatime import to_china
from checks.observations import (
    ColumnObs,
    ItemObs,
    LinkObs,
    MessageObs,
    Observations,
    PageObs,
    PostObs,
    ProbeObs,
)
from storage import models as m

T = TypeVar("T")

SOURCE_FACT = ("account", "source")  # Fact(kind, key) holding how an account's source was read


def get_or_create_site(session: Session, url: str, **fields) -> m.Site:
    site = session.scalar(select(m.Site).where(m.Site.url == url))
    if site is None:
        site = m.Site(url=url, created_at=datetime.now(timezone.utc), options={})
        session.add(site)
    for key, value in fields.items():
        if value is not None:
            setattr(site, key, value)
    session.flush()
    return site


def store_account(session: Session, described: dict, site_id: int | None = None) -> m.Account:
    """Create or update the Account row of a described registry account (platform, key,
    name, URL, options); ``site_id`` names the site it belongs to, when known."""
    row = session.scalar(select(m.Account).where(m.Account.platform == described["platform"],
                                                 m.Account.key == described["key"]))
    if row is None:
        row = m.Account(platform=described["platform"], key=described["key"], options={})
        session.add(row)
    row.name = described["name"] or row.name
    row.url = described["url"]
    row.options = described["options"]
    if site_id is not None:
        row.site_id = site_id
    session.flush()
    return row


def stored_fact(session: Session, run_id: int, kind: str, key: str = "") -> dict | None:
    fact = session.scalar(select(m.Fact).where(m.Fact.run_id == run_id, m.Fact.kind == kind,
                                               m.Fact.key == key))
    return None if fact is None else (fact.data or {})


def stored_page_count(session: Session, run_id: int) -> int:
    return session.scalar(select(func.count()).select_from(m.Page)
                          .where(m.Page.run_id == run_id)) or 0


BATCH = 2000  # stored rows fetched at a time while a run is read
SOURCES_ASKED = 500  # page URLs named in one query (databases bound the parameters)


def load_observations(session: Session, run_id: int) -> Observations:
    """Everything a run stored, in the shape the checks read.

    A big run holds a hundred thousand link references: rows are read as plain columns, a
    batch at a time (no ORM object per row, never every row at once), and a URL or a word
    met on many rows (a carrying page, a page's kind, a link's outcome) is held once."""
    run = session.get(m.Run, run_id)
    if run is None:
        raise LookupError(f"inspection run {run_id} does not exist")
    site = run.site
    obs = Observations(homepage=site.url if site else "",
                       site={"url": site.url, "name": site.name, "organizer": site.organizer,
                             "site_code": site.site_code} if site else {})
    held: dict[str, str] = {}  # one string for each recurring value
    obs.pages = [_record(PageObs, row, held, facts=row.facts or {})
                 for row in _stream(session, _shaped(m.Page, PageObs)
                                    .where(m.Page.run_id == run_id).order_by(m.Page.id))]
    obs.homepage_items, obs.columns = _columns(session, run_id)
    obs.links = _links(session, run_id, held)
    for kind, key, data in _stream(session, select(m.Fact.kind, m.Fact.key, m.Fact.data)
                                   .where(m.Fact.run_id == run_id).order_by(m.Fact.id)):
        obs.facts[(kind, key)] = data
    obs.messages = [_with_detail(row, obs.fact("message", row.url))
                    for row in _stream(session, _shaped(m.Message, MessageObs)
                                       .where(m.Message.run_id == run_id)
                                       .order_by(m.Message.id))]
    obs.posts = [_record(PostObs, row) for row in _stream(
        session, _shaped(m.Post, PostObs).where(m.Post.run_id == run_id).order_by(m.Post.id))]
    if site is not None:
        obs.probes = [_record(ProbeObs, row) for row in _stream(
            session, _shaped(m.Probe, ProbeObs).where(m.Probe.site_id == site.id)
            .order_by(m.Probe.at))]
    obs.unchecked = _unchecked(obs.fact("crawl", "summary"))
    return obs


def load_columns(session: Session, run_id: int) -> list[ColumnObs]:
    """A run's columns with their list entries, as ``load_observations`` gives them."""
    return _columns(session, run_id)[1]


def stored_page(session: Session, run_id: int, url: str) -> PageObs | None:
    """The page a run stored for ``url`` (the last one, as ``Observations.page`` finds it)."""
    row = session.execute(_shaped(m.Page, PageObs)
                          .where(m.Page.run_id == run_id, m.Page.url == url)
                          .order_by(m.Page.id.desc()).limit(1)).first()
    return None if row is None else _record(PageObs, row, facts=row.facts or {})


def stored_unchecked(session: Session, run_id: int) -> dict[str, int]:
    """Reason -> pages the crawl did not check (``Observations.unchecked``)."""
    return _unchecked(stored_fact(session, run_id, "crawl", "summary"))


def reachable_links_from(session: Session, run_id: int, sources: Collection[str],
                         tags: Collection[str]) -> list[tuple[str, str]]:
    """(source, target) of the run's references from the pages ``sources`` by one of
    ``tags`` whose target answered (checked ``ok``), in the order stored. Only those rows
    are read: the homepage's links and theirs, not the site's hundred thousand."""
    reachable = select(m.LinkCheck.url).where(m.LinkCheck.run_id == run_id,
                                              m.LinkCheck.outcome == "ok")
    wanted = sorted(set(sources))
    rows: list[Any] = []  # (id, source, target)
    for start in range(0, len(wanted), SOURCES_ASKED):
        rows += session.execute(
            select(m.LinkRef.id, m.LinkRef.source_url, m.LinkRef.target_url)
            .where(m.LinkRef.run_id == run_id, m.LinkRef.tag.in_(list(tags)),
                   m.LinkRef.source_url.in_(wanted[start:start + SOURCES_ASKED]),
                   m.LinkRef.target_url.in_(reachable))).all()
    return [(source, target) for _id, source, target in sorted(rows, key=itemgetter(0))]


def _unchecked(summary: dict | None) -> dict[str, int]:
    return {k: v for k, v in ((summary or {}).get("unchecked") or {}).items() if v}


def _columns(session: Session, run_id: int) -> tuple[list[ItemObs], list[ColumnObs]]:
    """(homepage entries, columns with their entries) of a run."""
    rows = session.execute(select(m.ListItem.column_url, m.ListItem.title, m.ListItem.url,
                                  m.ListItem.date, m.ListItem.date_text, m.ListItem.page_url)
                           .where(m.ListItem.run_id == run_id).order_by(m.ListItem.id)).all()
    # An undated list entry whose article states its date: the article is the evidence.
    published = _published(session, run_id, {row.url for row in rows
                                              if row.date is None and row.url is not None})
    items_by_column: dict[str | None, list[ItemObs]] = defaultdict(list)
    for row in rows:
        if row.date is None and row.url in published:
            item = ItemObs(row.title, row.url, published[row.url].date(), "(正文发布日期)",
                           row.page_url)
        else:
            item = ItemObs(row.title, row.url, row.date, row.date_text, row.page_url)
        items_by_column[row.column_url].append(item)
    columns = [
        _record(ColumnObs, c, items=items_by_column.get(c.url, []))
        for c in session.scalars(select(m.Column).filter_by(run_id=run_id).order_by(m.Column.id))
    ]
    return items_by_column.get(None, []), columns


def _published(session: Session, run_id: int, urls: set[str]) -> dict[str, datetime]:
    """URL -> publication date of the pages among ``urls`` that state one (the last page
    stored for a URL)."""
    if not urls:
        return {}
    return {url: when for url, when in _stream(
        session, select(m.Page.url, m.Page.published)
        .where(m.Page.run_id == run_id, m.Page.published.is_not(None)).order_by(m.Page.id))
        if url in urls}


def _links(session: Session, run_id: int, held: dict[str, str]) -> list[LinkObs]:
    """The run's link targets with the pages that carry each (in the order stored, each
    once) and their tags. ``held`` maps a recurring value to the one string held for it."""
    # Read by target, a target's references come together (the index on run and target
    # gives them so, in the order stored): its carrying pages are gathered for one target at
    # a time, not for every target at once.
    carried: dict[str, tuple[list[str], list[str]]] = {}
    for target, refs in groupby(_stream(
            session, select(m.LinkRef.target_url, m.LinkRef.source_url, m.LinkRef.tag)
            .where(m.LinkRef.run_id == run_id).order_by(m.LinkRef.target_url, m.LinkRef.id)),
            key=itemgetter(0)):
        pages: dict[str, None] = {}  # keeps the order, answers "seen?" at once
        tags: set[str] = set()
        for _target, source, tag in refs:
            pages[held.setdefault(source, source)] = None
            tags.add(tag)
        carried[target] = (list(pages), sorted(held.setdefault(tag, tag) for tag in tags))
    links = []
    for row in _stream(session, _shaped(m.LinkCheck, LinkObs, "sources", "tags")
                       .where(m.LinkCheck.run_id == run_id).order_by(m.LinkCheck.id)):
        sources, tags = carried.pop(row.url, ([], []))  # a run checks a URL once
        links.append(_record(LinkObs, row, held, sources=sources, tags=tags))
    return links


def _shaped(model: type, shape: type, *skip: str):
    """A select of the columns of ``model`` named as the fields of ``shape`` (but ``skip``)."""
    return select(*(getattr(model, name) for name in _field_names(shape) if name not in skip))


def _stream(session: Session, statement) -> Iterable[Any]:
    """The rows of a select of columns, fetched ``BATCH`` at a time."""
    return session.execute(statement.execution_options(yield_per=BATCH))


# Fields whose values recur across a run's rows: URLs met again as referrers, carrying
# pages or link targets, and the words of small vocabularies.
_RECURRING = frozenset({"url", "referrer", "final_url", "kind", "published_source", "outcome",
                        "reason"})


def _record(shape: type[T], row: Any, held: dict[str, str] | None = None, **given: Any) -> T:
    """An observation from a stored row: each field of the shape read from the column of
    the same name, unless ``given``. With ``held``, a recurring value (``_RECURRING``) is
    the one string held for it."""
    values = {name: getattr(row, name) for name in _field_names(shape) if name not in given}
    if held is not None:
        for name in _RECURRING.intersection(values):
            value = values[name]
            if isinstance(value, str):
                values[name] = held.setdefault(value, value)
    return shape(**values, **given)


@functools.cache
def _field_names(shape: type) -> tuple[str, ...]:
    """Worked out once per shape: a run loads a hundred thousand link rows."""
    return tuple(f.name for f in dataclasses.fields(shape))


def _with_detail(row: Any, detail: dict | None) -> MessageObs:
    """A listed message completed by its own page: the page says when and who replied."""
    detail = detail or {}
    return MessageObs(
        row.column_url, row.list_url, row.url, row.number or detail.get("number"),
        row.title or detail.get("title"), row.sent or as_date(detail.get("sent")),
        row.status_text or detail.get("status"), row.replied or as_date(detail.get("replied")),
        row.reply_unit or detail.get("reply_unit"), row.position)


def store_results(session: Session, run_id: int, findings: Iterable, statuses: dict,
                  verdict=None) -> None:
    """Replace the run's findings and check statuses (re-judging keeps one set)."""
    session.execute(delete(m.Finding).where(m.Finding.run_id == run_id))
    session.execute(delete(m.CheckStatus).where(m.CheckStatus.run_id == run_id))
    for f in findings:
        session.add(m.Finding(run_id=run_id, check=f.check, severity=f.severity, url=f.url,
                              page=f.page, message=f.message, evidence=f.evidence))
    for check, (status, reason) in statuses.items():
        session.add(m.CheckStatus(run_id=run_id, check=check, status=status, reason=reason))
    if verdict is not None:
        run = session.get(m.Run, run_id)
        run.verdict = verdict.result
        run.verdict_reasons = list(verdict.reasons)


def mark_stale_runs(session: Session, older_than_seconds: float = 120) -> int:
    """Runs left ``running`` by a process that died are marked ``interrupted``."""
    now = datetime.now(timezone.utc)
    count = 0
    for run in session.scalars(select(m.Run).where(m.Run.status == "running")):
        beat = run.heartbeat_at or run.started_at
        if beat.tzinfo is None:
            beat = beat.replace(tzinfo=timezone.utc)
        if (now - beat).total_seconds() > older_than_seconds:
            run.status = "interrupted"
            run.error = run.error or "检查进程中断(无心跳)"
            count += 1
    return count


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def load_account_observations(session: Session, run_id: int) -> Observations:
    """An account run's observations in the shape the checks read (posts in China time)."""
    run = session.get(m.Run, run_id)
    if run is None or run.account_id is None:
        raise LookupError(f"account run {run_id} does not exist")
    account = session.get(m.Account, run.account_id)
    facts = {(f.kind, f.key): f.data
             for f in session.scalars(select(m.Fact).where(m.Fact.run_id == run_id))}
    source = facts.get(SOURCE_FACT) or {"state": "failed", "error": "账号内容未读取"}
    posts = [
        PostObs(p.post_id, p.title, p.url,
                to_china(p.published) if p.published else None,
                p.pinned, p.comments, p.reposts)
        for p in session.scalars(select(m.Post).where(m.Post.run_id == run_id)
                                 .order_by(m.Post.id))
    ]
    options = account.options or {}
    return Observations(
        homepage=account.url or account.key,
        account={"platform": account.platform, "key": account.key, "name": account.name,
                 "url": account.url or account.key, "label": options.get("label"),
                 "state": source.get("state"), "error": source.get("error"),
                 "profile": source.get("profile") or {}},
        posts=posts, facts=facts)
