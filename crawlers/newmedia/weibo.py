"""政务微博 through the m.weibo.cn container API.

``GET {api_base}/api/container/getIndex?containerid=107603{uid}&page=N`` lists an account's
posts as cards (``card_type`` 9 holds an ``mblog``, 11 wraps a ``card_group``); when that
container is empty or refused, ``230413{uid}`` is tried. A pinned post (``mblogtype == 2``,
``isTop``, or a ``置顶`` title) comes first however old it is, so it is marked, not dropped.
An answer that is not ``ok == 1``, or a login / visitor-system page, yields no posts.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urlencode, urlsplit

from lxml import etree, html as lxml_html

from checks.observations import PostObs
from crawlers.jsonvalues import json_int
from crawlers.newmedia.base import Fetch, FetchResponse, SourceResult, fetch_or_fail
from crawlers.newmedia.times import parse_post_time

DEFAULT_API_BASE = "https://m.weibo.cn"
CONTAINER_PREFIXES = ("107603", "230413")  # the posts tab, then the older "weibo" tab
GOVERNMENT_VERIFIED_TYPE = 1  # verified_type 1 = 政务/政府 account
TITLE_MAX_CHARS = 120
_LOGIN_MARKERS = ("sina visitor system", "passport.weibo", "visitor.passport", "newlogin",
                  "signin", "请先登录", "登录")
_API_HEADERS = {"Accept": "application/json, text/plain, */*",
                "X-Requested-With": "XMLHttpRequest", "MWeibo-Pwa": "1"}


class LoginWall(Exception):
    """The platform answered with a login or visitor check instead of data."""


class BadAnswer(Exception):
    """The answer is not the container JSON (``state`` says how it failed)."""

    def __init__(self, message: str, state: str):
        super().__init__(message)
        self.state = state


@dataclass
class ContainerPage:
    posts: list[PostObs] = field(default_factory=list)
    user: dict[str, Any] | None = None
    total: int | None = None
    has_more: bool = True
    undated: int = 0


def api_base(platform_conf: dict) -> str:
    return str(platform_conf.get("api_base") or DEFAULT_API_BASE).rstrip("/")


def account_url(account: dict, platform_conf: dict) -> str:
    """The account's public page (``profile_url`` template, default ``{api_base}/u/{id}``)."""
    if account.get("url"):
        return str(account["url"])
    template = platform_conf.get("profile_url") or "{api_base}/u/{id}"
    return template.format(api_base=api_base(platform_conf), id=_uid(account))


def container_url(platform_conf: dict, containerid: str, page: int) -> str:
    query = urlencode({"containerid": containerid, "page": page})
    return f"{api_base(platform_conf)}/api/container/getIndex?{query}"


def read_posts(account: dict, platform_conf: dict, *, as_of_moment: datetime, fetch: Fetch,
               max_pages: int = 3) -> SourceResult:
    uid = _uid(account)
    headers = {**_API_HEADERS, "Referer": account_url(account, platform_conf)}
    post_url = platform_conf.get("post_url") or "{api_base}/detail/{id}"
    tried: list[str] = []
    for prefix in CONTAINER_PREFIXES:
        containerid = f"{prefix}{uid}"
        url = container_url(platform_conf, containerid, 1)
        response, why = fetch_or_fail(fetch, url, headers=headers)
        if why is not None:
            return SourceResult.failure("failed", why, {"containerid": containerid})
        try:
            first = parse_container_answer(response, as_of_moment, post_url=post_url,
                                           api_base=api_base(platform_conf))
        except LoginWall as exc:
            return SourceResult.failure("login_wall", f"{url}: {exc}",
                                        {"containerid": containerid})
        except BadAnswer as exc:
            if exc.state == "format":
                return SourceResult.failure("format", f"{url}: {exc}",
                                            {"containerid": containerid})
            tried.append(f"{containerid}: {exc}")
            continue
        if not first.posts and not first.undated:
            tried.append(f"{containerid}: 无微博卡片 / no posts")
            continue
        return _read_following_pages(first, containerid, platform_conf, headers, post_url,
                                     as_of_moment=as_of_moment, fetch=fetch,
                                     max_pages=max_pages)
    return SourceResult.failure("failed", "微博接口未返回内容 / no posts: " + "; ".join(tried),
                                {"containerids": [f"{p}{uid}" for p in CONTAINER_PREFIXES]})


def _read_following_pages(first: ContainerPage, containerid: str, platform_conf: dict,
                          headers: dict, post_url: str, *, as_of_moment: datetime,
                          fetch: Fetch, max_pages: int) -> SourceResult:
    profile: dict[str, Any] = {"containerid": containerid, "pages_read": 1,
                               "total": first.total, **_profile_of(first.user)}
    posts: dict[str, PostObs] = {}
    undated = first.undated
    page, current = 1, first
    _collect(posts, current.posts)
    while current.has_more and page < max_pages:
        page += 1
        url = container_url(platform_conf, containerid, page)
        response, why = fetch_or_fail(fetch, url, headers=headers)
        try:
            if why is not None:
                raise BadAnswer(why, "failed")
            current = parse_container_answer(response, as_of_moment, post_url=post_url,
                                             api_base=api_base(platform_conf))
        except (LoginWall, BadAnswer) as exc:
            # The newest posts are on page 1: a later page that fails only ends the paging.
            profile["paging_error"] = f"{url}: {exc}"
            break
        if not current.posts and not current.undated:
            break
        profile["pages_read"] = page
        undated += current.undated
        _collect(posts, current.posts)
        if not profile.get("screen_name"):
            profile.update(_profile_of(current.user))
    profile["undated"] = undated
    return SourceResult(posts=list(posts.values()), profile=profile)


def _collect(posts: dict[str, PostObs], found: list[PostObs]) -> None:
    for post in found:
        posts.setdefault(post.post_id or f"{post.published.isoformat()}|{post.title}", post)


def _uid(account: dict) -> str:
    uid = str(account.get("id") or "").strip()
    if not uid.isdigit():
        raise ValueError(f"微博账号“{account.get('name')}”的 id 应为数字UID: {uid!r}"
                         f" / weibo account id must be the numeric uid")
    return uid


# --- parsing the answer (pure) ------------------------------------------------------------------

def parse_container_answer(response: FetchResponse, as_of_moment: datetime, *,
                           post_url: str = "{api_base}/detail/{id}",
                           api_base: str = DEFAULT_API_BASE) -> ContainerPage:
    """The posts of one container page; raises LoginWall or BadAnswer for anything else."""
    if _is_login_url(response.url):
        raise LoginWall(f"跳转到登录页 / redirected to login: {response.url}")
    text = response.text()
    try:
        data = json.loads(text)
    except ValueError:
        if _looks_like_login(text):
            raise LoginWall("返回登录或访客验证页面 / login or visitor-system page") from None
        raise BadAnswer("返回内容不是JSON / answer is not JSON", "format") from None
    if not isinstance(data, dict):
        raise BadAnswer("返回的JSON不是对象 / JSON answer is not an object", "format")
    ok = data.get("ok")
    if ok == -100 or _is_login_url(str(data.get("url") or "")):
        raise LoginWall(f"接口要求登录(ok={ok}) / API asks for a login")
    if ok != 1:
        message = data.get("msg") or data.get("errmsg") or ""
        raise BadAnswer(f"接口返回 ok={ok} {message}".strip(), "failed")
    return parse_container_data(data.get("data") or {}, as_of_moment, post_url=post_url,
                                api_base=api_base)


def parse_container_data(data: dict, as_of_moment: datetime, *,
                         post_url: str = "{api_base}/detail/{id}",
                         api_base: str = DEFAULT_API_BASE) -> ContainerPage:
    page = ContainerPage()
    info = data.get("cardlistInfo") or {}
    page.total = json_int(info.get("total"))
    if "page" in info and not info.get("page"):
        page.has_more = False  # the API names the next page; null means this was the last
    for mblog in _mblogs(data.get("cards") or []):
        if page.user is None and isinstance(mblog.get("user"), dict):
            page.user = mblog["user"]
        post = post_from_mblog(mblog, as_of_moment, post_url=post_url, api_base=api_base)
        if post is None:
            page.undated += 1
        else:
            page.posts.append(post)
    return page


def post_from_mblog(mblog: dict, as_of_moment: datetime, *,
                    post_url: str = "{api_base}/detail/{id}",
                    api_base: str = DEFAULT_API_BASE) -> PostObs | None:
    """One mblog as a post; None when its ``created_at`` cannot be read."""
    published = parse_post_time(mblog.get("created_at"), as_of_moment)
    if published is None:
        return None
    post_id = str(mblog.get("id") or mblog.get("mid") or mblog.get("bid") or "") or None
    return PostObs(
        post_id=post_id,
        title=_title(mblog),
        url=post_url.format(api_base=api_base, id=post_id) if post_id else None,
        published=published,
        pinned=is_pinned(mblog),
        comments=json_int(mblog.get("comments_count")),
        reposts=json_int(mblog.get("reposts_count")),
    )


def is_pinned(mblog: dict) -> bool:
    if mblog.get("mblogtype") in (2, "2") or mblog.get("isTop") in (1, True, "1"):
        return True
    title = mblog.get("title")
    return isinstance(title, dict) and title.get("text") == "置顶"


def _mblogs(cards: list) -> Iterator[dict]:
    for card in cards:
        if not isinstance(card, dict):
            continue
        if card.get("card_type") in (9, "9") and isinstance(card.get("mblog"), dict):
            yield card["mblog"]
        elif card.get("card_type") in (11, "11"):
            yield from _mblogs(card.get("card_group") or [])


def _title(mblog: dict) -> str | None:
    text = _plain(mblog.get("raw_text") or mblog.get("text"))
    if not text and isinstance(mblog.get("retweeted_status"), dict):
        text = "转发微博"
    return text[:TITLE_MAX_CHARS] if text else None


def _plain(markup: Any) -> str | None:
    if not isinstance(markup, str) or not markup.strip():
        return None
    if "<" in markup:
        try:
            markup = lxml_html.fromstring(markup).text_content()
        except (etree.ParserError, ValueError):
            markup = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(markup.split()) or None


def _profile_of(user: dict | None) -> dict[str, Any]:
    if not user:
        return {}
    verified_type = json_int(user.get("verified_type"))
    return {
        "uid": str(user.get("id")) if user.get("id") is not None else None,
        "screen_name": user.get("screen_name"),
        "verified": bool(user.get("verified")),
        "verified_type": verified_type,
        "verified_reason": user.get("verified_reason"),
        "government": verified_type == GOVERNMENT_VERIFIED_TYPE,
        "followers_count": json_int(user.get("followers_count")),
    }


def _is_login_url(url: str) -> bool:
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    return host.startswith("passport.") or "login" in path or "signin" in path \
        or "visitor" in path


def _looks_like_login(text: str) -> bool:
    head = text[:20000].lower()
    return any(marker in head for marker in _LOGIN_MARKERS)
