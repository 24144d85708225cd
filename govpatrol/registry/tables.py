"""Importing the site lists supervision offices keep (CSV or XLSX) as a registry: all rows
or none, every problem named by its table line."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, Iterable, Iterator
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from govpatrol.registry.entries import Registry, RegistryError, SiteEntry
from govpatrol.registry.validation import KNOWN_PLATFORMS, check_site, duplicates

# Header spellings seen in office lists, after _header_key (no spaces, no brackets, lower case).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("网站名称", "网站名", "名称", "name", "sitename", "网站"),
    "organizer": ("主办单位", "主办单位名称", "主办", "organizer", "owner"),
    "url": ("网址", "首页网址", "网站网址", "网站地址", "首页地址", "网站首页", "首页", "域名",
            "url", "homepage", "siteurl"),
    "site_code": ("网站标识码", "标识码", "网站标识", "sitecode", "code"),
    "weibo": ("微博", "政务微博", "微博账号", "微博id", "微博uid", "微博地址", "weibo"),
    "weibo_name": ("微博名称", "微博名", "政务微博名称", "weiboname"),
    "wechat": ("公众号", "微信公众号", "微信", "微信号", "公众号账号", "公众号地址", "wechat"),
    "wechat_name": ("公众号名称", "微信公众号名称", "wechatname"),
    "rss": ("客户端", "移动客户端", "rss", "feed", "客户端订阅"),
    "rss_name": ("客户端名称", "rssname"),
}
_HEADER_LOOKUP = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
_FIELD_LABELS = {"name": "网站名称", "organizer": "主办单位", "url": "网址",
                 "site_code": "网站标识码"}
_ACCOUNT_COLUMNS = (("weibo", "weibo_name"), ("wechat", "wechat_name"), ("rss", "rss_name"))
_WEIBO_UID = re.compile(r"weibo\.(?:com|cn)/(?:u/)?(\d{5,})")
_SPLIT_CELL = re.compile(r"[;；\n]+")
_HEADER_SCAN_ROWS = 10  # a title row or two often sits above the header


def import_table(path: str | Path, *, sheet: str | None = None) -> Registry:
    """Read an office's CSV or XLSX site list; all rows or none (RegistryError with lines)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, sheet)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise RegistryError([f"{path}：只能导入 .csv 或 .xlsx 文件"])
    return registry_from_rows(rows, str(path))


def registry_from_rows(rows: Iterable[tuple[int, list[Any]]], source: str) -> Registry:
    """Rows as (line number, cells): find the header, then check every row."""
    rows = list(rows)
    header_at, fields, problems = _find_header(rows, source)
    if fields is None:
        raise RegistryError(problems)
    sites: list[SiteEntry] = []
    places: list[tuple[str, Any]] = []
    known = set(KNOWN_PLATFORMS)
    for line, cells in rows[header_at + 1:]:
        values = {field: _cell_text(cells[col]) for col, field in fields.items()
                  if col < len(cells)}
        if not any(values.values()):
            continue  # blank separator rows
        raw, cell_problems = _row_to_raw(values)
        site, site_problems = check_site(raw, known)
        name = values.get("name")
        label = f"{source}：第{line}行" + (f"（{name}）" if name else "")
        for f, msg in cell_problems + site_problems:
            problems.append(f"{label}{_column_text(f)}：{msg}")
        if site is not None:
            sites.append(site)
        places.append((f"第{line}行", raw.get("url")))
    if not places and not problems:
        problems.append(f"{source}：表中没有网站")
    problems.extend(f"{source}：{msg}" for msg in duplicates(places, sites))
    if problems:
        raise RegistryError(problems)
    return Registry(tuple(sites), {}, source)


def _find_header(rows: list[tuple[int, list[Any]]], source: str):
    for position, (line, cells) in enumerate(rows[:_HEADER_SCAN_ROWS]):
        fields: dict[int, str] = {}
        problems: list[str] = []
        for col, cell in enumerate(cells):
            field = _HEADER_LOOKUP.get(_header_key(cell))
            if field is None:
                continue  # 序号, 备注 and the like
            if field in fields.values():
                problems.append(f"{source}：第{line}行表头重复：{_cell_text(cell)}"
                                f"（{_FIELD_LABELS.get(field, field)}）")
            fields[col] = field
        if "name" in fields.values() and "url" in fields.values():
            return position, (fields if not problems else None), problems
    return 0, None, [f"{source}：未找到表头（需要“网站名称”和“网址”两列）"]


def _row_to_raw(values: dict[str, str | None]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    raw: dict[str, Any] = {k: v for k, v in values.items() if k in _FIELD_LABELS and v}
    problems: list[tuple[str, str]] = []
    accounts: list[dict[str, str]] = []
    for platform, name_field in _ACCOUNT_COLUMNS:
        cells = [c.strip() for c in _SPLIT_CELL.split(values.get(platform) or "") if c.strip()]
        names = [n.strip() for n in _SPLIT_CELL.split(values.get(name_field) or "") if n.strip()]
        if names and len(names) != len(cells):
            problems.append((name_field, "账号名称与账号个数不一致"))
            names = []
        for number, cell in enumerate(cells):
            account, problem = _account_from_cell(platform, cell)
            if problem:
                problems.append((platform, problem))
                continue
            if names:
                account["name"] = names[number]
            accounts.append(account)
    if accounts:
        raw["accounts"] = accounts
    return raw, problems


def _account_from_cell(platform: str, cell: str) -> tuple[dict[str, str], str | None]:
    """A table cell is an account id or its URL; weibo URLs carry the UID."""
    is_url = "://" in cell or cell.lower().startswith("www.")
    if platform == "weibo":
        if cell.isdigit():
            return {"platform": "weibo", "id": cell}, None
        found = _WEIBO_UID.search(cell)
        if found:
            return {"platform": "weibo", "id": found.group(1), "url": cell}, None
        return {}, f"无法识别微博 UID：{cell}"
    if is_url:
        return {"platform": platform, "feed": cell if "://" in cell else "http://" + cell}, None
    # Without a feed there is nothing the inspection could read.
    return {}, f"应填写订阅网址（feed），而不是账号名称：{cell}"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegistryError([f"{path}：无法读取（{exc}）"]) from None
    # Excel on Chinese Windows saves CSV as GBK; newer tools as UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise RegistryError([f"{path}：无法识别文件编码"])
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    rows: list[tuple[int, list[Any]]] = []
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1  # a quoted cell may span lines
    except csv.Error as exc:
        raise RegistryError([f"{path}：第{reader.line_num}行 CSV 格式错误（{exc}）"]) from None
    return iter(rows)


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError) as exc:
        raise RegistryError([f"{path}：无法读取 Excel 文件（{exc}）"]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise RegistryError([f"{path}：没有名为 {sheet} 的工作表（有：{'、'.join(book.sheetnames)}）"])
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [(number, list(values)) for number, values
                in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return iter(rows)


def _header_key(cell: Any) -> str:
    text = _cell_text(cell) or ""
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # "网址（首页）" -> "网址"
    return re.sub(r"[\s\u3000_\-*:：/]+", "", text).lower()


def _cell_text(cell: Any) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a site code typed into a number cell
    text = str(cell).replace("\u3000", " ").strip()
    return text or None


def _column_text(field: str) -> str:
    label = {**_FIELD_LABELS, "weibo": "微博", "wechat": "公众号", "rss": "客户端",
             "weibo_name": "微博名称", "wechat_name": "公众号名称",
             "rss_name": "客户端名称"}.get(field.split("[")[0], field)
    return f" {label}" if field else ""
