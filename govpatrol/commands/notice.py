"""``govpatrol notice``: write the 问题网站 notice of a period from stored results."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from govpatrol.asof import check_date
from govpatrol.commands.common import (
    BadInput, DatabaseUrl, app, err, exit_codes, open_database, parse_date, settings,
)
from govpatrol.notices.cases import notice_review_counts
from govpatrol.notices.files import NothingInspected, write_notice
from reports.notice_model import period_bounds, period_text


@app.command()
def notice(
    out: Annotated[Path, typer.Option("--out", help="写出通报（DOCX、XLSX、HTML 及截图）的目录")],
    period: Annotated[Optional[str], typer.Option(
        "--period", help="通报期间：YYYY-MM、YYYY-Qn、YYYY-H1/H2 或 YYYY")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="期间开始日期 YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="期间结束日期 YYYY-MM-DD")] = None,
    deadline: Annotated[Optional[str], typer.Option(
        "--deadline", help="整改期限 YYYY-MM-DD（默认期间结束后15个工作日）")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="通报标题")] = None,
    issuer: Annotated[Optional[str], typer.Option(
        "--issuer", help="发文单位（默认取设置文件的 issuer）")] = None,
    no_screenshots: Annotated[bool, typer.Option(
        "--no-screenshots", help="不附问题页面截图（默认附检查时存下的截图）")] = False,
    database: DatabaseUrl = None,
) -> None:
    """根据已存储的检查结果，写出一个期间的问题网站通报。"""
    with exit_codes():
        first, last = parse_period(period, date_from, date_to)
        due = parse_date(deadline, "--deadline") if deadline else None
        issuer = issuer or settings().issuer
        db = open_database(database)
        try:
            written = write_notice(db, first, last, out, title=title, issuer=issuer,
                                   deadline=due, screenshots=not no_screenshots)
            review = notice_review_counts(db, first, last)
        except NothingInspected as exc:
            # Nothing to notify is an answer, not a failure: no files, no Notice row.
            err.print(Text(f"{exc}，未生成通报。", style="yellow"))
            return
        except OSError as exc:
            err.print(Text.assemble(("通报未能写出：", "red"), str(exc)))
            raise typer.Exit(1) from None
        finally:
            db.dispose()
        err.print(f"{period_text(first, last)}通报已写出：")
        for fmt, path in written.items():
            err.print(f"  {fmt}: {path}", soft_wrap=True)  # a path stays one line, to copy
        err.print(f"人工复核：通报所列问题中待复核{review['awaiting']}个；"
                  f"已排除{review['dismissed']}个（不列入通报）")


def parse_period(period: str | None, date_from: str | None, date_to: str | None) -> tuple[date, date]:
    """``--period``, or ``--from`` and ``--to``: exactly one of the two ways."""
    if period and (date_from or date_to):
        raise BadInput("--period 与 --from/--to 只能选用一种")
    if period:
        try:
            first, last = period_bounds(period)
            return check_date(first, "--period"), check_date(last, "--period")
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    if not (date_from and date_to):
        raise BadInput("请用 --period（如 2026-11）或同时用 --from 和 --to 指定通报期间")
    first, last = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if last < first:
        raise BadInput(f"--to {last} 早于 --from {first}")
    return first, last

