"""``govpatrol judge RUN_ID``: judge a stored run again, with another rulebook or as-of date.

Nothing is fetched: the run's stored observations are judged afresh and new reports written.
The stored judgement stays as it was, so a what-if never rewrites the record of an inspection.
"""
from __future__ import annotations

from typing import Annotated

import typer

from checks.verdict import judge_site
from govpatrol.commands.audit import present_report
from govpatrol.commands.common import (
    AsOf, BadInput, DatabaseUrl, JsonOut, OutDir, RulebookFile, app, exit_codes,
    open_database, parse_as_of, rulebook_from,
)
from govpatrol.evidence import run_pictures
from reports.build import build_audit_report
from storage import models as m
from storage.queries import load_observations


@app.command()
def judge(run_id: Annotated[int, typer.Argument(help="检查编号（history 命令可查）")],
          rulebook: RulebookFile = None, as_of: AsOf = None, json_path: JsonOut = None,
          out: OutDir = None, database: DatabaseUrl = None) -> None:
    """按新的规则文件或监测时间点重新判定已存储的检查，不再抓取，写出新报告。"""
    with exit_codes():
        rules = rulebook_from(rulebook)
        db = open_database(database)
        with db.session() as session:
            run = session.get(m.Run, run_id)
            if run is None or run.site_id is None:
                raise BadInput(f"没有编号为 {run_id} 的网站检查")
            if run.status != "complete":
                raise BadInput(f"检查 {run_id} 未完成（{run.status}），没有可重新判定的完整记录")
            obs = load_observations(session, run_id)
            judged = judge_site(obs, rules, parse_as_of(as_of) if as_of else run.as_of)
            report = build_audit_report(session, run_id, obs, judged)
            pictures = run_pictures(session, run_id)
        report["judged_again"] = {"rulebook": str(rulebook) if rulebook else None,
                                  "as_of": judged.as_of.isoformat()}
        present_report(report, json_path=json_path, out=out, pictures=pictures)
