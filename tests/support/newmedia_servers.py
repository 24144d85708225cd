"""Local stand-ins for new-media sources, on 127.0.0.1 only.

- ``SourceServer``: a ThreadingHTTPServer answering registered paths (feeds, article pages,
  garbage) and routes computed per request (the Weibo container API).
- ``WeiboApi``: answers ``/api/container/getIndex?containerid=…&page=N`` like m.weibo.cn,
  from mblogs given per container, ten cards a page, with login-wall and refusal modes.
- ``rss`` / ``atom`` / ``json_feed``: feed documents as bridges and 客户端 channels write them.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Mapping
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape


CHINA = timezone(timedelta(hours=8))
# Every test reads its sources at one fixed moment, never the real clock.
AS_OF = date(2026, 11, 20)
MOMENT = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)


def days_ago(days: int, hour: int = 9, minute: int = 30) -> datetime:
    """A China-time moment ``days`` calendar days before AS_OF."""
    day = AS_OF - timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


@dataclass(frozen=True)
class Reply:
    body: str | bytes = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, str]
    headers: Mapping[str, str]


Route = Callable[[Request], Reply]


class SourceServer:
    """Serves ``pages`` (path with its query, or path alone) and ``routes`` (path -> function).

    Unknown paths answer 404. ``requests`` records every request (path with query, headers).
    """

    def __init__(self, pages: Mapping[str, str | bytes | Reply] | None = None,
                 routes: Mapping[str, Route] | None = None):
        self.pages: dict[str, Reply] = {k: _reply(v) for k, v in (pages or {}).items()}
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes | Reply) -> str:
        self.pages[path] = _reply(body)
        return self.url(path)

    def __enter__(self) -> "SourceServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, raw_path: str, headers: Mapping[str, str]) -> Reply:
        parts = urlsplit(raw_path)
        if raw_path in self.pages:
            return self.pages[raw_path]
        if parts.path in self.routes:
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            return self.routes[parts.path](Request(parts.path, query, headers))
        if not parts.query and parts.path in self.pages:
            return self.pages[parts.path]
        return Reply("<html><body>404 Not Found</body></html>", status=404)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                headers = {k: v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                reply = server.answer(self.path, headers)
                body = reply.payload()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


def _reply(value: str | bytes | Reply) -> Reply:
    return value if isinstance(value, Reply) else Reply(value)


# --- Weibo ------------------------------------------------------------------------------------

VISITOR_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Sina Visitor System</title>
<script src="https://passport.weibo.com/js/visitor/mini_original.js"></script></head>
<body><script>window.location.href="https://passport.weibo.com/visitor/visitor?entry=miniblog";
</script></body></html>"""


def user(uid: str, name: str, verified_type: int = 1) -> dict:
    return {"id": int(uid), "screen_name": name, "verified": verified_type >= 0,
            "verified_type": verified_type, "verified_reason": f"{name}官方微博",
            "followers_count": 52013}


def mblog(post_id: str, created_at: str, text: str, owner: dict, *, pinned: bool = False,
          comments: int = 3, reposts: int = 1) -> dict:
    blog = {"id": post_id, "mid": post_id, "created_at": created_at,
            "text": f'<a href="/n/{owner["screen_name"]}">@{owner["screen_name"]}</a> {text}'
                    f'<br /><span class="url-icon"><img alt="[心]" src="x.png" /></span>',
            "source": "微博 weibo.com", "comments_count": comments, "reposts_count": reposts,
            "attitudes_count": 9, "user": owner}
    if pinned:
        blog.update(mblogtype=2, isTop=1, title={"text": "置顶", "base_color": 1})
    return blog


class WeiboApi:
    """The container API: ``timelines`` maps a containerid to its mblogs, newest first
    (pinned first). ``modes`` maps a containerid to "visitor" (the visitor-system HTML page),
    "login" (``ok: -100`` with a passport URL), "refuse" (``ok: 0``) or "garbage"."""

    PAGE_SIZE = 10

    def __init__(self, timelines: Mapping[str, list[dict]] | None = None,
                 modes: Mapping[str, str] | None = None,
                 failing_pages: Mapping[str, int] | None = None):
        self.timelines = dict(timelines or {})
        self.modes = dict(modes or {})
        self.failing_pages = dict(failing_pages or {})  # containerid -> page answering 500

    def __call__(self, request: Request) -> Reply:
        containerid = request.query.get("containerid", "")
        page = int(request.query.get("page", "1") or 1)
        mode = self.modes.get(containerid)
        if mode == "visitor":
            return Reply(VISITOR_PAGE)
        if mode == "login":
            return _json({"ok": -100,
                          "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo"})
        if mode == "garbage":
            return Reply(b"\x00\x01 not json at all", content_type="application/octet-stream")
        if self.failing_pages.get(containerid) == page:
            return Reply("Internal Server Error", status=500, content_type="text/plain")
        blogs = self.timelines.get(containerid)
        if mode == "refuse" or blogs is None:
            return _json({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
        start = (page - 1) * self.PAGE_SIZE
        chunk = blogs[start:start + self.PAGE_SIZE]
        more = start + self.PAGE_SIZE < len(blogs)
        cards = [{"card_type": 9, "itemid": f"{containerid}_-_{b['id']}", "mblog": b}
                 for b in chunk]
        if len(cards) > 2:  # real pages mix in a card_group of further cards
            cards = cards[:1] + [{"card_type": 11, "card_group": cards[1:3]}] + cards[3:]
        return _json({"ok": 1, "data": {
            "cardlistInfo": {"containerid": containerid, "total": len(blogs),
                             "page": page + 1 if more else None},
            "cards": cards}})


def _json(data: dict) -> Reply:
    return Reply(json.dumps(data, ensure_ascii=False),
                 content_type="application/json; charset=utf-8")


# --- feeds ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    published: datetime | None  # aware; None writes no date


def rss(title: str, link: str, entries: list[Entry], *, encoding: str = "utf-8") -> bytes:
    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{escape(e.link)}</link>"
        f"<guid isPermaLink=\"true\">{escape(e.link)}</guid>"
        + (f"<pubDate>{format_datetime(e.published)}</pubDate>" if e.published else "")
        + f"<description><![CDATA[<p>{escape(e.title)}</p>]]></description></item>"
        for e in entries)
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{escape(title)}</title><link>{escape(link)}</link>"
            f'<atom:link href="{escape(link)}feed.xml" rel="self" type="application/rss+xml"/>'
            f"<description>{escape(title)}</description>{items}</channel></rss>")
    return text.encode(encoding)


def atom(title: str, link: str, entries: list[Entry], *, next_url: str | None = None) -> bytes:
    body = "".join(
        f"<entry><id>tag:local,2026:{escape(e.link)}</id><title>{escape(e.title)}</title>"
        f'<link rel="alternate" href="{escape(e.link)}"/>'
        + (f"<updated>{e.published.isoformat()}</updated>" if e.published else "")
        + "</entry>"
        for e in entries)
    paging = f'<link rel="next" href="{escape(next_url)}"/>' if next_url else ""
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>{escape(title)}</title><link rel="alternate" href="{escape(link)}"/>'
            f'{paging}<id>urn:local:{escape(link)}</id><updated>2026-11-20T00:00:00Z</updated>'
            f"{body}</feed>").encode("utf-8")


def json_feed(title: str, link: str, entries: list[Entry]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": link,
        "items": [{"id": e.link, "url": e.link, "title": e.title,
                   **({"date_published": e.published.isoformat()} if e.published else {})}
                  for e in entries]}, ensure_ascii=False).encode("utf-8")


def wechat_article(title: str, nickname: str, published: datetime | None, *,
                   create_time: str | None = None) -> str:
    """An article page shaped like mp.weixin.qq.com: the visible time is filled by script."""
    ct = f'var ct = "{int(published.timestamp())}";' if published else ""
    created = f"var createTime = '{create_time}';" if create_time else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{escape(title)}"><title>{escape(title)}</title></head><body>
<div id="img-content"><h1 class="rich_media_title" id="activity-name">{escape(title)}</h1>
<div id="meta_content"><span id="profileBt"><a href="javascript:void(0);" id="js_name">
 {escape(nickname)} </a></span><em id="publish_time" class="rich_media_meta_text"></em></div>
<div id="js_content"><p>正文内容</p></div></div>
<script>
    var nickname = "{nickname}";
    {ct}
    {created}
    var user_name = "gh_0123456789ab";
    var msg_title = "{title}";
</script></body></html>"""
