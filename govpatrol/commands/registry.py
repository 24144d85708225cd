"""``govpatrol registry``: check a YAML registry, import an office's CSV/XLSX site list."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from govpatrol.commands.common import BadInput, DatabaseUrl, app, err, exit_codes, open_database
from govpatrol.registry.entries import Registry, RegistryError
from govpatrol.registry.sync import store_registry
from govpatrol.registry.tables import import_table
from govpatrol.registry.validation import load_registry
from govpatrol.registry.writing import registry_yaml, write_registry

registry_app = typer.Typer(no_args_is_help=True, help="网站名单：校验 YAML 名单，导入 CSV/XLSX 名单")
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def import_command(
        file: Annotated[Path, typer.Argument(help="CSV 或 XLSX 网站名单")],
        out: Annotated[Optional[Path], typer.Option("--out", help="写出 YAML 名单的路径")] = None,
        store: Annotated[bool, typer.Option("--store", help="同时写入数据库的网站和账号表")] = False,
        sheet: Annotated[Optional[str], typer.Option("--sheet", help="XLSX 工作表名称")] = None,
        database: DatabaseUrl = None) -> None:
    """导入网站名单：全部行无误才导入，有误的行连同行号一起列出。未给 --out 或 --store 时把 YAML 打印到标准输出。"""
    with exit_codes():
        registry = registry_or_bad_input(lambda: import_table(file, sheet=sheet),
                                         "网站名单有误，未导入任何内容")
        if out is None and not store:
            sys.stdout.write(registry_yaml(registry))
        if out is not None:
            write_registry(registry, out)
            err.print(f"已写出名单：{out}（{len(registry.sites)}个网站，{len(registry.accounts)}个账号）")
        if store:
            db = open_database(database)
            with db.session() as session:
                counts = store_registry(session, registry)
            err.print(f"已写入数据库：{counts['sites']}个网站，{counts['accounts']}个账号")


@registry_app.command("check")
def check_command(file: Annotated[Path, typer.Argument(help="YAML 网站名单")]) -> None:
    """校验 YAML 网站名单，列出全部问题。"""
    with exit_codes():
        registry = registry_or_bad_input(lambda: load_registry(file))
        err.print(f"名单无误：{len(registry.sites)}个网站，{len(registry.accounts)}个账号")


def registry_or_bad_input(load: Callable[[], Registry], heading: str = "网站名单有误") -> Registry:
    """Registry problems are bad input (exit 2), printed one per line."""
    try:
        return load()
    except RegistryError as exc:
        raise BadInput(f"{heading}：\n" + "\n".join(exc.problems)) from None
