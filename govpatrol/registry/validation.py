"""Reading and validating a registry: every problem names the file, the site (by index and
name, or the table line) and the field, in Chinese, and one problem fails the whole load, so
that a patrol never runs on half a registry."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from checks.yamlfile import parse_yaml
from crawlers.extract.category import CATEGORIES
from crawlers.newmedia import ADAPTERS
from crawlers.politeness import parse_politeness
from crawlers.urls import BadURL, homepage_url, is_internal, normalize_given_url
from govpatrol.registry.entries import AccountEntry, ColumnPin, Registry, RegistryError, SiteEntry

# The platforms an adapter can read (crawlers/newmedia is the one place that knows them).
KNOWN_PLATFORMS = tuple(ADAPTERS)
# 网站标识码: 10 digits for localities, "bm" + 8 digits for central departments.
SITE_CODE = re.compile(r"^(?:\d{10}|bm\d{8})$")
SITE_FIELDS = ("name", "url", "organizer", "site_code", "render", "politeness", "columns",
               "accounts")
COLUMN_FIELDS = ("url", "category", "name", "render")
ACCOUNT_FIELDS = ("platform", "id", "feed", "url", "name", "articles")


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
    problems.extend(f"{source}：{msg}" for msg in duplicates(places, sites))
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
    name = text_of(raw.get("name"))
    if not name:
        problems.append(("name", "缺少网站名称"))
    url = None
    if text_of(raw.get("url")) is None:
        problems.append(("url", "缺少首页网址"))
    else:
        try:
            url = homepage_url(text_of(raw.get("url")))
        except BadURL as exc:
            problems.append(("url", f"网址无效（{exc}）"))
    organizer = text_of(raw.get("organizer"))
    if raw.get("organizer") is not None and not isinstance(raw.get("organizer"), str):
        problems.append(("organizer", "主办单位应为文字"))
    site_code = None
    if raw.get("site_code") not in (None, ""):
        site_code = str(raw["site_code"]).strip().lower()
        if not SITE_CODE.match(site_code):
            problems.append(("site_code", f"应为10位数字或 bm 加8位数字：{raw['site_code']!r}"))
    render = _flag(raw, "render", "render", problems)
    politeness = None
    if raw.get("politeness") is not None:
        try:
            politeness = parse_politeness(raw["politeness"])
        except ValueError as exc:
            problems.append(("politeness", str(exc)))
    columns = _check_columns(raw.get("columns"), url, problems)
    accounts = _check_accounts(raw.get("accounts"), platforms, problems)
    if problems or url is None or name is None:
        return None, problems
    return SiteEntry(name, url, organizer, site_code, tuple(columns), tuple(accounts),
                     render, politeness), []


def _flag(raw: dict, key: str, where: str, problems: list[tuple[str, str]]) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        problems.append((where, f"应为 true 或 false：{value!r}"))
        return False
    return value


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
        url = text_of(item.get("url"))
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
        category = text_of(item.get("category"))
        if category is not None and category not in CATEGORIES:
            problems.append((f"{where}.category",
                             f"未知栏目类别 {category}（可用：{'、'.join(CATEGORIES)}）"))
        pins.append(ColumnPin(url, category, text_of(item.get("name")),
                              _flag(item, "render", f"{where}.render", problems)))
    return pins


def _check_accounts(raw: Any, platforms: set[str],
                    problems: list[tuple[str, str]]) -> list[AccountEntry]:
    accounts: list[AccountEntry] = []
    for where, item in _entries(raw, "accounts", ACCOUNT_FIELDS, "platform", problems):
        platform = text_of(item.get("platform"))
        if platform is None:
            problems.append((f"{where}.platform", "缺少平台"))
            continue
        if platform not in platforms:
            problems.append((f"{where}.platform",
                             f"未知平台 {platform}（可用：{'、'.join(sorted(platforms))}）"))
        account_id = text_of(item.get("id"))
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
        accounts.append(AccountEntry(platform, account_id, links["feed"],
                                     text_of(item.get("name")), links["url"], articles))
    return accounts


def _account_link(item: dict, key: str, where: str,
                  problems: list[tuple[str, str]]) -> str | None:
    value = text_of(item.get(key))
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


def duplicates(places: list[tuple[str, Any]], sites: list[SiteEntry]) -> list[str]:
    """Two entries for one homepage, or one account listed twice, make the registry ambiguous.

    ``places`` pairs where an entry is ("第3个网站", "第5行") with the homepage it gives.
    """
    at: dict[str, list[str]] = {}
    for place, value in places:
        text = text_of(value)
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


def text_of(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _field_text(field: str) -> str:
    return f" 字段 {field}" if field else ""
