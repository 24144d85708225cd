"""``govpatrol schedule``: add, list and remove the service's scheduled jobs."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from checks.chinatime import CHINA_LABEL
from crawlers.defaults import MAX_PAGES
from govpatrol.commands.common import (
    BadInput, DatabaseUrl, MaxPages, Nameservers, RulebookFile, app, err, exit_codes,
    open_database, out, parse_nameservers, rulebook_from,
)
from govpatrol.commands.patrol import Parallel, SiteTimeLimit
from govpatrol.commands.registry import registry_or_bad_input
from govpatrol.patrol import DEFAULT_PARALLEL, DEFAULT_SITE_TIME_LIMIT
from govpatrol.registry.validation import load_registry
from govpatrol.scheduler.jobs import (
    DEFAULT_TIMEZONE, PERIODS, PROBE_MINUTES, ScheduleError, add_notice_job, add_patrol_job,
    add_probe_job, editing_jobs, list_jobs, remove_job,
)
from reports.labels import TIME_NOTE, format_time

schedule_app = typer.Typer(no_args_is_help=True, help="计划任务：定时巡检、可用性监测、定期通报")
add_app = typer.Typer(no_args_is_help=True, help="添加计划任务")
schedule_app.add_typer(add_app, name="add")
app.add_typer(schedule_app, name="schedule")

RegistryFile = Annotated[Path, typer.Option("--registry", help="YAML 网站名单")]
Cron = Annotated[str, typer.Option("--cron", help="cron 表达式“分 时 日 月 周”，北京时间")]
JobId = Annotated[Optional[str], typer.Option("--id", help="任务编号（默认按类型和名单生成）")]
Replace = Annotated[bool, typer.Option("--replace", help="替换同编号的任务")]
TimeZone = Annotated[str, typer.Option("--timezone", help="cron 时间所用时区")]


@add_app.command("patrol")
def add_patrol(registry: RegistryFile, cron: Cron, nameserver: Nameservers = None,
               max_pages: MaxPages = MAX_PAGES, parallel: Parallel = DEFAULT_PARALLEL,
               site_time_limit: SiteTimeLimit = DEFAULT_SITE_TIME_LIMIT,
               rulebook: RulebookFile = None,
               out_dir: Annotated[Optional[Path], typer.Option("--out", help="每次巡检的报告目录")] = None,
               job_id: JobId = None, replace: Replace = False, timezone: TimeZone = DEFAULT_TIMEZONE,
               database: DatabaseUrl = None) -> None:
    """定时巡检名单上的全部网站和账号，例如每周一凌晨两点：--cron "0 2 * * 1"。"""
    with exit_codes():
        registry_or_bad_input(lambda: load_registry(registry))
        rulebook_from(rulebook)  # fail now, not at two in the morning
        db = open_database(database)
        with editing_jobs(db, tz=timezone) as scheduler, schedule_errors():
            job = add_patrol_job(scheduler, database=db.url, registry=registry, cron=cron,
                                 max_pages=max_pages, parallel=parallel,
                                 site_time_limit=site_time_limit,
                                 nameservers=parse_nameservers(nameserver), rulebook=rulebook,
                                 out=out_dir, job_id=job_id, replace=replace)
            _say_added(job)


@add_app.command("probe")
def add_probe(registry: RegistryFile, nameserver: Nameservers = None,
              minutes: Annotated[int, typer.Option("--minutes", min=1, help="监测间隔（分钟）")] = PROBE_MINUTES,
              job_id: JobId = None, replace: Replace = False, timezone: TimeZone = DEFAULT_TIMEZONE,
              database: DatabaseUrl = None) -> None:
    """每隔几分钟（默认15分钟，带随机抖动）探测名单上全部网站首页的可用性。"""
    with exit_codes():
        registry_or_bad_input(lambda: load_registry(registry))
        db = open_database(database)
        with editing_jobs(db, tz=timezone) as scheduler, schedule_errors():
            job = add_probe_job(scheduler, database=db.url, registry=registry, minutes=minutes,
                                nameservers=parse_nameservers(nameserver), job_id=job_id,
                                replace=replace)
            _say_added(job)


@add_app.command("notice")
def add_notice(cron: Cron,
               out_dir: Annotated[Path, typer.Option("--out", help="通报写出目录")],
               period: Annotated[str, typer.Option("--period", help=f"通报周期：{'、'.join(PERIODS)}（取上一个完整周期）")] = "month",
               job_id: JobId = None, replace: Replace = False, timezone: TimeZone = DEFAULT_TIMEZONE,
               database: DatabaseUrl = None) -> None:
    """定期写出上一个完整周期的问题网站通报，例如每月1日上午九点：--cron "0 9 1 * *"。"""
    with exit_codes():
        db = open_database(database)
        with editing_jobs(db, tz=timezone) as scheduler, schedule_errors():
            job = add_notice_job(scheduler, database=db.url, cron=cron, period=period,
                                 out=out_dir, job_id=job_id, replace=replace)
            _say_added(job)


@schedule_app.command("list")
def list_command(database: DatabaseUrl = None) -> None:
    """列出计划任务。"""
    with exit_codes():
        db = open_database(database)
        with editing_jobs(db) as scheduler:
            jobs = list_jobs(scheduler)
        table = Table(title="计划任务")
        for heading in ("编号", "类型", "说明", "触发规则", "下次运行"):
            table.add_column(heading, overflow="fold")
        for job in jobs:
            table.add_row(job.id, job.kind, job.name, job.trigger,
                          format_time(job.next_run) if job.next_run else "暂停")
        table.caption = TIME_NOTE if jobs else "没有计划任务"
        out.print(table)


@schedule_app.command("remove")
def remove_command(job_id: Annotated[str, typer.Argument(help="任务编号")],
                   database: DatabaseUrl = None) -> None:
    """删除计划任务。"""
    with exit_codes():
        db = open_database(database)
        with editing_jobs(db) as scheduler, schedule_errors():
            remove_job(scheduler, job_id)
        err.print(f"已删除计划任务 {job_id}")


class schedule_errors:
    """A job that cannot be added or found is bad input (exit status 2)."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, ScheduleError):
            raise BadInput(str(exc)) from None
        return False


def _say_added(job) -> None:
    err.print(f"已添加计划任务 {job.id}，下次运行（{CHINA_LABEL}）：{format_time(job.next_run_time)}")
