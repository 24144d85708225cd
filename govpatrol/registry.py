"""The registry of inspected sites and new-media accounts (SPEC §5).

A registry is read from YAML, or imported from the CSV/XLSX site lists that supervision
offices keep, and validated as a whole: every problem names the file, the site (by index
and name, or the table line) and the field, in Chinese, and one problem fails the whole
load, so that a patrol never runs on half a registry.
"""
from __future__ import annotations

import csv
import io
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.yamlfile import parse_yaml
from crawlers.extract.category import CATEGORIES
from crawlers.newmedia import ADAPTERS, account_key
from crawlers.urls import BadURL, is_internal, normalize_given_url
from storage import models as m
from storage.queries import get_or_create_site

# The platforms an adapter can read (crawlers/newmedia is the one place that knows them).
KNOWN_PLATFORMS = tuple(ADAPTERS)
# 网站标识码: 10 digits for localities, "bm" + 8 digits for central departments.
SITE_CODE = re.compile(r"^(?:\d{10}|bm\d{8})$")
# Labels separated by dots; \w lets Chinese domain names (某某.政务) through.
SITE_FIELDS = ("name", "url", "organizer", "site_code", "render", "columns", "accounts")
COLUMN_FIELDS = ("url", "category", "name", "render")
ACCOUNT_FIELDS = ("platform", "id", "feed", "url", "name", "articles")


class RegistryError(ValueError):
    """The registry cannot be used; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ColumnPin:
    """A column the registry pins or corrects (its category when the name misleads)."""

    url: str
    category: str | None = None
    name: str | None = None
    render: bool = False  # read this column through the browser, whatever its markup says

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _without_none({"url": self.url, "category": self.category,
                                              "name": self.name})
        if self.render:
            data["render"] = True
        return data


@dataclass(frozen=True)
class AccountEntry:
    """A new-media account: a platform id (微博 UID), a feed URL, or WeChat article pages."""

    platform: str
    id: str | None = None
    feed: str | None = None
    name: str | None = None
    url: str | None = None
    articles: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What identifies the account on its platform (``Account.key`` in storage)."""
        return account_key(self.as_dict())

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.name or self.key}"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _without_none({"platform": self.platform, "id": self.id,
                                              "feed": self.feed, "url": self.url,
                                              "name": self.name})
        if self.articles:
            data["articles"] = list(self.articles)
        return data


@dataclass(frozen=True)
class SiteEntry:
    name: str
    url: str
    organizer: str | None = None
    site_code: str | None = None
    columns: tuple[ColumnPin, ...] = ()
    accounts: tuple[AccountEntry, ...] = ()
    render: bool = False  # read every page through the browser (sites drawn by script)

    def force_render(self) -> list[str]:
        """What the crawl must read through the browser: "*" for the whole site."""
        return ["*"] if self.render else [c.url for c in self.columns if c.render]

    def site_fields(self) -> dict[str, str]:
        """The fields stored on the ``Site`` row."""
        return _without_none({"name": self.name, "organizer": self.organizer,
                              "site_code": self.site_code})

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "url": self.url}
        data.update(_without_none({"organizer": self.organizer, "site_code": self.site_code}))
        if self.render:
            data["render"] = True
        if self.columns:
            data["columns"] = [c.as_dict() for c in self.columns]
        if self.accounts:
            data["accounts"] = [a.as_dict() for a in self.accounts]
        return data


@dataclass(frozen=True)
class Registry:
    sites: tuple[SiteEntry, ...]
    platforms: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None  # the file it was read from

    @property
    def accounts(self) -> list[tuple[SiteEntry, AccountEntry]]:
        return [(site, account) for site in self.sites for account in site.accounts]

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sites": [s.as_dict() for s in self.sites]}
        if self.platforms:
            data["platforms"] = {k: dict(v) for k, v in self.platforms.items()}
        return data

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.as_dict(), allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=120)


# ---- reading YAML -----------------------------------------------------------------------

def load_registry(path: str | Path) -> Registry:
    """Read and validate a YAML registry; raise RegistryError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError([f"{path}：文件不存在"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError([f"{path}：无法读取（{exc}）"]) from None
    return parse_registry_text(text, str(path))


def parse_registry_text(text: str, source: str) -> Registry:
    try:
        data, root = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise RegistryError([f"{source}：{where}YAML 格式错误（{getattr(exc, 'problem', exc)}）"]) \
            from None
    return parse_registry(data, source, _site_lines(root))


def parse_registry(data: Any, source: str, lines: Mapping[int, int] | None = None) -> Registry:
    """Validate registry data already parsed from YAML (``lines``: site index -> line)."""
    if not isinstance(data, dict):
        raise RegistryError([f"{source}：内容应为包含 sites 的映射"])
    problems: list[str] = []
    for key in data:
        if key not in ("sites", "platforms"):
            problems.append(f"{source}：未知的顶层字段 {key}（可用：sites、platforms）")
    platforms = _check_platforms(data.get("platforms"), source, problems)
    raw_sites = data.get("sites")
    if not isinstance(raw_sites, list) or not raw_sites:
        problems.append(f"{source}：sites 应为非空列表")
        raise RegistryError(problems)
    sites: list[SiteEntry] = []
    for index, raw in enumerate(raw_sites, start=1):
        line = (lines or {}).get(index)
        where = f"{source}：" + (f"第{line}行 " if line else "") + f"第{index}个网站"
        site, site_problems = check_site(raw, set(platforms) | set(KNOWN_PLATFORMS))
        name = raw.get("name") if isinstance(raw, dict) else None
        label = f"{where}（{name}）" if isinstance(name, str) and name.strip() else where
        problems.extend(f"{label}{_field_text(f)}：{msg}" for f, msg in site_problems)
        if site is not None:
            sites.append(site)
    places = [(f"第{i}个网站", raw.get("url") if isinstance(raw, dict) else None)
              for i, raw in enumerate(raw_sites, start=1)]
    problems.extend(f"{source}：{msg}" for msg in _duplicates(places, sites))
    if problems:
        raise RegistryError(problems)
    return Registry(tuple(sites), platforms, source)


def check_site(raw: Any, platforms: set[str]) -> tuple[SiteEntry | None, list[tuple[str, str]]]:
    """One site entry checked field by field: (the entry or None, [(field, problem)])."""
    if not isinstance(raw, dict):
        return None, [("", "应为包含 name、url 等字段的映射")]
    problems: list[tuple[str, str]] = []
    for key in raw:
        if key not in SITE_FIELDS:
            problems.append((str(key), f"未知字段（可用：{'、'.join(SITE_FIELDS)}）"))
    name = _text(raw.get("name"))
    if not name:
        problems.append(("name", "缺少网站名称"))
    url = None
    if _text(raw.get("url")) is None:
        problems.append(("url", "缺少首页网址"))
    else:
        try:
            url = homepage_url(_text(raw.get("url")))
        except BadURL as exc:
            problems.append(("url", f"网址无效（{exc}）"))
    organizer = _text(raw.get("organizer"))
    if raw.get("organizer") is not None and not isinstance(raw.get("organizer"), str):
        problems.append(("organizer", "主办单位应为文字"))
    site_code = None
    if raw.get("site_code") not in (None, ""):
        site_code = str(raw["site_code"]).strip().lower()
        if not SITE_CODE.match(site_code):
            problems.append(("site_code", f"应为10位数字或 bm 加8位数字：{raw['site_code']!r}"))
    render = _flag(raw, "render", "render", problems)
    columns = _check_columns(raw.get("columns"), url, problems)
    accounts = _check_accounts(raw.get("accounts"), platforms, problems)
    if problems or url is None or name is None:
        return None, problems
    return SiteEntry(name, url, organizer, site_code, tuple(columns), tuple(accounts),
                     render), []


def _flag(raw: dict, key: str, where: str, problems: list[tuple[str, str]]) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        problems.append((where, f"应为 true 或 false：{value!r}"))
        return False
    return value


def homepage_url(value: str) -> str:
    """A homepage as offices and inspectors write it (often the bare host name), normalised;
    a host that names no server is refused (BadURL)."""
    value = value.strip()
    return normalize_given_url(value if "://" in value else "http://" + value)


def _entries(raw: Any, key: str, fields: tuple[str, ...], needed: str,
             problems: list[tuple[str, str]]) -> Iterator[tuple[str, dict]]:
    """The mappings of a list field as (where, entry); a wrong shape or an unknown field is
    reported, and an entry that is no mapping at all is skipped."""
    if raw is None:
        return
    if not isinstance(raw, list):
        problems.append((key, "应为列表"))
        return
    for number, item in enumerate(raw, start=1):
        where = f"{key}[{number}]"
        if not isinstance(item, dict):
            problems.append((where, f"应为包含 {needed} 的映射"))
            continue
        for name in item:
            if name not in fields:
                problems.append((f"{where}.{name}", f"未知字段（可用：{'、'.join(fields)}）"))
        yield where, item


def _check_columns(raw: Any, homepage: str | None,
                   problems: list[tuple[str, str]]) -> list[ColumnPin]:
    pins: list[ColumnPin] = []
    for where, item in _entries(raw, "columns", COLUMN_FIELDS, "url", problems):
        url = _text(item.get("url"))
        if url is None:
            problems.append((f"{where}.url", "缺少栏目网址"))
            continue
        try:
            url = normalize_given_url(url, homepage)
        except BadURL as exc:
            problems.append((f"{where}.url", f"网址无效（{exc}）"))
            continue
        if homepage and not is_internal(url, homepage):
            problems.append((f"{where}.url", f"栏目不在本网站上：{url}"))
        category = _text(item.get("category"))
        if category is not None and category not in CATEGORIES:
            problems.append((f"{where}.category",
                             f"未知栏目类别 {category}（可用：{'、'.join(CATEGORIES)}）"))
        pins.append(ColumnPin(url, category, _text(item.get("name")),
                              _flag(item, "render", f"{where}.render", problems)))
    return pins


def _check_accounts(raw: Any, platforms: set[str],
                    problems: list[tuple[str, str]]) -> list[AccountEntry]:
    accounts: list[AccountEntry] = []
    for where, item in _entries(raw, "accounts", ACCOUNT_FIELDS, "platform", problems):
        platform = _text(item.get("platform"))
        if platform is None:
            problems.append((f"{where}.platform", "缺少平台"))
            continue
        if platform not in platforms:
            problems.append((f"{where}.platform",
                             f"未知平台 {platform}（可用：{'、'.join(sorted(platforms))}）"))
        account_id = _text(item.get("id"))
        links: dict[str, str | None] = {}
        for key in ("feed", "url"):
            links[key] = _account_link(item, key, where, problems)
        articles = _account_articles(item.get("articles"), where, problems)
        # What each platform's adapter needs to read the account.
        if platform == "weibo" and not (account_id or "").isdigit():
            problems.append((f"{where}.id", f"微博账号需要数字 UID：{item.get('id')!r}"))
        elif platform == "wechat" and item.get("feed") is None and not item.get("articles"):
            problems.append((f"{where}.feed", "公众号需要 feed（订阅网址）或 articles（文章网址）"))
        elif platform == "rss" and item.get("feed") is None:
            problems.append((f"{where}.feed", "rss 账号需要 feed 网址"))
        accounts.append(AccountEntry(platform, account_id, links["feed"], _text(item.get("name")),
                                     links["url"], articles))
    return accounts


def _account_link(item: dict, key: str, where: str,
                  problems: list[tuple[str, str]]) -> str | None:
    value = _text(item.get(key))
    if value is None:
        return None
    try:
        return normalize_given_url(value)
    except BadURL as exc:
        problems.append((f"{where}.{key}", f"网址无效（{exc}）"))
        return None


def _account_articles(raw: Any, where: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append((f"{where}.articles", "应为文章网址列表"))
        return ()
    urls = []
    for value in raw:
        try:
            urls.append(normalize_given_url(str(value)))
        except BadURL as exc:
            problems.append((f"{where}.articles", f"网址无效（{exc}）"))
    return tuple(urls)


def _check_platforms(raw: Any, source: str, problems: list[str]) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{source}：platforms 应为映射（平台名: 配置）")
        return {}
    platforms: dict[str, dict[str, Any]] = {}
    for name, config in raw.items():
        if not isinstance(config, dict):
            problems.append(f"{source}：platforms.{name} 应为映射（如 api_base: 网址）")
            continue
        for key, value in config.items():
            if str(key).endswith(("_base", "url")):
                try:
                    normalize_given_url(str(value))
                except BadURL as exc:
                    problems.append(f"{source}：platforms.{name}.{key} 网址无效（{exc}）")
        platforms[str(name)] = dict(config)
    return platforms


def _duplicates(places: list[tuple[str, Any]], sites: list[SiteEntry]) -> list[str]:
    """Two entries for one homepage, or one account listed twice, make the registry ambiguous.

    ``places`` pairs where an entry is ("第3个网站", "第5行") with the homepage it gives.
    """
    at: dict[str, list[str]] = {}
    for place, value in places:
        text = _text(value)
        if text is None:
            continue
        try:
            at.setdefault(homepage_url(text), []).append(place)
        except BadURL:
            continue  # already reported as an invalid URL
    problems = [f"{'、'.join(where)}的首页网址重复：{url}"
                for url, where in at.items() if len(where) > 1]
    owner: dict[tuple[str, str], str] = {}
    for site in sites:
        for account in site.accounts:
            key = (account.platform, account.key)
            if key in owner:
                problems.append(f"账号重复：{account.platform} {account.key}"
                                f"（{owner[key]}、{site.name}）")
            else:
                owner[key] = site.name
    return problems


def _site_lines(root: yaml.Node | None) -> dict[int, int]:
    """Line number (1-based) of each entry under ``sites:``, for error messages."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if getattr(key, "value", None) == "sites" and isinstance(value, yaml.SequenceNode):
            return {i: node.start_mark.line + 1 for i, node in enumerate(value.value, start=1)}
    return {}


# ---- importing office site lists (CSV / XLSX) -------------------------------------------

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
    problems.extend(f"{source}：{msg}" for msg in _duplicates(places, sites))
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
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from zipfile import BadZipFile

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


# ---- writing ----------------------------------------------------------------------------

def write_registry(registry: Registry, path: str | Path) -> Path:
    """Write the registry as YAML, replacing ``path`` in one rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_text(registry.to_yaml(), encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def store_registry(session: Session, registry: Registry) -> dict[str, int]:
    """Create or update the Site and Account rows of every registry entry."""
    from govpatrol.accounts import describe_account

    counts = {"sites": 0, "accounts": 0}
    for entry in registry.sites:
        site = get_or_create_site(session, entry.url, **entry.site_fields())
        site.options = {**(site.options or {}),
                        "columns": [c.as_dict() for c in entry.columns]}
        counts["sites"] += 1
        for account in entry.accounts:
            # The account module decides what is stored for an account (its URL, options).
            described = describe_account(account.as_dict(), dict(registry.platforms))
            row = session.scalar(select(m.Account).where(m.Account.platform == account.platform,
                                                         m.Account.key == described["key"]))
            if row is None:
                row = m.Account(platform=account.platform, key=described["key"], options={})
                session.add(row)
            row.site_id = site.id
            row.name = described["name"] or row.name
            row.url = described["url"]
            row.options = described["options"]
            counts["accounts"] += 1
    session.flush()
    return counts


# ---- helpers ----------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _field_text(field: str) -> str:
    return f" 字段 {field}" if field else ""


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
