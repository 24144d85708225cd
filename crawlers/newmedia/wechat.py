"""微信公众号: read through a feed bridge (RSS/Atom/JSON Feed of the account) and article pages.

WeChat has no open list API, so an account is read from the feed a bridge publishes for it.
An entry without a date is dated from its article page, whose reliable time sits in script
variables (``var ct = "1581517074"`` unix seconds, ``var createTime = '2024-01-01 10:00'``);
the visible ``#publish_time`` is filled by script and often says only ``昨天``. A registry
entry may also list ``articles:`` (article URLs) to be read directly.
"""
from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from lxml import etree, html as lxml_html

from checks.observations import PostObs
from crawlers.newmedia.base import Fetch, SourceResult, fetch_or_fail
from crawlers.newmedia.feeds import FeedEntry, entries_to_posts, read_feed
from crawlers.newmedia.times import from_unix, parse_post_time
from crawlers.urls import try_normalize

ARTICLE_LIMIT = 10  # article pages read per account for undated feed entries


@dataclass(frozen=True)
class ArticleInfo:
    title: str | None
    account_name: str | None  # 公众号 name (var nickname, #js_name)
    user_name: str | None  # gh_… original id
    published: datetime | None  # aware China time
    published_source: str | None  # ct | createTime | oriCreateTime | publish_time
    link: str | None


def _script_var(name: str) -> re.Pattern[str]:
    # var NAME = "…" | '…' | htmlDecode("…"), up to the closing quote of the same kind.
    return re.compile(r"\bvar\s+" + name + r"\s*=\s*(?:htmlDecode\(\s*)?"
                      r"""(?P<q>["'])(?P<v>(?:\\.|(?!(?P=q)).)*)(?P=q)""")


_CT = re.compile(r"""\bct\s*[=:]\s*["']?(?P<v>\d{9,10})\b""")
_VARS = {name: _script_var(name) for name in
         ("createTime", "oriCreateTime", "nickname", "user_name", "msg_title", "msg_link")}


def parse_article(text: str, url: str | None = None, *, as_of_moment: datetime | None = None
                  ) -> ArticleInfo:
    """What a 公众号 article page says about itself (pure: text in, facts out)."""
    published, source = None, None
    ct = _CT.search(text)
    if ct:
        published, source = from_unix(int(ct["v"])), "ct"
    if published is None and as_of_moment is not None:
        for name in ("createTime", "oriCreateTime"):
            value = _var(text, name)
            published = parse_post_time(value, as_of_moment) if value else None
            if published is not None:
                source = name
                break
    document = _document(text)
    name = _var(text, "nickname") or _element_text(document, "js_name") or \
        _class_text(document, "profile_nickname")
    title = _var(text, "msg_title") or _element_text(document, "activity-name") or \
        _meta(document, "og:title")
    link = _var(text, "msg_link") or _meta(document, "og:url") or url
    return ArticleInfo(title=title, account_name=name, user_name=_var(text, "user_name"),
                       published=published, published_source=source,
                       link=try_normalize(link, url) if link else None)


def article_post_id(url: str | None) -> str | None:
    """``__biz:mid:idx`` of an article link (stable across its share parameters), else the URL."""
    if not url:
        return None
    query = parse_qs(urlsplit(url).query)
    parts = [query.get(key, [""])[0] for key in ("__biz", "mid", "idx")]
    return ":".join(parts) if all(parts) else url


def account_url(account: dict, platform_conf: dict) -> str:
    url = account.get("url") or account.get("feed") or next(iter(account.get("articles") or []),
                                                            None)
    if not url:
        raise ValueError(f"公众号“{account.get('name')}”缺少 feed 或 articles 地址"
                         f" / wechat account needs a feed or article URLs")
    return str(url)


def read_posts(account: dict, platform_conf: dict, *, as_of_moment: datetime, fetch: Fetch,
               max_pages: int = 3) -> SourceResult:
    account_url(account, platform_conf)  # refuses an account with nothing to read
    limit = int(platform_conf.get("article_limit", ARTICLE_LIMIT))
    posts: list[PostObs] = []
    profile: dict = {}
    to_read: list[tuple[str, FeedEntry | None]] = []
    if account.get("feed"):
        reading = read_feed(str(account["feed"]), fetch=fetch, as_of_moment=as_of_moment,
                            max_pages=max_pages)
        if reading.state != "ok":
            return SourceResult.failure(reading.state, reading.error or reading.state,
                                        reading.profile)
        profile.update(reading.profile)
        posts += entries_to_posts(reading.entries)
        to_read += [(e.link, e) for e in reading.entries if e.published is None and e.link]
    to_read += [(str(url), None) for url in account.get("articles") or []]
    articles_read, errors = _read_articles(to_read[:limit], posts, profile,
                                           as_of_moment=as_of_moment, fetch=fetch)
    if len(to_read) > limit:
        profile["articles_skipped"] = len(to_read) - limit
    if errors:
        profile["article_errors"] = errors
    profile["articles_read"] = articles_read
    if not account.get("feed") and not posts:
        return SourceResult.failure("failed", "; ".join(errors) or "文章页未能读取", profile)
    return SourceResult(posts=_unique(posts), profile=profile)


def _read_articles(to_read: list[tuple[str, FeedEntry | None]], posts: list[PostObs],
                   profile: dict, *, as_of_moment: datetime, fetch: Fetch
                   ) -> tuple[int, list[str]]:
    read, errors = 0, []
    for url, entry in to_read:
        response, why = fetch_or_fail(fetch, url)
        if why is not None:
            errors.append(why)
            continue
        info = parse_article(response.text(), response.url, as_of_moment=as_of_moment)
        read += 1
        if info.account_name:
            profile.setdefault("nickname", info.account_name)
        if info.user_name:
            profile.setdefault("user_name", info.user_name)
        if info.published is None:
            errors.append(f"{url}: 文章页未找到发布时间 / no publish time on the article page")
            continue
        link = (entry.link if entry else None) or info.link or url
        posts.append(PostObs(
            post_id=(entry.entry_id if entry else None) or article_post_id(link),
            title=(entry.title if entry else None) or info.title, url=link,
            published=info.published))
    return read, errors


def _unique(posts: list[PostObs]) -> list[PostObs]:
    seen: dict[str, PostObs] = {}
    for post in posts:
        seen.setdefault(post.post_id or post.url or post.published.isoformat(), post)
    return list(seen.values())


# --- page helpers -------------------------------------------------------------------------------

def _var(text: str, name: str) -> str | None:
    match = _VARS[name].search(text)
    if not match:
        return None
    value = match["v"]
    if "\\" in value:
        try:
            value = codecs.decode(value.encode("latin-1", "backslashreplace"), "unicode_escape")
        except UnicodeDecodeError:
            pass
    value = " ".join(html.unescape(value).split())
    return value or None


def _document(text: str):
    try:
        return lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _element_text(document, element_id: str) -> str | None:
    if document is None:
        return None
    found = document.get_element_by_id(element_id, None)
    if found is None:
        return None
    return " ".join(found.text_content().split()) or None


def _class_text(document, class_name: str) -> str | None:
    if document is None:
        return None
    for found in document.find_class(class_name):
        text = " ".join(found.text_content().split())
        if text:
            return text
    return None


def _meta(document, prop: str) -> str | None:
    if document is None:
        return None
    for meta in document.iter("meta"):
        if meta.get("property") == prop or meta.get("name") == prop:
            value = (meta.get("content") or "").strip()
            if value:
                return value
    return None
