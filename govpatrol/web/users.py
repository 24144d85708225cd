"""Users, roles and API tokens. Passwords are hashed with Argon2 (argon2-cffi); a token is
shown once and only its SHA-256 is stored."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import models as m

ROLES = ("viewer", "inspector", "admin")  # each role may do what the ones before it may
ROLE_LABELS = {"viewer": "查看", "inspector": "检查员", "admin": "管理员"}
_NAME = re.compile(r"[\w.@-]{1,64}")
PASSWORD_MIN = 8
TOKEN_PREFIX = "gp_"

_hasher = PasswordHasher()


class UserError(ValueError):
    """A user that cannot be added (bad name, role or password, name taken)."""


def role_allows(role: str, needed: str) -> bool:
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def add_user(session: Session, name: str, role: str, password: str) -> m.User:
    if not _NAME.fullmatch(name or ""):
        raise UserError(f"用户名应为1至64个字母、数字或 . _ @ -：{name!r}")
    if role not in ROLES:
        raise UserError(f"角色应为 {'、'.join(ROLES)} 之一：{role!r}")
    if len(password or "") < PASSWORD_MIN:
        raise UserError(f"密码至少{PASSWORD_MIN}个字符")
    if session.scalar(select(m.User).where(m.User.name == name)) is not None:
        raise UserError(f"用户 {name} 已存在")
    user = m.User(name=name, role=role, password_hash=_hasher.hash(password), active=True,
                  created_at=datetime.now(timezone.utc))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, name: str, password: str) -> m.User | None:
    user = session.scalar(select(m.User).where(m.User.name == name))
    if user is None or not user.active:
        _hasher.hash(password or "x")  # the same work whether or not the name exists
        return None
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def issue_token(session: Session, user: m.User, label: str | None = None) -> str:
    """A new API token for ``user``; the text returned is the only copy."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(m.ApiToken(user_id=user.id, token_hash=_digest(token), label=label,
                           created_at=datetime.now(timezone.utc)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> m.User | None:
    row = session.scalar(select(m.ApiToken).where(m.ApiToken.token_hash == _digest(token)))
    if row is None:
        return None
    user = session.get(m.User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = datetime.now(timezone.utc)
    return user


def find_user(session: Session, name: str) -> m.User | None:
    return session.scalar(select(m.User).where(m.User.name == name))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
