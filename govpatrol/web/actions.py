"""What the console can start or change, shared by the API and the pages. Each raises
``Problem`` (an HTTP status and one Chinese sentence) for anything it refuses."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from checks.rulebook import RulebookError, load_rulebook
from crawlers.urls import BadURL, homepage_url
from checks.chinatime import china_today
from govpatrol.asof import check_date
from govpatrol.inspection import InspectionOptions
from govpatrol.notices.files import NothingInspected, write_notice
from govpatrol.registry.entries import RegistryError
from govpatrol.registry.validation import load_registry
from govpatrol.reviews import ReviewError, review_finding
from govpatrol.web.jobs import BackgroundWork
from govpatrol.web.netguard import Refused, check_target, networks
from govpatrol.web.views import notice_dict, review_dict
from reports.notice_model import period_bounds
from storage import models as m
from storage.db import Database
from storage.queries import get_or_create_site


@dataclass
class WebSettings:
    """What the console needs beyond the database: from the settings file and ``serve``."""

    work_dir: Path
    nameservers: list[str] = field(default_factory=list)
    allowed_networks: list[str] = field(default_factory=list)
    rulebook: Path | None = None
    max_pages: int = 2000
    audit_time_limit: float | None = 1800.0
    # Notices show the screenshots audits stored; this also shoots runs that stored none
    # (from before), visiting their problem pages again.
    notice_screenshots: bool = False
    issuer: str | None = None  # 发文单位 of notices written here, unless the form names one


class Problem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _as_of(value: str | None) -> date:
    if not value:
        return china_today()
    try:
        return check_date(date.fromisoformat(value), "监测时间点")
    except ValueError as exc:
        raise Problem(422, f"监测时间点应为 YYYY-MM-DD：{exc}") from None


def _rulebook(settings: WebSettings) -> dict:
    try:
        return load_rulebook(settings.rulebook)
    except RulebookError as exc:
        raise Problem(500, str(exc)) from None


def start_audit(work: BackgroundWork, settings: WebSettings, url: str, *, user: str,
                as_of: str | None = None, max_pages: int | None = None) -> int:
    try:
        homepage = homepage_url(url or "")
    except BadURL as exc:
        raise Problem(422, f"网址无效：{exc}") from None
    try:
        check_target(homepage, nameservers=settings.nameservers,
                     allowed=networks(settings.allowed_networks))
    except Refused as exc:
        raise Problem(422, str(exc)) from None
    if max_pages is not None and not 1 <= max_pages <= 100000:
        raise Problem(422, "抓取页面上限应在1至100000之间")
    options = InspectionOptions(as_of=_as_of(as_of), max_pages=max_pages or settings.max_pages,
                                nameservers=list(settings.nameservers),
                                rulebook=_rulebook(settings),
                                time_limit=settings.audit_time_limit,
                                log_dir=settings.work_dir / "logs",
                                **crawl_policy(settings))
    return work.start_audit(homepage, options, user)


def crawl_policy(settings: WebSettings) -> dict[str, Any]:
    """The crawl-level network policy of an audit from the web, for the inspection options
    that carry one (crawlers.netpolicy): only ``allowed_networks``, and never the homepage's
    own network on trust, since a web user typed it. Options without those fields leave
    redirects and links to the crawl as it is."""
    names = {f.name for f in fields(InspectionOptions)}
    policy: dict[str, Any] = {}
    if "allowed_networks" in names:
        policy["allowed_networks"] = list(settings.allowed_networks)
    if "trust_homepage" in names:
        policy["trust_homepage"] = False
    return policy


def start_patrol(work: BackgroundWork, settings: WebSettings, registry: str) -> int | None:
    path = Path(registry or "")
    if not registry or not path.is_file():
        raise Problem(422, f"找不到网站名录文件：{registry!r}")
    try:
        entries = load_registry(path)
    except RegistryError as exc:
        raise Problem(422, str(exc)) from None
    options = InspectionOptions(as_of=china_today(), max_pages=settings.max_pages,
                                nameservers=list(settings.nameservers),
                                rulebook=_rulebook(settings),
                                log_dir=settings.work_dir / "logs")
    return work.start_patrol(entries, options)


def add_site(db: Database, url: str, **fields: str | None) -> int:
    try:
        homepage = homepage_url(url or "")
    except BadURL as exc:
        raise Problem(422, f"网址无效：{exc}") from None
    with db.session() as session:
        return get_or_create_site(session, homepage, **fields).id


def review(db: Database, finding_id: int, decision: str, reason: str, user: str) -> dict[str, Any]:
    with db.session() as session:
        try:
            return review_dict(review_finding(session, finding_id, decision, reason, user))
        except LookupError as exc:
            raise Problem(404, str(exc)) from None
        except ReviewError as exc:
            raise Problem(422, str(exc)) from None


def write_period_notice(db: Database, settings: WebSettings, period: str, *,
                        issuer: str | None = None) -> dict[str, Any]:
    try:
        first, last = period_bounds(period or "")
    except ValueError as exc:
        raise Problem(422, str(exc)) from None
    out = settings.work_dir / "notices" / f"{first.isoformat()}_{last.isoformat()}"
    try:
        write_notice(db, first, last, out, issuer=(issuer or "").strip() or settings.issuer,
                     late_screenshots=settings.notice_screenshots)
    except NothingInspected as exc:
        raise Problem(409, f"{exc}，未生成通报") from None
    with db.session() as session:
        notice = session.query(m.Notice).filter_by(period_from=first, period_to=last) \
            .order_by(m.Notice.id.desc()).first()
        return notice_dict(notice)


def notice_file(db: Database, notice_id: int, fmt: str) -> Path:
    if fmt not in ("docx", "xlsx", "html"):
        raise Problem(404, f"没有 {fmt} 格式")
    with db.session() as session:
        notice = session.get(m.Notice, notice_id)
        if notice is None:
            raise Problem(404, f"没有编号为 {notice_id} 的通报")
        name = ((notice.summary or {}).get("files") or {}).get(fmt)
        path = Path(notice.out_dir or "") / (name or f"notice.{fmt}")
    if not path.is_file():
        raise Problem(410, "通报文件已不在原位置")
    return path
