"""The ``govpatrol`` command line (SPEC §3).

Exit status: 0 when the run completed (whatever it found), 2 for bad usage or input,
1 when the run itself could not complete.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from checks.rulebook import RulebookError, load_rulebook
from crawlers.dns import parse_nameserver
from crawlers.urls import BadURL, normalize_url
from govpatrol.inspection import InspectionError, InspectionOptions, inspect_site
from govpatrol.progress import CrawlProgress
from reports.build import build_audit_report
from reports.terminal import print_summary
from reports.writers import write_json, write_reports
from storage.db import Database

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="govpatrol — 政府网站与政务新媒体巡检 (国办秘函〔2019〕19号)")
err = Console(stderr=True)

AsOf = Annotated[Optional[str], typer.Option("--as-of", help="监测时间点 YYYY-MM-DD (默认今天)")]
JsonOut = Annotated[Optional[str], typer.Option("--json", help="JSON 报告路径；- 为标准输出")]
OutDir = Annotated[Optional[Path], typer.Option("--out", help="写出全部格式报告的目录")]
Nameservers = Annotated[Optional[list[str]], typer.Option(
    "--nameserver", help="经此 DNS 服务器解析全部主机名 HOST[:PORT]，可重复")]
MaxPages = Annotated[int, typer.Option("--max-pages", min=1, help="单个网站的抓取页面上限")]
DatabaseUrl = Annotated[Optional[str], typer.Option("--database", help="SQLAlchemy 数据库 URL")]
RulebookFile = Annotated[Optional[Path], typer.Option("--rulebook", help="覆盖默认阈值的规则文件 (YAML)")]


class BadInput(Exception):
    """Bad usage or input: exit status 2 with a clear message."""


def parse_as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"--as-of 日期格式应为 YYYY-MM-DD：{value!r}") from None


def parse_url(value: str) -> str:
    try:
        return normalize_url(value if "://" in value else value)
    except BadURL as exc:
        raise BadInput(f"网址无效：{exc}") from None


def parse_nameservers(values: list[str] | None) -> list[str]:
    for value in values or []:
        try:
            parse_nameserver(value)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    return list(values or [])


def open_database(url: str | None) -> Database:
    try:
        return Database(url)
    except Exception as exc:  # a wrong URL, a missing driver, a file we cannot write
        raise BadInput(f"无法打开数据库 {url or '(默认)'}：{exc}") from None


def rulebook_from(path: Path | None) -> dict:
    try:
        return load_rulebook(path)
    except RulebookError as exc:
        raise BadInput(str(exc)) from None


@app.command()
def audit(url: Annotated[str, typer.Argument(help="网站首页网址")],
          as_of: AsOf = None, json_path: JsonOut = None, out: OutDir = None,
          nameserver: Nameservers = None, max_pages: MaxPages = 2000,
          database: DatabaseUrl = None, rulebook: RulebookFile = None) -> None:
    """对单个网站做一次完整检查：抓取、全部检查、出报告。"""
    with _exit_codes():
        homepage = parse_url(url)
        options = InspectionOptions(as_of=parse_as_of(as_of), max_pages=max_pages,
                                    nameservers=parse_nameservers(nameserver),
                                    rulebook=rulebook_from(rulebook))
        db = open_database(database)
        run_audit(db, homepage, options, json_path=json_path, out=out)


def run_audit(db: Database, homepage: str, options: InspectionOptions, *,
              json_path: str | None, out: Path | None) -> dict:
    """Audit one site with a progress line, then write and summarise its reports."""
    with CrawlProgress(err, f"检查 {homepage}") as progress:
        run_id = inspect_site(db, homepage, options, progress.update)
    with db.session() as session:
        report = build_audit_report(session, run_id)
    paths: dict[str, Path] = {}
    if out is not None:
        paths.update(write_reports(report, out))
    if json_path:
        written = write_json(report, json_path)
        if written is not None:
            paths["json"] = written
    print_summary(report, err, paths)
    return report


class _exit_codes:
    """Maps failures onto SPEC's exit statuses, with one clear line instead of a traceback."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, (typer.Exit, typer.Abort, SystemExit)):
            return False
        if isinstance(exc, BadInput):
            err.print(f"[red]错误：[/]{exc}")
            raise typer.Exit(2)
        if isinstance(exc, InspectionError):
            err.print(f"[red]检查未能完成：[/]{exc}")
            raise typer.Exit(1)
        if isinstance(exc, KeyboardInterrupt):
            err.print("[yellow]已中止；已保存的结果不会丢失，本次检查记为未完成。[/]")
            raise typer.Exit(1)
        return False


@app.command()
def demo(out: OutDir = Path("demo-reports"), database: DatabaseUrl = None,
         host: Annotated[str, typer.Option(help="演示网站监听地址")] = "127.0.0.1") -> None:
    """启动内置的模拟政府网站，对它做一次检查，把报告写到 --out 目录。"""
    from govpatrol.demosite import AS_OF, DemoSites

    with _exit_codes():
        out.mkdir(parents=True, exist_ok=True)
        db = open_database(database or f"sqlite:///{out / 'govpatrol-demo.db'}")
        with DemoSites(host=host) as sites:
            err.print(f"模拟政府网站已启动：{sites.main}")
            options = InspectionOptions(as_of=AS_OF, rulebook=load_rulebook())
            run_audit(db, sites.main, options, json_path=None, out=out)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
