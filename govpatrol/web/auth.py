"""Who is asking: a signed-in session (pages) or a bearer token (API), and what their role
lets them do. Requests that change something through a session carry the session's CSRF
token (a form field or the X-CSRF-Token header); token requests need none, as no browser
sends a token on its own."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request

from govpatrol.web.users import role_allows, user_for_token
from storage import models as m

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Principal:
    id: int
    name: str
    role: str
    via: str  # session | token


class SignInNeeded(Exception):
    """A page asked for without a signed-in user: the console sends them to sign in."""

    def __init__(self, next_path: str):
        self.next_path = next_path


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def principal_of(request: Request) -> Principal | None:
    db = request.app.state.db
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        with db.session() as session:
            user = user_for_token(session, header[7:].strip())
            return Principal(user.id, user.name, user.role, "token") if user else None
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    with db.session() as session:
        user = session.get(m.User, user_id)
        if user is None or not user.active:
            return None
        return Principal(user.id, user.name, user.role, "session")


async def check_csrf(request: Request, principal: Principal) -> None:
    if request.method in SAFE_METHODS or principal.via == "token":
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise HTTPException(403, "CSRF 校验失败：请刷新页面后重试")


def api_user(role: str = "viewer"):
    """Dependency of an API call: 401 without a valid session or token, 403 for a role
    below ``role``."""
    async def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        if principal is None:
            raise HTTPException(401, "需要登录或 API 令牌", headers={"WWW-Authenticate": "Bearer"})
        if not role_allows(principal.role, role):
            raise HTTPException(403, f"此操作需要{role}角色")
        await check_csrf(request, principal)
        return principal
    return dependency


def page_user(role: str = "viewer"):
    """Dependency of a page: to the sign-in page without a user, 403 for a lower role."""
    async def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        if principal is None:
            if request.method in SAFE_METHODS:
                raise SignInNeeded(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
            raise HTTPException(401, "需要登录")
        if not role_allows(principal.role, role):
            raise HTTPException(403, "您的角色不能进行此操作")
        await check_csrf(request, principal)
        return principal
    return dependency
