"""``govpatrol serve``: the scheduler as a long-lived service, with the web console and the
REST API (SPEC §8)."""
from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from govpatrol.commands.common import (
    BadInput, DatabaseUrl, app, err, exit_codes, open_database, parse_nameservers, settings,
)
from govpatrol.scheduler.jobs import DEFAULT_TIMEZONE, list_jobs
from govpatrol.scheduler.service import Service
from govpatrol.web.actions import WebSettings
from govpatrol.web.app import create_app
from govpatrol.web.server import DEFAULT_PORT, PortInUse, WebServer, bind


@app.command()
def serve(port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                            help="网页控制台端口；0 为任选空闲端口")] = DEFAULT_PORT,
          host: Annotated[str, typer.Option("--host", help="网页控制台监听地址")] = "127.0.0.1",
          no_web: Annotated[bool, typer.Option("--no-web", help="不启动网页控制台")] = False,
          workers: Annotated[int, typer.Option("--workers", min=1, help="可同时运行的任务数")] = 2,
          timezone: Annotated[str, typer.Option("--timezone", help="计划任务所用时区")] = DEFAULT_TIMEZONE,
          work_dir: Annotated[Path, typer.Option(
              "--work-dir", help="网页发起的检查、通报和报告的存放目录")] = Path("govpatrol-web"),
          database: DatabaseUrl = None) -> None:
    """运行计划任务服务和网页控制台（含 REST API）；SIGTERM 或 Ctrl-C 停止（进行中的网站检查结束后退出）。"""
    with exit_codes():
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        web = None
        if not no_web:
            try:  # before anything starts: a port in use is a usage error (exit 2)
                sock = bind(host, port)
            except PortInUse as exc:
                raise BadInput(str(exc)) from None
        db = open_database(database)
        service = Service(db, tz=timezone, workers=workers)
        if not no_web:
            web = _web_console(db, service, sock, work_dir)
        stopping = threading.Event()

        def request_stop(signum, frame):
            if stopping.is_set():  # asked twice: do not wait for running inspections
                err.print("再次收到停止信号，立即退出。")
                os._exit(1)
            stopping.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        service.start()
        recovered = service.recovered
        if any(recovered.values()):
            err.print(f"已处理上次中断遗留：检查{recovered['runs']}次、巡检{recovered['patrols']}次、"
                      f"锁{recovered['locks']}个")
        err.print(f"计划任务服务已启动（数据库 {db.url}）")
        if web is not None:
            web.start()
            err.print(f"网页控制台：{web.url}")
        while not stopping.wait(1.0):
            pass
        err.print("正在停止：不再开始新任务，等待进行中的任务结束……")
        if web is not None:
            web.app_work.join()
            web.stop()
        service.stop()
        err.print("已停止。")


def _web_console(db, service: Service, sock, work_dir: Path) -> WebServer:
    config = settings()
    web_settings = WebSettings(work_dir=work_dir.resolve(),
                               nameservers=parse_nameservers(None),
                               allowed_networks=list(config.allowed_networks),
                               rulebook=config.rulebook, issuer=config.issuer)
    application = create_app(db, web_settings, jobs=lambda: list_jobs(service.scheduler))
    server = WebServer(application, sock)
    server.app_work = application.state.work
    return server
