"""The REST API under /api/v1 (SPEC §8). Every call needs a session or a bearer token."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from govpatrol.evidence import run_pictures
from govpatrol.history import site_cases
from govpatrol.web import actions
from govpatrol.web.auth import Principal, api_user
from govpatrol.web.users import issue_token
from govpatrol.web.views import (
    RowId, case_dict, list_sites, notice_dict, patrol_rates, run_dict, run_findings,
    site_detail,
)
from reports.build import build_audit_report
from reports.writers import FORMATS, write_reports
from storage import models as m

router = APIRouter(prefix="/api/v1")
Viewer = Annotated[Principal, Depends(api_user("viewer"))]
Inspector = Annotated[Principal, Depends(api_user("inspector"))]
Admin = Annotated[Principal, Depends(api_user("admin"))]
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "html": "text/html; charset=utf-8", "json": "application/json"}
# A report or notice shown as a page holds what inspected sites wrote: it runs sandboxed, as
# a page of no origin, with no script and no request except its own images and styles.
DOCUMENT_POLICY = {"Content-Security-Policy":
                   "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"}


class SiteIn(BaseModel):
    url: str
    name: str | None = None
    organizer: str | None = None
    site_code: str | None = None


class AuditIn(BaseModel):
    url: str = Field(description="网站首页网址")
    as_of: str | None = Field(None, description="监测时间点 YYYY-MM-DD，默认今天（北京时间）")
    max_pages: int | None = None


class PatrolIn(BaseModel):
    registry: str = Field(description="服务器上的网站名录文件 (YAML) 路径")


class ReviewIn(BaseModel):
    decision: Literal["confirm", "dismiss"]
    reason: str = ""


class NoticeIn(BaseModel):
    period: str = Field(description="YYYY-MM、YYYY-Qn、YYYY-H1/H2 或 YYYY")
    issuer: str | None = None


class TokenIn(BaseModel):
    label: str | None = None


def _app(request: Request):
    return request.app.state


def _raise(problem: actions.Problem):
    raise HTTPException(problem.status, problem.message)


@router.get("/sites", summary="网站列表（按结论、检查项、名称筛选）")
def get_sites(request: Request, user: Viewer, verdict: Literal["pass", "fail", "unchecked"] | None = None,
              check: str | None = None, name: str | None = None) -> list[dict[str, Any]]:
    with _app(request).db.session() as session:
        return list_sites(session, verdict=verdict, check=check, name=name)


@router.post("/sites", status_code=201, summary="登记网站（管理员）")
def post_site(request: Request, body: SiteIn, user: Admin) -> dict[str, Any]:
    try:
        site_id = actions.add_site(_app(request).db, body.url, name=body.name,
                                   organizer=body.organizer, site_code=body.site_code)
    except actions.Problem as problem:
        _raise(problem)
    with _app(request).db.session() as session:
        return site_detail(session, site_id)["site"]


def _site(request: Request, site_id: int) -> dict[str, Any]:
    with _app(request).db.session() as session:
        detail = site_detail(session, site_id)
    if detail is None:
        raise HTTPException(404, f"没有编号为 {site_id} 的网站")
    return detail


@router.get("/sites/{site_id}", summary="网站详情：最近结论、待整改问题、最近一次检查的问题")
def get_site(request: Request, site_id: RowId, user: Viewer) -> dict[str, Any]:
    return _site(request, site_id)


@router.get("/sites/{site_id}/runs", summary="网站的检查记录")
def get_site_runs(request: Request, site_id: RowId, user: Viewer) -> list[dict[str, Any]]:
    return _site(request, site_id)["runs"]


@router.get("/sites/{site_id}/cases", summary="网站的问题跟踪（全部状态）")
def get_site_cases(request: Request, site_id: RowId, user: Viewer) -> list[dict[str, Any]]:
    _site(request, site_id)
    with _app(request).db.session() as session:
        return [case_dict(c) for c in site_cases(session, site_id)]


@router.get("/runs/{run_id}", summary="一次检查及其发现的问题")
def get_run(request: Request, run_id: RowId, user: Viewer) -> dict[str, Any]:
    with _app(request).db.session() as session:
        run = session.get(m.Run, run_id)
        if run is None:
            raise HTTPException(404, f"没有编号为 {run_id} 的检查")
        return {**run_dict(run), "problems": run_findings(session, run_id)}


@router.get("/screenshots/{shot_id}", summary="检查时拍下的问题页面截图（PNG）")
def get_screenshot(request: Request, shot_id: RowId, user: Viewer) -> Response:
    with _app(request).db.session() as session:
        shot = session.get(m.Screenshot, shot_id)
        if shot is None:
            raise HTTPException(404, f"没有编号为 {shot_id} 的截图")
        png = shot.png
    return Response(png, media_type="image/png", headers=DOCUMENT_POLICY)


@router.get("/runs/{run_id}/report.{fmt}", summary="一次检查的报告（json、html、docx、xlsx）")
def get_run_report(request: Request, run_id: RowId, fmt: str, user: Viewer) -> FileResponse:
    if fmt not in FORMATS:
        raise HTTPException(404, f"没有 {fmt} 格式")
    state = _app(request)
    with state.db.session() as session:
        run = session.get(m.Run, run_id)
        if run is None or run.status != "complete" or run.site_id is None:
            raise HTTPException(404, "这次检查没有完成的报告")
        report = build_audit_report(session, run_id)
        pictures = run_pictures(session, run_id)
    paths = write_reports(report, state.settings.work_dir / "reports" / f"run-{run_id}", [fmt],
                          pictures=pictures)
    return FileResponse(paths[fmt], media_type=MEDIA[fmt], filename=f"run-{run_id}.{fmt}",
                        headers=DOCUMENT_POLICY)


@router.post("/audits", status_code=202, summary="发起单个网站检查（检查员）")
def post_audit(request: Request, body: AuditIn, user: Inspector) -> dict[str, Any]:
    state = _app(request)
    try:
        run_id = actions.start_audit(state.work, state.settings, body.url, user=user.name,
                                     as_of=body.as_of, max_pages=body.max_pages)
    except actions.Problem as problem:
        _raise(problem)
    return {"id": run_id, "url": f"/api/v1/audits/{run_id}"}


@router.get("/audits/{audit_id}", summary="检查进度与报告")
def get_audit(request: Request, audit_id: RowId, user: Viewer) -> dict[str, Any]:
    return audit_status(request, audit_id)


def audit_status(request: Request, audit_id: RowId) -> dict[str, Any]:
    state = _app(request)
    with state.db.session() as session:
        run = session.get(m.Run, audit_id)
        if run is None or run.site_id is None:
            raise HTTPException(404, f"没有编号为 {audit_id} 的检查")
        live = state.work.audits.get(audit_id)
        body: dict[str, Any] = {"id": run.id, "site_id": run.site_id, "status": run.status,
                                "run": run_dict(run),
                                "progress": live.as_dict() if live else None, "report": None}
        if run.status == "complete":
            body["report"] = build_audit_report(session, run.id)
    return body


@router.get("/patrols", summary="巡检及其合格率")
def get_patrols(request: Request, user: Viewer) -> list[dict[str, Any]]:
    state = _app(request)
    with state.db.session() as session:
        rows = patrol_rates(session, limit=200)
    for row in rows:
        row["progress"] = state.work.patrols.get(row["id"])
    return rows


@router.post("/patrols", status_code=202, summary="按网站名录发起巡检（检查员）")
def post_patrol(request: Request, body: PatrolIn, user: Inspector) -> dict[str, Any]:
    state = _app(request)
    try:
        patrol_id = actions.start_patrol(state.work, state.settings, body.registry)
    except actions.Problem as problem:
        _raise(problem)
    return {"id": patrol_id}


@router.post("/findings/{finding_id}/review", status_code=201,
             summary="人工复核：确认或排除一个问题（检查员）")
def post_review(request: Request, finding_id: RowId, body: ReviewIn, user: Inspector) -> dict[str, Any]:
    try:
        return actions.review(_app(request).db, finding_id, body.decision, body.reason, user.name)
    except actions.Problem as problem:
        _raise(problem)


@router.get("/notices", summary="通报存档")
def get_notices(request: Request, user: Viewer) -> list[dict[str, Any]]:
    with _app(request).db.session() as session:
        return [notice_dict(n) for n in session.scalars(
            select(m.Notice).order_by(m.Notice.period_to.desc(), m.Notice.id.desc()))]


@router.post("/notices", status_code=201, summary="写出一个期间的问题网站通报（检查员）")
def post_notice(request: Request, body: NoticeIn, user: Inspector) -> dict[str, Any]:
    state = _app(request)
    try:
        return actions.write_period_notice(state.db, state.settings, body.period, issuer=body.issuer)
    except actions.Problem as problem:
        _raise(problem)


@router.get("/notices/{notice_id}/{fmt}", summary="下载通报（docx、xlsx、html）")
def get_notice_file(request: Request, notice_id: RowId, fmt: Literal["docx", "xlsx", "html"],
                    user: Viewer) -> FileResponse:
    try:
        path = actions.notice_file(_app(request).db, notice_id, fmt)
    except actions.Problem as problem:
        _raise(problem)
    return FileResponse(path, media_type=MEDIA[fmt], filename=f"notice-{notice_id}.{fmt}",
                        headers=DOCUMENT_POLICY)


@router.post("/tokens", status_code=201, summary="为当前用户签发 API 令牌（只显示一次）")
def post_token(request: Request, body: TokenIn, user: Viewer) -> dict[str, Any]:
    with _app(request).db.session() as session:
        account = session.get(m.User, user.id)
        return {"token": issue_token(session, account, body.label), "user": user.name,
                "role": user.role}
