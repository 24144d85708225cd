"""``govpatrol probe``: one availability probe of each homepage, stored for the
``site_unreachable`` rule (the scheduler runs it every 15 minutes)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from crawlers.urls import BadURL
from govpatrol.commands.common import (
    BadInput, DatabaseUrl, Nameservers, app, exit_codes, open_database, out, parse_nameservers,
    parse_url,
)
from govpatrol.netcheck import probe_sites
from govpatrol.registry.entries import RegistryError
from govpatrol.registry.validation import load_registry


@app.command()
def probe(urls: Annotated[Optional[list[str]], typer.Argument(help="网站首页网址")] = None,
          registry: Annotated[Optional[Path], typer.Option("--registry", help="网站名单 (YAML)")] = None,
          nameserver: Nameservers = None, database: DatabaseUrl = None,
          timeout: Annotated[float, typer.Option("--timeout", min=1, help="单次探测时限（秒）")] = 15.0,
          ) -> None:
    """探测网站首页一次（DNS、TCP、TLS、HTTP 状态、15秒内完整响应），保存探测记录。"""
    with exit_codes():
        homepages = [parse_url(u) for u in urls or []]
        if registry is not None:
            try:
                homepages += [site.url for site in load_registry(registry).sites]
            except RegistryError as exc:
                raise BadInput(str(exc)) from None
        if not homepages:
            raise BadInput("请给出网址，或用 --registry 指定网站名单")
        db = open_database(database)
        try:
            rows = probe_sites(db, homepages, nameservers=parse_nameservers(nameserver),
                               timeout=timeout)
        except BadURL as exc:
            raise BadInput(f"网址无效：{exc}") from None
        table = Table("网址", "结果", "环节", "状态码", "用时（秒）", "错误")
        for row in rows:
            table.add_row(row.url, Text("成功", "green") if row.ok else Text("失败", "red"),
                          row.stage or "", str(row.status or ""),
                          f"{row.seconds:.2f}" if row.seconds is not None else "",
                          (row.error or "")[:60])
        out.print(table)
        failed = sum(1 for row in rows if not row.ok)
        out.print(f"探测 {len(rows)} 个首页，失败 {failed} 个；记录已保存。")
