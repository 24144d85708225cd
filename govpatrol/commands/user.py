"""``govpatrol user``: the people who sign in to the web console, and their API tokens."""
from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy import select

from govpatrol.commands.common import BadInput, DatabaseUrl, app, err, exit_codes, open_database, out
from govpatrol.web.users import ROLE_LABELS, ROLES, UserError, add_user, find_user, issue_token
from storage import models as m

user_app = typer.Typer(no_args_is_help=True, help="网页控制台的用户与 API 令牌")
app.add_typer(user_app, name="user")


@user_app.command("add")
def add(name: Annotated[str, typer.Argument(help="用户名")],
        role: Annotated[str, typer.Option("--role", help=f"角色：{'、'.join(ROLES)}")],
        password_stdin: Annotated[bool, typer.Option(
            "--password-stdin", help="从标准输入读取密码（第一行），不提示")] = False,
        database: DatabaseUrl = None) -> None:
    """创建用户；密码以 Argon2 散列保存。"""
    with exit_codes():
        if role not in ROLES:
            raise BadInput(f"角色应为 {'、'.join(ROLES)} 之一：{role!r}")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
        db = open_database(database)
        try:
            with db.session() as session:
                add_user(session, name, role, password)
        except UserError as exc:
            raise BadInput(str(exc)) from None
        finally:
            db.dispose()
        err.print(f"已创建用户 {name}（{ROLE_LABELS[role]}）")


@user_app.command("token")
def token(name: Annotated[str, typer.Argument(help="用户名")],
          label: Annotated[str, typer.Option("--label", help="令牌用途说明")] = "",
          database: DatabaseUrl = None) -> None:
    """为用户签发一个 API 令牌，打印到标准输出（只显示这一次）。"""
    with exit_codes():
        db = open_database(database)
        try:
            with db.session() as session:
                user = find_user(session, name)
                if user is None:
                    raise BadInput(f"没有用户 {name}")
                text = issue_token(session, user, label or None)
        finally:
            db.dispose()
        out.print(text)


@user_app.command("list")
def list_users(database: DatabaseUrl = None) -> None:
    """列出用户和角色。"""
    with exit_codes():
        db = open_database(database)
        try:
            with db.session() as session:
                for user in session.scalars(select(m.User).order_by(m.User.name)):
                    out.print(f"{user.name}\t{user.role}\t{ROLE_LABELS.get(user.role, user.role)}")
        finally:
            db.dispose()
