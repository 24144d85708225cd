"""What the crawlers saw, one inspection run at a time, and what the checks judged from it.

Observation tables (pages, links, columns, list items, messages, posts, probes, facts) are
written by the crawlers only; findings and check statuses by the checks only.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Index,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    """A government website, known by its homepage URL (registry fields included)."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    organizer: Mapped[str | None] = mapped_column(String(255))
    site_code: Mapped[str | None] = mapped_column(String(32))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)  # column overrides, browser forcing
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    runs: Mapped[list["Run"]] = relationship(back_populates="site")


class Account(Base):
    """A new-media account (政务微博, 微信公众号, 客户端 feed), optionally owned by a site."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    platform: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(2048))  # platform id, or the feed URL
    name: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(2048))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Patrol(Base):
    """One inspection of every site and account in a registry."""

    __tablename__ = "patrols"
    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    registry_path: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")


class Run(Base):
    """One inspection of one site (or account). ``status`` is ``complete`` only once every
    observation and finding of the run is stored; a run that died stays ``running`` or is
    marked ``failed``/``interrupted``, never complete."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    patrol_id: Mapped[int | None] = mapped_column(ForeignKey("patrols.id"))
    kind: Mapped[str] = mapped_column(String(16), default="audit")  # audit | patrol | account
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")
    error: Mapped[str | None] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # max_pages, nameservers, rulebook
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verdict: Mapped[str | None] = mapped_column(String(16))  # pass | fail
    verdict_reasons: Mapped[list[Any]] = mapped_column(default=list)

    site: Mapped[Site | None] = relationship(back_populates="runs")


class Page(Base):
    """A page the crawl fetched (or tried to)."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(16))  # homepage | column | article | other
    depth: Mapped[int] = mapped_column(Integer, default=0)
    referrer: Mapped[str | None] = mapped_column(String(2048))
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)  # why the page could not be read
    content_type: Mapped[str | None] = mapped_column(String(128))
    encoding: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime)
    published_source: Mapped[str | None] = mapped_column(String(16))
    rendered: Mapped[bool] = mapped_column(Boolean, default=False)  # read through the browser
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # footer identity, 信息公开 table …


class LinkRef(Base):
    """A link found on a crawled page: ``source_url`` carries ``target_url``."""

    __tablename__ = "link_refs"
    __table_args__ = (Index("ix_link_refs_run_target", "run_id", "target_url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source_url: Mapped[str] = mapped_column(String(2048))
    target_url: Mapped[str] = mapped_column(String(2048))
    tag: Mapped[str] = mapped_column(String(16))  # a | img | frame | iframe | attachment | …
    text: Mapped[str | None] = mapped_column(Text)


class LinkCheck(Base):
    """The result of checking one distinct link target, once per run."""

    __tablename__ = "link_checks"
    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    internal: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str] = mapped_column(String(16))  # ok | broken | blocked | unchecked
    reason: Mapped[str | None] = mapped_column(String(32))  # http | dns | refused | tls | timeout | redirects | loop | soft404 | …
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(String(8))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    redirects: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    # Raw facts of the final answer, judged by checks/links.py with the rulebook's thresholds
    # (NULL: no answer, or a run stored before they were kept).
    text_length: Mapped[int | None] = mapped_column(Integer)  # visible text of an HTML body
    notfound_words: Mapped[list[Any] | None] = mapped_column(JSON)  # "not found" phrases seen
    challenge_markers: Mapped[list[Any] | None] = mapped_column(JSON)  # bot-challenge marks
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Column(Base):
    """A column (栏目): a list page of dated items, with its paging."""

    __tablename__ = "columns"
    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    name: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(16), default="discovered")  # discovered | registry
    paging: Mapped[str | None] = mapped_column(String(32))  # trs | hanweb | query | links | json | none
    pages_total: Mapped[int | None] = mapped_column(Integer)
    pages_read: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)  # every list page was read
    note: Mapped[str | None] = mapped_column(Text)


class ListItem(Base):
    """A dated (or undated) entry seen on a list page; ``column_url`` is None on the homepage."""

    __tablename__ = "list_items"
    __table_args__ = (Index("ix_list_items_run_column", "run_id", "column_url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    column_url: Mapped[str | None] = mapped_column(String(2048))
    page_url: Mapped[str] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Message(Base):
    """A public message (领导信箱, 留言, 咨询) and its reply as the site publishes them."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    column_url: Mapped[str] = mapped_column(String(2048))
    list_url: Mapped[str] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    number: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    sent: Mapped[date | None] = mapped_column(Date)
    status_text: Mapped[str | None] = mapped_column(String(32))
    replied: Mapped[date | None] = mapped_column(Date)
    reply_unit: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Post(Base):
    """A new-media post read from an account's source."""

    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2048))
    published: Mapped[datetime | None] = mapped_column(DateTime)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    comments: Mapped[int | None] = mapped_column(Integer)
    reposts: Mapped[int | None] = mapped_column(Integer)


class Probe(Base):
    """One availability probe of a homepage (DNS, TCP, TLS, HTTP, complete body in time)."""

    __tablename__ = "probes"
    __table_args__ = (Index("ix_probes_site_at", "site_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2048))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    family: Mapped[str] = mapped_column(String(8), default="any")  # any | ipv4 | ipv6
    ok: Mapped[bool] = mapped_column(Boolean)
    stage: Mapped[str | None] = mapped_column(String(16))  # where it failed: dns | tcp | tls | http | timeout
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    seconds: Mapped[float | None] = mapped_column(Float)


class Fact(Base):
    """Any other observation of a run, as a named JSON document (IPv6 probe results, the
    reasons pages went unchecked, an account's profile …)."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("run_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(2048), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Finding(Base):
    """A problem judged from a run's observations (SPEC §2)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(8))  # veto | deduct | warn
    url: Mapped[str] = mapped_column(String(2048))
    page: Mapped[str | None] = mapped_column(String(2048))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CheckStatus(Base):
    """Whether a check could judge the run at all, kept apart from its findings so that
    "could not check" never reads as "passed"."""

    __tablename__ = "check_statuses"
    __table_args__ = (UniqueConstraint("run_id", "check"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # checked | not_checked
    reason: Mapped[str | None] = mapped_column(Text)


class Case(Base):
    """A problem followed across runs: first seen, last seen, notified, fixed."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("subject", "check", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(64))  # site:<id> | account:<id>
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    check: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    first_seen: Mapped[date] = mapped_column(Date)
    last_seen: Mapped[date] = mapped_column(Date)
    fixed_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | notified | fixed | closed
    deadline: Mapped[date | None] = mapped_column(Date)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))


class Notice(Base):
    """A 问题网站 notice written for a period."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[date | None] = mapped_column(Date)
    out_dir: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ScheduleLock(Base):
    """Guards against a scheduled job running twice at once across processes."""

    __tablename__ = "schedule_locks"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Screenshot(Base):
    """A problem page as a notice first showed it (PNG): kept here, not in a folder, so that
    any machine can write the notice again with the same evidence."""

    __tablename__ = "screenshots"
    __table_args__ = (UniqueConstraint("run_id", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    png: Mapped[bytes] = mapped_column(LargeBinary)


class User(Base):
    """Someone who signs in to the web console or calls the REST API."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | inspector | viewer
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token of the REST API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FindingReview(Base):
    """A person's decision on a finding (人工复核): confirmed, or dismissed with a reason.

    Keyed on (run, check, url) as well as the finding row, so that a review outlives the run
    being judged again (which replaces its finding rows). The latest review decides."""

    __tablename__ = "finding_reviews"
    __table_args__ = (Index("ix_finding_reviews_run_check", "run_id", "check"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    check: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    decision: Mapped[str] = mapped_column(String(16))  # confirm | dismiss
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(64))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
