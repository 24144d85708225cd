"""The FastAPI application of ``govpatrol serve``: the REST API, the pages and sign-in."""
from __future__ import annotations

import secrets
from typing import Annotated, Callable

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware
from urllib.parse import quote

from govpatrol.web import api, pages
from govpatrol.web.actions import WebSettings
from govpatrol.web.auth import Principal, SignInNeeded, api_user
from govpatrol.web.jobs import BackgroundWork
from storage.db import Database

SESSION_COOKIE = "govpatrol_session"
SESSION_HOURS = 12


def create_app(db: Database, settings: WebSettings, *, jobs: Callable[[], list] | None = None,
               secret_key: str | None = None, work: BackgroundWork | None = None) -> FastAPI:
    """``jobs`` lists the scheduler's jobs for the overview; ``secret_key`` signs session
    cookies (a fresh one per process: a restart signs everybody out)."""
    app = FastAPI(title="govpatrol", version="1",
                  description="政府网站与政务新媒体巡检 REST API（国办秘函〔2019〕19号）。"
                              "调用需携带 `Authorization: Bearer <令牌>`；令牌由 "
                              "`govpatrol user token NAME` 或 POST /api/v1/tokens 签发。"
                              "时间均为北京时间（UTC+8）。",
                  openapi_url=None, docs_url=None, redoc_url=None)
    app.state.db = db
    app.state.settings = settings
    app.state.work = work or BackgroundWork(db)
    app.state.jobs = jobs or (lambda: [])
    app.add_middleware(SessionMiddleware, secret_key=secret_key or secrets.token_urlsafe(32),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_HOURS * 3600,
                       same_site="lax", https_only=False)

    @app.middleware("http")
    async def protective_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Frame-Options", "DENY")  # no review form in a frame
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(SignInNeeded)
    async def to_sign_in(request: Request, exc: SignInNeeded):
        return RedirectResponse(f"/login?next={quote(exc.next_path, safe='')}", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok\n")

    @app.get("/api/v1/openapi.json", include_in_schema=False)
    def openapi_document(user: Annotated[Principal, Depends(api_user("viewer"))]) -> JSONResponse:
        return JSONResponse(app.openapi())

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
