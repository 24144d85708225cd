"""``govpatrol patrol``: inspect every site and account of a registry now, with a progress
display over the whole patrol, then write the patrol report (SPEC §4) and the notice."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from crawlers.defaults import MAX_PAGES
from govpatrol.commands.common import (
    AsOf, BadInput, DatabaseUrl, JsonOut, MaxPages, Nameservers, NoScreenshots, OutDir, Politeness, RulebookFile,
    app, err, exit_codes, open_database, parse_as_of, parse_nameservers, parse_politeness_option,
    rulebook_from, settings,
)
from govpatrol.commands.registry import registry_or_bad_input
from govpatrol.commands.worker import QueueUrl, queue_url
from govpatrol.distributed.enqueue import run_queued_patrol
from govpatrol.evidence import SCREENSHOTS_PER_RUN
from govpatrol.inspection import InspectionOptions
from govpatrol.notices.files import NothingInspected, write_notice
from govpatrol.progress import LiveDisplay
from govpatrol.patrol import (
    DEFAULT_PARALLEL, DEFAULT_SITE_TIME_LIMIT, PatrolError, patrol_report, run_patrol,
    write_patrol_reports,
)
from govpatrol.registry.validation import load_registry
from reports.labels import status_label, verdict_label
from reports.writers import write_json
from storage import models as m
from storage.db import Database

RegistryFile = Annotated[Optional[Path], typer.Option("--registry", help="YAML 网站名单")]
Resume = Annotated[Optional[int], typer.Option("--resume", help="继续未完成的巡检（巡检编号）")]
Parallel = Annotated[int, typer.Option("--parallel", min=1, max=64, help="同时检查的网站数")]
SiteTimeLimit = Annotated[float, typer.Option("--site-time-limit", min=1,
                                              help="单个网站抓取的时间上限（秒）")]


@app.command()
def patrol(registry: RegistryFile = None, resume: Resume = None, as_of: AsOf = None,
           json_path: JsonOut = None, out: OutDir = None, nameserver: Nameservers = None,
           max_pages: MaxPages = MAX_PAGES, database: DatabaseUrl = None,
           rulebook: RulebookFile = None, parallel: Parallel = DEFAULT_PARALLEL,
           site_time_limit: SiteTimeLimit = DEFAULT_SITE_TIME_LIMIT,
           no_screenshots: NoScreenshots = False,
           queue: QueueUrl = None, politeness: Politeness = None) -> None:
    """巡检名单上的全部网站和新媒体账号，保存结果，写出报告（--out 时连同通报）。"""
    with exit_codes():
        if registry is None and resume is None:
            raise BadInput("需要 --registry 网站名单（或 --resume 巡检编号）")
        level = parse_politeness_option(politeness)
        db = open_database(database)
        registry_path, patrol_as_of = _resume_target(db, resume, registry, as_of)
        entries = registry_or_bad_input(lambda: load_registry(registry_path))
        options = InspectionOptions(as_of=patrol_as_of, max_pages=max_pages, politeness=level,
                                    nameservers=parse_nameservers(nameserver),
                                    rulebook=rulebook_from(rulebook),
                                    allowed_networks=settings().allowed_networks,
                                    screenshots=0 if no_screenshots else SCREENSHOTS_PER_RUN)
        broker = queue_url(queue) if queue or settings().queue else None
        with _sigterm_as_interrupt(), PatrolProgress(err) as progress:
            try:
                if broker:  # workers on any machine run it (SPEC §7)
                    patrol_id = run_queued_patrol(db, entries, options, broker,
                                                  site_time_limit=site_time_limit,
                                                  progress=progress, resume=resume)
                else:
                    patrol_id = run_patrol(db, entries, options, parallel=parallel,
                                           site_time_limit=site_time_limit, progress=progress,
                                           resume=resume)
            except PatrolError as exc:
                raise BadInput(str(exc)) from None
        with db.session() as session:
            report = patrol_report(session, patrol_id, entries)
        if out is not None:
            write_patrol_reports(report, out, db)
            _write_notice(db, report, out, screenshots=not no_screenshots)
        if json_path:
            write_json(report, json_path)
        print_patrol_summary(report, err)
        if report["patrol"].get("status") == "failed":
            err.print(Text(f"巡检 {patrol_id} 未能完成：{len(report['sites'])}个网站的检查全部失败；"
                           f"用 --resume {patrol_id} 重试。", style="red"))
            raise typer.Exit(1)


def _resume_target(db: Database, resume: int | None, registry: Path | None,
                   as_of: str | None) -> tuple[Path, date]:
    """The registry and as-of date: a resumed patrol keeps its own."""
    if resume is None:
        return registry, parse_as_of(as_of)
    with db.session() as session:
        stored = session.get(m.Patrol, resume)
        if stored is None:
            raise BadInput(f"巡检 {resume} 不存在")
        if as_of and parse_as_of(as_of) != stored.as_of:
            raise BadInput(f"巡检 {resume} 的监测时间点是 {stored.as_of}，不能改为 {as_of}")
        path = registry or (Path(stored.registry_path) if stored.registry_path else None)
        if path is None:
            raise BadInput(f"巡检 {resume} 没有记录网站名单，请用 --registry 指定")
        return path, stored.as_of


def _write_notice(db: Database, report: dict, out: Path, *, screenshots: bool) -> None:
    """The 问题网站 notice of the patrol's monitoring date, beside the reports."""
    as_of = date.fromisoformat(report["as_of"])
    try:
        write_notice(db, as_of, as_of, out / "notice", screenshots=screenshots)
    except NothingInspected as exc:
        err.print(Text(f"{exc}，未生成通报。", style="yellow"))
        return
    err.print(f"已写出通报：{out / 'notice'}")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a patrol the way Ctrl-C does: nothing new starts, what runs is stored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def print_patrol_summary(report: dict, console: Console) -> None:
    patrol_info = report.get("patrol", {})
    table = Table(title=f"巡检 {patrol_info.get('id')}（监测时间点 {report['as_of']}）")
    for heading in ("网站", "状态", "结论", "单项否决", "扣分", "预警"):
        table.add_column(heading)
    for site in report["sites"]:
        counts = {"veto": 0, "deduct": 0, "warn": 0}
        for finding in site.get("findings", []):
            counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
        run = site.get("run", {})
        table.add_row(site["site"].get("name") or site["site"]["url"],
                      status_label(run.get("status")),
                      verdict_label(site["verdict"].get("result")),
                      str(counts["veto"]), str(counts["deduct"]), str(counts["warn"]))
    console.print(table)
    failed = [s for s in report["sites"] if s.get("run", {}).get("status") != "complete"]
    if failed:
        console.print(Text(f"{len(failed)}个网站未能完成检查；用 --resume "
                           f"{patrol_info.get('id')} 重试。", style="yellow"))
    if report["accounts"]:
        console.print(f"新媒体账号：{len(report['accounts'])}个")


class PatrolProgress(LiveDisplay):
    """The patrol's progress on standard error: sites done of total, and each site under
    way with its page and link counts. Listener methods are called from worker threads."""

    def __init__(self, console: Console):
        super().__init__(console)
        self.patrol_id: int | None = None
        self.total = 0
        self.done = 0
        self.failed = 0
        self.active: dict[str, tuple[str, dict]] = {}
        self.started_at = time.monotonic()

    # PatrolListener
    def begin(self, patrol_id: int, total: int, done: int) -> None:
        with self._lock:
            self.patrol_id, self.total, self.done = patrol_id, total, done
        self.console.print(f"巡检 {patrol_id}：共{total}项，已完成{done}项")

    def started(self, key: str, label: str) -> None:
        with self._lock:
            self.active[key] = (label, {})

    def progress(self, key: str, counters: dict) -> None:
        with self._lock:
            if key in self.active:
                self.active[key] = (self.active[key][0], counters)

    def finished(self, key: str, label: str, status: str, detail: str | None) -> None:
        with self._lock:
            self.active.pop(key, None)
            self.done += 1
            self.failed += status != "complete"
        mark = "✓" if status == "complete" else "✗"
        shown = verdict_label(detail) if status == "complete" else (detail or "")
        self.console.print(f"{mark} {label}  {status_label(status)}  {shown}")

    def __rich__(self) -> Group:
        with self._lock:
            elapsed = time.monotonic() - self.started_at
            lines = [Text.assemble(
                ("巡检 ", "bold"), (f"{self.patrol_id or ''} ", "bold"),
                f"完成 {self.done}/{self.total}  失败 {self.failed}  已用时 {elapsed:.0f}秒")]
            for label, c in self.active.values():
                lines.append(Text.assemble(
                    ("  ⟳ ", "cyan"), label,
                    f"  页面 {c.get('pages', 0)}  链接 {c.get('links_checked', 0)}"
                    f"  栏目 {c.get('columns', 0)}"))
        return Group(*lines)
