"""What every command shares: the Typer app, the options named by SPEC §3, input parsing
with clear messages, and the mapping of failures onto exit statuses.

Exit status: 0 when the run completed (whatever it found), 2 for bad usage or input,
1 when the run itself could not complete.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from checks.chinatime import china_today
from checks.rulebook import RulebookError, load_rulebook
from crawlers.dns import parse_nameserver
from crawlers.politeness import DEFAULT as DEFAULT_POLITENESS, LEVELS, parse_politeness
from crawlers.urls import BadURL, homepage_url
from govpatrol.asof import check_date
from govpatrol.config import Config, ConfigError, load_config
from govpatrol.inspection import InspectionError
from storage.db import Database

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="govpatrol — 政府网站与政务新媒体巡检 (国办秘函〔2019〕19号)")
# Markup off: site names, URLs and messages come from registries and sites and may hold
# "[...]" ("[/]云溪市人民政府"); styles are given as Text, never written into strings.


@app.callback()
def _commands() -> None:
    # A group even when only the command being run is loaded (govpatrol/cli.py): a Typer of
    # one command would otherwise take the command's name for its first argument.
    pass


err = Console(stderr=True, markup=False)
out = Console(markup=False)

AsOf = Annotated[Optional[str], typer.Option("--as-of", help="监测时间点 YYYY-MM-DD (默认今天)")]
JsonOut = Annotated[Optional[str], typer.Option("--json", help="JSON 报告路径；- 为标准输出")]
OutDir = Annotated[Optional[Path], typer.Option("--out", help="写出全部格式报告的目录")]
Nameservers = Annotated[Optional[list[str]], typer.Option(
    "--nameserver", help="经此 DNS 服务器解析全部主机名 HOST[:PORT]，可重复")]
MaxPages = Annotated[int, typer.Option("--max-pages", min=1, help="单个网站的抓取页面上限")]
DatabaseUrl = Annotated[Optional[str], typer.Option("--database", help="SQLAlchemy 数据库 URL")]
Politeness = Annotated[Optional[str], typer.Option(
    "--politeness", help=f"对网站的抓取强度：{'、'.join(LEVELS)}（默认 {DEFAULT_POLITENESS}）")]
NoScreenshots = Annotated[bool, typer.Option(
    "--no-screenshots", help="不截取问题页面截图（检查时不拍，报告和通报不附）")]
RulebookFile = Annotated[Optional[Path], typer.Option("--rulebook", help="覆盖默认阈值的规则文件 (YAML)")]


class BadInput(Exception):
    """Bad usage or input: exit status 2 with a clear message."""


def parse_as_of(value: str | None) -> date:
    """The --as-of date; today in China time when not given."""
    return parse_date(value, "--as-of") if value else china_today()


def parse_date(value: str, option: str) -> date:
    """A YYYY-MM-DD option within the range the product reasons about."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{option} 日期格式应为 YYYY-MM-DD：{value!r}") from None
    try:
        return check_date(parsed, option)
    except ValueError as exc:
        raise BadInput(str(exc)) from None


def parse_url(value: str) -> str:
    try:
        # Inspectors often type the bare host name, as it appears in the site list.
        return homepage_url(value)
    except BadURL as exc:
        raise BadInput(f"网址无效：{exc}") from None


def settings() -> Config:
    """The settings file (govpatrol.yaml or $GOVPATROL_CONFIG); command-line options win."""
    try:
        return load_config()
    except ConfigError as exc:
        raise BadInput(str(exc)) from None


def parse_nameservers(values: list[str] | None) -> list[str]:
    values = list(values or []) or settings().nameservers
    for value in values:
        try:
            parse_nameserver(value)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    return values


def parse_politeness_option(value: str | None) -> str:
    """--politeness, else the settings file's, else the default level."""
    given = value if value is not None else settings().politeness
    if given is None:
        return DEFAULT_POLITENESS
    try:
        return parse_politeness(given)
    except ValueError as exc:
        raise BadInput(f"--politeness {exc}") from None


def open_database(url: str | None) -> Database:
    url = url or settings().database
    try:
        return Database(url)
    except Exception as exc:  # a wrong URL, a missing driver, a file we cannot write
        raise BadInput(f"无法打开数据库 {url or '(默认)'}：{exc}") from None


def rulebook_from(path: Path | None) -> dict:
    try:
        return load_rulebook(path or settings().rulebook)
    except RulebookError as exc:
        raise BadInput(str(exc)) from None


class exit_codes:
    """Maps failures onto SPEC's exit statuses, with one clear line instead of a traceback."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, (typer.Exit, typer.Abort, SystemExit)):
            return False
        if isinstance(exc, BadInput):
            err.print(Text.assemble(("错误：", "red"), str(exc)))
            raise typer.Exit(2)
        if isinstance(exc, InspectionError):
            err.print(Text.assemble(("检查未能完成：", "red"), str(exc)))
            raise typer.Exit(1)
        if isinstance(exc, KeyboardInterrupt):
            err.print(Text("已中止；已保存的结果不会丢失，本次检查记为未完成。", style="yellow"))
            raise typer.Exit(1)
        return False
