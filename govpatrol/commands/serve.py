"""``govpatrol serve``: the scheduler as a long-lived service, with the web dashboard."""
from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Annotated

import typer

from govpatrol.commands.common import DatabaseUrl, app, err, exit_codes, open_database
from govpatrol.scheduler.jobs import DEFAULT_TIMEZONE
from govpatrol.scheduler.service import Service


@app.command()
def serve(port: Annotated[int, typer.Option("--port", min=0, max=65535, help="仪表板端口；0 为任选空闲端口")] = 8080,
          host: Annotated[str, typer.Option("--host", help="仪表板监听地址")] = "127.0.0.1",
          no_web: Annotated[bool, typer.Option("--no-web", help="不启动仪表板")] = False,
          workers: Annotated[int, typer.Option("--workers", min=1, help="可同时运行的任务数")] = 2,
          timezone: Annotated[str, typer.Option("--timezone", help="计划任务所用时区")] = DEFAULT_TIMEZONE,
          database: DatabaseUrl = None) -> None:
    """运行计划任务服务和只读仪表板；SIGTERM 或 Ctrl-C 停止（进行中的网站检查结束后退出）。"""
    with exit_codes():
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        db = open_database(database)
        service = Service(db, host=host, port=None if no_web else port, tz=timezone,
                          workers=workers)
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
        if service.url:
            err.print(f"仪表板：{service.url}")
        while not stopping.wait(1.0):
            pass
        err.print("正在停止：不再开始新任务，等待进行中的任务结束……")
        service.stop()
        err.print("已停止。")
