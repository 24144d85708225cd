"""New-media sources: one adapter module per platform, each reading an account's recent posts.

An adapter module offers ``read_posts(account, platform_conf, *, as_of_moment, fetch,
max_pages=3) -> SourceResult`` and ``account_url(account, platform_conf) -> str``. Adding a
platform is one new module and one line below.
"""
from __future__ import annotations

from types import ModuleType

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
