"""New-media sources: one adapter module per platform, each reading an account's recent posts.

An adapter module offers ``read_posts(account, platform_conf, *, as_of_moment, fetch,
max_pages=3) -> SourceResult`` and ``account_url(account, platform_conf) -> str``. Adding a
platform is one new module and one line below.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any

from crawlers.newmedia import feeds, wechat, weibo

ADAPTERS: dict[str, ModuleType] = {
    "weibo": weibo,  # 政务微博 (m.weibo.cn container API)
    "wechat": wechat,  # 微信公众号 (feed bridge + article pages)
    "rss": feeds,  # 客户端 news channels, 抖音/头条 through a bridge: any RSS/Atom/JSON feed
}


def adapter_for(platform: str) -> ModuleType:
    try:
        return ADAPTERS[platform]
    except KeyError:
        raise ValueError(f"未知的新媒体平台 {platform!r}（可选：{', '.join(ADAPTERS)}）"
                         f" / unknown platform {platform!r}") from None


def account_key(account: dict) -> str:
    """What identifies an account on its platform: the Weibo uid, else the feed URL."""
    if account.get("platform") == "weibo":
        return str(account.get("id") or "").strip()
    key = account.get("id") or account.get("feed") or next(iter(account.get("articles") or []),
                                                            None)
    if not key:
        raise ValueError(f"账号“{account.get('name')}”缺少 id 或 feed / account needs an id or feed")
    return str(key)


_REGISTRY_FIELDS = ("platform", "id", "feed", "name", "url")


def describe_account(account: dict, platforms: dict) -> dict[str, Any]:
    """The registry entry as stored: platform, key, name, URL and any further options.

    Raises ValueError for an entry that cannot be read (unknown platform, missing id/feed).
    """
    platform = str(account.get("platform") or "").strip().lower()
    adapter = adapter_for(platform)
    entry = {**account, "platform": platform}
    conf = platform_conf(platforms, platform)
    return {
        "platform": platform,
        "key": account_key(entry),
        "name": account.get("name"),
        "url": adapter.account_url(entry, conf),
        "options": {k: v for k, v in account.items() if k not in _REGISTRY_FIELDS},
    }


def platform_conf(platforms: dict | None, platform: str) -> dict:
    conf = (platforms or {}).get(platform) or {}
    if not isinstance(conf, dict):
        raise ValueError(f"platforms.{platform} 应为键值映射 / platforms.{platform} must be a mapping")
    return dict(conf)
