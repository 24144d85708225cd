"""``govpatrol history SITE``: a site's inspections and the problems followed across them."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from govpatrol.commands.common import BadInput, DatabaseUrl, app, exit_codes, open_database, out
from govpatrol.history import ACTIVE_STATES, CASE_STATE_LABELS, find_site, finding_counts, site_cases, site_runs
from reports.labels import check_label, severity_label, status_label, verdict_label

@app.command()
def history(site: Annotated[str, typer.Argument(help="网站首页网址或网站名称")],
            limit: Annotated[int, typer.Option("--limit", min=1, help="显示最近几次检查")] = 20,
            open_only: Annotated[bool, typer.Option("--open-only", help="只列出未整改的问题")] = False,
            database: DatabaseUrl = None) -> None:
    """列出一个网站的历次检查（日期、状态、结论、问题数）和问题跟踪（首次/最近发现、状态、整改期限）。"""
    with exit_codes():
        db = open_database(database)
        with db.session() as session:
            matches = find_site(session, site)
            if not matches:
                raise BadInput(f"没有找到网站：{site}")
            if len(matches) > 1:
                names = "、".join(f"{s.name}（{s.url}）" for s in matches[:10])
                raise BadInput(f"“{site}”对应多个网站，请用网址指定：{names}")
            found = matches[0]
            runs = site_runs(session, found.id, limit=limit)
            counts = finding_counts(session, [r.id for r in runs])
            cases = site_cases(session, found.id,
                               states=ACTIVE_STATES if open_only else None)
            out.print(Text.assemble((found.name or "（未命名网站）", "bold"), "  ", found.url))
            out.print(runs_table(runs, counts))
            out.print(cases_table(cases))


def runs_table(runs, counts) -> Table:
    table = Table(title="检查记录")
    for heading in ("编号", "监测时间点", "类型", "状态", "结论", "单项否决", "扣分", "预警"):
        table.add_column(heading)
    for run in runs:
        n = counts.get(run.id, {})
        table.add_row(str(run.id), run.as_of.isoformat(), run.kind, status_label(run.status),
                      verdict_label(run.verdict), str(n.get("veto", 0)),
                      str(n.get("deduct", 0)), str(n.get("warn", 0)))
    if not runs:
        table.caption = "尚未检查"
    return table


def cases_table(cases) -> Table:
    table = Table(title="问题跟踪")
    for heading in ("问题", "程度", "网址", "首次发现", "最近发现", "状态", "整改期限", "整改日期"):
        table.add_column(heading, overflow="fold")
    for case in cases:
        table.add_row(check_label(case.check), severity_label(case.severity), case.url,
                      case.first_seen.isoformat(), case.last_seen.isoformat(),
                      CASE_STATE_LABELS.get(case.state, case.state),
                      case.deadline.isoformat() if case.deadline else "—",
                      case.fixed_on.isoformat() if case.fixed_on else "—")
    if not cases:
        table.caption = "没有问题记录"
    return table
