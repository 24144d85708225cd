"""APScheduler jobs and their triggers, kept in the product's database so that they survive a
restart.

Every job names its body by text (``JOB_FUNCTIONS``, stored in the job table), its
arguments plain values. A job never runs twice at once: ``max_instances=1`` within one
service process, and a lock row across processes (``tasks.run_locked``). After downtime a
missed run is run once (``coalesce``), if it is not older than the job's misfire grace time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawlers.defaults import MAX_PAGES
from govpatrol.patrol import DEFAULT_PARALLEL, DEFAULT_SITE_TIME_LIMIT
from storage.db import Database

JOBS_TABLE = "apscheduler_jobs"
DEFAULT_TIMEZONE = "Asia/Shanghai"  # inspectors write cron times in Beijing time
PERIODS = ("week", "month", "quarter")
PERIOD_LABELS = {"week": "周", "month": "月", "quarter": "季度"}
# How late a missed run may still start after downtime, per kind of job.
MISFIRE_GRACE = {"patrol": 12 * 3600, "notice": 24 * 3600, "probe": 10 * 60}
PROBE_MINUTES = 15
PROBE_JITTER_SECONDS = 120

# The job bodies (govpatrol/scheduler/tasks.py) as stored job rows name them; the package
# exports them under these names, so rows written before the split still run.
JOB_FUNCTIONS = {
    "patrol": "govpatrol.scheduler:patrol_job",
    "probe": "govpatrol.scheduler:probe_job",
    "notice": "govpatrol.scheduler:notice_job",
}


class ScheduleError(ValueError):
    """A job that cannot be added or found (bad cron expression, unknown id …)."""


def build_scheduler(db: Database, *, tz: str = DEFAULT_TIMEZONE, workers: int = 2,
                    kind: type[BackgroundScheduler] = BackgroundScheduler) -> BackgroundScheduler:
    """A scheduler whose jobs live in ``db``; job defaults enforce one run at a time and one
    catch-up run after downtime."""
    return kind(
        jobstores={"default": SQLAlchemyJobStore(engine=db.engine, tablename=JOBS_TABLE),
                   "internal": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(workers)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE["patrol"]},
        timezone=ZoneInfo(tz),
    )


class _EditingScheduler(BackgroundScheduler):
    """Reads and writes the job store and never processes jobs. A paused scheduler is not
    enough: while it shuts down it may process due jobs once, and a job it cannot run then
    has its missed run spent (the service would no longer catch it up)."""

    def _main_loop(self) -> None:
        return None

    def _process_jobs(self):
        return None


class editing_jobs:
    """A scheduler for editing: jobs can be added, listed and removed in the job store
    without running anything (what ``govpatrol schedule`` does)."""

    def __init__(self, db: Database, *, tz: str = DEFAULT_TIMEZONE):
        self.scheduler = build_scheduler(db, tz=tz, kind=_EditingScheduler)

    def __enter__(self) -> BackgroundScheduler:
        self.scheduler.start(paused=True)
        return self.scheduler

    def __exit__(self, *exc) -> None:
        self.scheduler.shutdown(wait=False)


def cron_trigger(expression: str, tz: str = DEFAULT_TIMEZONE) -> CronTrigger:
    """A crontab line, with crontab's weekdays (0 or 7 is Sunday, 1 Monday): APScheduler 3
    counts them from Monday = 0, so "0 2 * * 1" would otherwise fire on Tuesdays."""
    fields = expression.split()
    try:
        if len(fields) != 5:
            raise ValueError(f"Wrong number of fields; got {len(fields)}, expected 5")
        minute, hour, day, month, weekday = fields
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=crontab_weekdays(weekday), timezone=ZoneInfo(tz))
    except (ValueError, TypeError) as exc:
        raise ScheduleError(f"cron 表达式无效（应为“分 时 日 月 周”五段）：{expression!r}（{exc}）") \
            from None


_WEEKDAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """The day-of-week field in APScheduler's terms: crontab numbers become day names
    (``1-5`` -> ``mon,tue,wed,thu,fri``); names and ``*`` stay as they are."""
    if "/" not in field and not any(ch.isdigit() for ch in field):
        return field
    days: list[str] = []
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            first, last = (int(x) for x in span.split("-", 1))
        else:
            first = int(span)
            last = first if not step_text else 6
        if not (0 <= first <= 7 and 0 <= last <= 7 and first <= last and step >= 1):
            raise ValueError(f"星期字段无效：{field!r}")
        for number in range(first, last + 1, step):
            name = _WEEKDAY_NAMES[number % 7]
            if name not in days:
                days.append(name)
    return ",".join(days)


def add_patrol_job(scheduler, *, database: str, registry: Path, cron: str,
                   max_pages: int = MAX_PAGES, parallel: int = DEFAULT_PARALLEL,
                   site_time_limit: float = DEFAULT_SITE_TIME_LIMIT,
                   nameservers: list[str] | None = None, rulebook: Path | None = None,
                   out: Path | None = None, job_id: str | None = None, replace: bool = False):
    trigger = cron_trigger(cron, _tz(scheduler))
    kwargs = {"database": database, "registry": str(Path(registry).resolve()),
              "max_pages": max_pages, "parallel": parallel, "site_time_limit": site_time_limit,
              "nameservers": list(nameservers or []),
              "rulebook": str(Path(rulebook).resolve()) if rulebook else None,
              "out": str(Path(out).resolve()) if out else None}
    return _add(scheduler, "patrol", trigger, job_id or f"patrol-{Path(registry).stem}",
                f"巡检 {Path(registry).name}（{cron}）", kwargs, replace)


def add_probe_job(scheduler, *, database: str, registry: Path, minutes: int = PROBE_MINUTES,
                  jitter: int = PROBE_JITTER_SECONDS, nameservers: list[str] | None = None,
                  job_id: str | None = None, replace: bool = False):
    trigger = IntervalTrigger(minutes=minutes, jitter=jitter, timezone=_tz(scheduler))
    kwargs = {"database": database, "registry": str(Path(registry).resolve()),
              "nameservers": list(nameservers or [])}
    return _add(scheduler, "probe", trigger, job_id or f"probe-{Path(registry).stem}",
                f"可用性监测 {Path(registry).name}（每{minutes}分钟）", kwargs, replace)


def add_notice_job(scheduler, *, database: str, cron: str, period: str, out: Path,
                   job_id: str | None = None, replace: bool = False):
    if period not in PERIODS:
        raise ScheduleError(f"通报周期应为 {'、'.join(PERIODS)} 之一：{period!r}")
    trigger = cron_trigger(cron, _tz(scheduler))
    kwargs = {"database": database, "period": period, "out": str(Path(out).resolve())}
    return _add(scheduler, "notice", trigger, job_id or f"notice-{period}",
                f"问题网站{PERIOD_LABELS[period]}通报（{cron}）", kwargs, replace)


def _add(scheduler, kind: str, trigger, job_id: str, name: str, kwargs: dict[str, Any],
         replace: bool):
    try:
        return scheduler.add_job(JOB_FUNCTIONS[kind], trigger, id=job_id, name=name,
                                 kwargs={"job_id": job_id, **kwargs}, jobstore="default",
                                 misfire_grace_time=MISFIRE_GRACE[kind], coalesce=True,
                                 max_instances=1, replace_existing=replace)
    except ConflictingIdError:
        raise ScheduleError(f"计划任务 {job_id} 已存在（用 --id 另取名称，或 --replace 替换）") \
            from None


def remove_job(scheduler, job_id: str) -> None:
    try:
        scheduler.remove_job(job_id, jobstore="default")
    except JobLookupError:
        raise ScheduleError(f"没有编号为 {job_id} 的计划任务") from None


@dataclass(frozen=True)
class JobInfo:
    id: str
    kind: str
    name: str
    trigger: str
    next_run: datetime | None
    arguments: dict[str, Any]


def list_jobs(scheduler) -> list[JobInfo]:
    kinds = {ref: kind for kind, ref in JOB_FUNCTIONS.items()}
    return [JobInfo(job.id, kinds.get(job.func_ref, job.func_ref), job.name,
                    describe_trigger(job.trigger), job.next_run_time,
                    {k: v for k, v in job.kwargs.items() if k != "job_id"})
            for job in scheduler.get_jobs(jobstore="default")]


def describe_trigger(trigger) -> str:
    """A trigger as an inspector wrote it: the cron expression, or the interval."""
    if isinstance(trigger, CronTrigger):
        fields = {f.name: str(f) for f in trigger.fields}
        return "cron " + " ".join(fields[k] for k in ("minute", "hour", "day", "month",
                                                      "day_of_week"))
    if isinstance(trigger, IntervalTrigger):
        minutes = int(trigger.interval.total_seconds() // 60)
        jitter = f"（随机延迟至多{trigger.jitter}秒）" if trigger.jitter else ""
        return f"每{minutes}分钟{jitter}"
    return str(trigger)


def _tz(scheduler) -> str:
    return str(scheduler.timezone)
