"""The console's pages (Jinja2, no front-end build): overview, sites, a site, audits,
notices, sign-in. Forms post here with the session's CSRF token."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from govpatrol.web import actions
from govpatrol.web.auth import Principal, csrf_token, page_user, principal_of
from govpatrol.web.display import install_filters
from govpatrol.web.users import ROLE_LABELS, authenticate, role_allows
from govpatrol.web.views import (
    RowId, findings_per_check, list_sites, notice_dict, patrol_rates, site_detail,
)
from reports import labels
from storage import models as m

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
# Names, messages and evidence come from the inspected sites: every value is escaped (the
# templates end in .j2, which extension-based autoescaping would leave out).
templates.env.autoescape = True
install_filters(templates.env)
Viewer = Annotated[Principal, Depends(page_user("viewer"))]
Inspector = Annotated[Principal, Depends(page_user("inspector"))]


def render(request: Request, name: str, user: Principal | None, status: int = 200,
           **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"user": user, "csrf": csrf_token(request), "role_labels": ROLE_LABELS,
                        "can_inspect": bool(user and role_allows(user.role, "inspector")),
                        **context}, status_code=status)


def _problem(request: Request, user: Principal, problem: actions.Problem) -> HTMLResponse:
    return render(request, "error.html.j2", user, status=problem.status, message=problem.message)


def _local(path: str | None) -> str:
    """Only a path on this console may be where sign-in leads (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or urlsplit(path).netloc:
        return "/"
    return path


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html.j2", principal_of(request), next=_local(next), error=None)


@router.post("/login")
async def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
                csrf_token_: Annotated[str, Form(alias="csrf_token")] = "",
                next: Annotated[str, Form()] = "/"):
    if not csrf_token_ or csrf_token_ != request.session.get("csrf"):
        raise HTTPException(403, "CSRF 校验失败：请刷新页面后重试")
    with request.app.state.db.session() as session:
        user = authenticate(session, name.strip(), password)
        user_id = user.id if user else None
    if user_id is None:
        return render(request, "login.html.j2", None, status=401, next=_local(next),
                      error="用户名或密码不正确")
    request.session.clear()  # a new session on sign-in: nothing carried over from before
    request.session["user_id"] = user_id
    csrf_token(request)
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request, user: Viewer):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def overview(request: Request, user: Viewer) -> HTMLResponse:
    state = request.app.state
    with state.db.session() as session:
        rates = patrol_rates(session)
        per_check = findings_per_check(session)
        sites = list_sites(session)
    try:
        jobs = state.jobs()
    except Exception:  # the page still shows the rest when the job store is unreadable
        jobs = []
    return render(request, "overview.html.j2", user, rates=rates, per_check=per_check,
                  sites=sites, jobs=jobs, patrol_progress=state.work.patrols)


@router.get("/sites")
def sites_page(request: Request, user: Viewer, verdict: str = "", check: str = "",
               name: str = "") -> HTMLResponse:
    with request.app.state.db.session() as session:
        sites = list_sites(session, verdict=verdict or None, check=check or None,
                           name=name.strip() or None)
    return render(request, "sites.html.j2", user, sites=sites,
                  filters={"verdict": verdict, "check": check, "name": name},
                  checks=list(labels.CHECK_LABELS.items()))


@router.get("/sites/{site_id}")
def site_page(request: Request, site_id: RowId, user: Viewer) -> HTMLResponse:
    with request.app.state.db.session() as session:
        detail = site_detail(session, site_id)
    if detail is None:
        return render(request, "error.html.j2", user, status=404, message="没有这个网站")
    return render(request, "site.html.j2", user, **detail)


@router.post("/findings/{finding_id}/review")
def review_form(request: Request, finding_id: RowId, user: Inspector,
                decision: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
                back: Annotated[str, Form()] = "/"):
    try:
        actions.review(request.app.state.db, finding_id, decision, reason, user.name)
    except actions.Problem as problem:
        return _problem(request, user, problem)
    return RedirectResponse(f"{_local(back)}#finding-{finding_id}", status_code=303)


@router.get("/audits/new")
def audit_form(request: Request, user: Inspector) -> HTMLResponse:
    return render(request, "audit_new.html.j2", user)


@router.post("/audits")
def audit_start(request: Request, user: Inspector, url: Annotated[str, Form()],
                as_of: Annotated[str, Form()] = "", max_pages: Annotated[str, Form()] = ""):
    state = request.app.state
    try:
        pages = int(max_pages) if max_pages.strip() else None
    except ValueError:
        return _problem(request, user, actions.Problem(422, "抓取页面上限应为整数"))
    try:
        run_id = actions.start_audit(state.work, state.settings, url, user=user.name,
                                     as_of=as_of.strip() or None, max_pages=pages)
    except actions.Problem as problem:
        return _problem(request, user, problem)
    return RedirectResponse(f"/audits/{run_id}", status_code=303)


@router.get("/audits/{run_id}")
def audit_page(request: Request, run_id: RowId, user: Viewer) -> HTMLResponse:
    with request.app.state.db.session() as session:
        run = session.get(m.Run, run_id)
        if run is None or run.site_id is None:
            return render(request, "error.html.j2", user, status=404, message="没有这次检查")
        site = session.get(m.Site, run.site_id)
        context = {"run_id": run.id, "site_id": site.id, "site_url": site.url,
                   "site_name": site.name or site.url}
    return render(request, "audit.html.j2", user, **context)


@router.post("/patrols")
def patrol_start(request: Request, user: Inspector, registry: Annotated[str, Form()]):
    state = request.app.state
    try:
        actions.start_patrol(state.work, state.settings, registry.strip())
    except actions.Problem as problem:
        return _problem(request, user, problem)
    return RedirectResponse("/", status_code=303)


@router.get("/notices")
def notices_page(request: Request, user: Viewer) -> HTMLResponse:
    with request.app.state.db.session() as session:
        notices = [notice_dict(n) for n in session.scalars(
            select(m.Notice).order_by(m.Notice.period_to.desc(), m.Notice.id.desc()))]
    return render(request, "notices.html.j2", user, notices=notices,
                  issuer=request.app.state.settings.issuer)


@router.post("/notices")
def notice_write(request: Request, user: Inspector, period: Annotated[str, Form()],
                 issuer: Annotated[str, Form()] = ""):
    state = request.app.state
    try:
        actions.write_period_notice(state.db, state.settings, period, issuer=issuer)
    except actions.Problem as problem:
        return _problem(request, user, problem)
    return RedirectResponse("/notices", status_code=303)
