"""``govpatrol audit`` (one site, on demand) and ``govpatrol demo`` (the bundled site)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checks.rulebook import load_rulebook
from crawlers.defaults import MAX_PAGES
from govpatrol.commands.common import (
    AsOf, DatabaseUrl, JsonOut, MaxPages, Nameservers, NoScreenshots, OutDir, Politeness, RulebookFile, app,
    err, exit_codes, open_database, parse_as_of, parse_nameservers, parse_politeness_option,
    parse_url, rulebook_from, settings,
)
from govpatrol.demosite import AS_OF, DemoSites
from govpatrol.evidence import SCREENSHOTS_PER_RUN, run_pictures
from govpatrol.inspection import InspectionOptions, inspect_site
from govpatrol.progress import CrawlProgress
from reports.build import build_audit_report
from reports.terminal import print_summary
from reports.writers import write_json, write_reports
from storage.db import Database


@app.command()
def audit(url: Annotated[str, typer.Argument(help="网站首页网址")],
          as_of: AsOf = None, json_path: JsonOut = None, out: OutDir = None,
          nameserver: Nameservers = None, max_pages: MaxPages = MAX_PAGES,
          database: DatabaseUrl = None, rulebook: RulebookFile = None,
          politeness: Politeness = None, no_screenshots: NoScreenshots = False) -> None:
    """对单个网站做一次完整检查：抓取、全部检查、出报告。"""
    with exit_codes():
        homepage = parse_url(url)
        options = InspectionOptions(as_of=parse_as_of(as_of), max_pages=max_pages,
                                    politeness=parse_politeness_option(politeness),
                                    nameservers=parse_nameservers(nameserver),
                                    rulebook=rulebook_from(rulebook),
                                    allowed_networks=settings().allowed_networks,
                                    screenshots=0 if no_screenshots else SCREENSHOTS_PER_RUN)
        db = open_database(database)
        run_audit(db, homepage, options, json_path=json_path, out=out)


def run_audit(db: Database, homepage: str, options: InspectionOptions, *,
              json_path: str | None, out: Path | None) -> dict:
    """Audit one site with a progress line, then write and summarise its reports."""
    with CrawlProgress(err, f"检查 {homepage}") as progress:
        run_id = inspect_site(db, homepage, options, progress.update)
    with db.session() as session:
        report = build_audit_report(session, run_id)
        pictures = run_pictures(session, run_id)
    present_report(report, json_path=json_path, out=out, pictures=pictures)
    return report


def present_report(report: dict, *, json_path: str | None, out: Path | None,
                   pictures: dict[str, bytes] | None = None) -> None:
    """Write an audit report where the options say and summarise it on the terminal;
    ``pictures`` are the screenshots stored with the run."""
    paths: dict[str, Path] = {}
    if out is not None:
        paths.update(write_reports(report, out, pictures=pictures))
    if json_path:
        written = write_json(report, json_path)
        if written is not None:
            paths["json"] = written
    print_summary(report, err, paths)


@app.command()
def demo(out: OutDir = Path("demo-reports"), database: DatabaseUrl = None,
         host: Annotated[str, typer.Option(help="演示网站监听地址")] = "127.0.0.1") -> None:
    """启动内置的模拟政府网站，对它做一次检查，把报告写到 --out 目录。"""
    with exit_codes():
        out.mkdir(parents=True, exist_ok=True)
        db = open_database(database or f"sqlite:///{out / 'govpatrol-demo.db'}")
        with DemoSites(host=host) as sites:
            err.print(f"模拟政府网站已启动：{sites.main}")
            options = InspectionOptions(as_of=AS_OF, rulebook=load_rulebook())
            run_audit(db, sites.main, options, json_path=None, out=out)
