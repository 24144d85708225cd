"""``govpatrol worker``: take site audits and account inspections from the queue and run them
(SPEC §7), one crawl per child process as on one machine."""
from __future__ import annotations

import os
import socket
from typing import Annotated, Optional

import redis
import typer
from rich.text import Text
from sqlalchemy import make_url

from govpatrol.commands.common import BadInput, DatabaseUrl, app, err, exit_codes, settings
from govpatrol.distributed import tasks
from govpatrol.distributed.app import configure
from govpatrol.patrol import DEFAULT_SITE_TIME_LIMIT
from storage.db import Database

QueueUrl = Annotated[Optional[str], typer.Option(
    "--queue", help="任务队列 redis://HOST:PORT/N（多台机器共同巡检）")]


def queue_url(value: str | None) -> str:
    """The broker URL, from the option or the settings file; only Redis is supported."""
    value = value or settings().queue
    if not value:
        raise BadInput("需要 --queue redis://HOST:PORT/N")
    if not value.startswith(("redis://", "rediss://")):
        raise BadInput(f"--queue 应为 redis://HOST:PORT/N：{value!r}")
    try:  # a wrong address is said at once, not retried for ever
        client = redis.Redis.from_url(value, socket_connect_timeout=5, socket_timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise BadInput(f"无法连接任务队列 {value}：{' '.join(str(exc).split())}") from None
    return value


def shared_database(url: str | None) -> Database:
    """The database every machine shares, migrated; a wrong URL is one plain line."""
    url = url or settings().database or os.environ.get("GOVPATROL_DATABASE")
    if not url:
        raise BadInput("需要 --database（各台机器共用的 PostgreSQL，如 postgresql+psycopg://…）")
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:
        raise BadInput(f"数据库 URL 无效：{url!r}") from None
    try:
        return Database(url)
    except Exception as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split()) or type(exc).__name__
        raise BadInput(f"无法连接数据库 {shown}：{reason}") from None


@app.command()
def worker(queue: QueueUrl = None, database: DatabaseUrl = None,
           concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=64,
                                                    help="同时检查的网站数")] = 2,
           site_time_limit: Annotated[float, typer.Option(
               "--site-time-limit", min=1, help="本节点允许的单个网站抓取时间上限（秒）")]
           = DEFAULT_SITE_TIME_LIMIT,
           loglevel: Annotated[str, typer.Option("--loglevel", help="日志级别")] = "INFO") -> None:
    """从任务队列领取网站和新媒体账号的检查并执行，结果写入共用数据库。"""
    with exit_codes():
        try:
            broker = queue_url(queue)
            db = shared_database(database)
        except BadInput as exc:  # one line, however long: it goes to a service's log
            err.print(Text.assemble(("错误：", "red"), str(exc)), soft_wrap=True)
            raise typer.Exit(2) from None
        db.dispose()  # pool processes open their own connections
        tasks.settings.database_url = db.url
        tasks.settings.site_time_limit = site_time_limit
        celery_app = configure(broker, site_time_limit=site_time_limit)
        celery_app.worker_main([
            "worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", "--events",
            f"--hostname=govpatrol-{os.getpid()}@{socket.gethostname()}",
            "--without-mingle", "--without-gossip"])
