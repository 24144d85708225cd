"""A CMS-built government site: columns and articles turned into routes of a ``Site``."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from govpatrol.demosite import assets
from govpatrol.demosite.articles import article_response, trs_article
from govpatrol.demosite.hanweb import DATAPROXY, dataproxy_reply, hidden_location, island
from govpatrol.demosite.listing import list_html, pager_html, script_list_data
from govpatrol.demosite.markup import breadcrumb, document, esc, footer, header, site_meta
from govpatrol.demosite.model import Article, Column, Identity, Link
from govpatrol.demosite.web import Links, Request, Response, Site, html_response


class Portal:
    """Columns, articles and identity of one site; ``build`` turns them into routes."""

    def __init__(self, key: str, identity: Identity) -> None:
        self.key = key
        self.identity = identity
        self.columns: list[Column] = []
        self.articles: dict[str, Article] = {}
        self.nav: list[tuple[str, str]] = []  # header navigation: (name, path) of first-level columns
        self.gbk_nav: list[tuple[str, str]] = [("返回市政府门户", "/")]
        self.missing: frozenset[str] = frozenset()  # images and attachments linked but never uploaded

    # -- content ---------------------------------------------------------------------------
    def add(self, column: Column, articles: Iterable[Article] = ()) -> Column:
        self.columns.append(column)
        for article in articles:
            self.add_article(article)
        return column

    def add_article(self, article: Article) -> None:
        if article.path in self.articles:
            raise ValueError(f"article path {article.path} used twice")
        self.articles[article.path] = article

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def column_at(self, path: str) -> Column | None:
        return next((column for column in self.columns if column.path == path), None)

    def children(self, column: Column) -> list[Column]:
        return [child for child in self.columns if child.parent == column.key]

    def trail_to(self, column_path: str) -> list[tuple[str, str | None]]:
        """Breadcrumb steps from below 首页 to the column (linked)."""
        column = self.column_at(column_path)
        if column is None:
            return []
        steps: list[tuple[str, str | None]] = []
        if column.parent:
            parent = self.column(column.parent)
            steps.append((parent.name, parent.path))
        elif column.section:
            steps.append(column.section)
        steps.append((column.name, column.path))
        return steps

    def hanweb_trail(self, column_path: str) -> list[tuple[str, str]]:
        return [(name, href) for name, href in self.trail_to(column_path) if href]

    # -- pages ------------------------------------------------------------------------------
    def side_nav(self, column: Column) -> str:
        if self.children(column):
            heading, items = column.name, self.children(column)
        elif column.parent:
            parent = self.column(column.parent)
            heading, items = parent.name, self.children(parent)
        else:
            return ""
        lines = "".join(f'<li><a href="{esc(item.path)}">{esc(item.name)}</a></li>' for item in items)
        return f'<div class="sidebar"><h3>{esc(heading)}</h3><ul>{lines}</ul></div>'

    def column_page(self, column: Column, index: int, links: Links) -> str:
        title = column.name if column.name_from == "title" else f"{column.name}_{self.identity.name}"
        head = site_meta(self.identity, column.name if column.name_from == "meta" else None)
        crumbs = "" if column.name_from == "title" else breadcrumb(
            [*self.trail_to(column.path)[:-1], (column.name, None)])
        nav = self.gbk_nav if column.cms == "gbk" else self.nav
        if column.cms == "hanweb":
            hidden = hidden_location(self.hanweb_trail(column.path))
            listing = island(column, self.identity.name, links, self.key)
            if not column.entries:
                listing += f'\n<div class="no-data">{esc(column.empty_text)}</div>'
        else:
            hidden = ""
            listing = list_html(column, column.page_entries(index), column.directory, links, self.key)
            listing += "\n" + pager_html(column, index)
        body = f"""{header(self.identity, nav)}
{crumbs}
{hidden}
{self.side_nav(column)}
<div class="column-box"><h2 class="lm-title">{esc(column.name)}</h2>
{listing}
</div>
{footer(self.identity, links, self.key)}"""
        charset = '<meta charset="gbk">' if column.cms == "gbk" else '<meta charset="utf-8">'
        return document(title, head, body, charset_meta=charset)

    def static_page(self, path: str, title: str, paragraphs: tuple[str, ...],
                    see_also: list[Link] = ()) -> Article:
        """联系我们 / 网站声明 style pages: article template, no column, no date."""
        return Article(path=path, title=title, published=datetime(2024, 3, 1, 9, 0), source=self.identity.organizer,
                       paragraphs=paragraphs, pubdate_meta="none", see_also=list(see_also))

    def about_pages(self) -> list[Article]:
        org = self.identity.organizer
        level_one = [Link(name, path) for name, path in self.nav]
        return [
            self.static_page("/about/lxwm.html", "联系我们",
                             (f"主办单位：{org}", "联系电话：0570-12345678（工作日 8:30-17:00）",
                              "通信地址：云溪市行政中心1号楼")),
            self.static_page("/about/wzdt.html", "网站地图", ("本站栏目导航如下：",), level_one),
            self.static_page("/about/wzsm.html", "网站声明",
                             (f"本网站由{org}主办，所载内容版权归本网站所有。",
                              "转载本网站内容请注明出处。")),
        ]

    def static_response(self, article: Article, links: Links) -> Response:
        return html_response(trs_article(self, article, links))

    # -- routes -----------------------------------------------------------------------------
    def build(self, site: Site) -> Site:
        for column in self.columns:
            for index in range(column.page_count()):
                site.add(column.page_path(index), self._column_handler(column, index))
            if column.markup == "script":
                site.add(column.data_path, self._data_handler(column))
        hanweb = {column.column_id: column for column in self.columns if column.cms == "hanweb"}
        if hanweb:
            site.add(DATAPROXY, lambda request: dataproxy_reply(request, hanweb, self.identity.name, self.key))
        for article in self.articles.values():
            site.add(article.path, self._article_handler(article))
        for page in self.about_pages():
            site.add(page.path, lambda request, page=page: self.static_response(page, request.links))
        for path, kind in self.files():
            if path not in self.missing:
                site.add(path, _file_handler(path, kind))
        add_assets(site)
        return site

    def files(self) -> list[tuple[str, str]]:
        """Same-site images and attachments the articles reference (path, kind)."""
        found: dict[str, str] = {}
        for article in self.articles.values():
            for src in article.images:
                if src.startswith("/"):
                    found.setdefault(src, "image")
            for item in article.attachments:
                if item.href.startswith("/"):
                    found.setdefault(item.href, "attachment")
        return sorted(found.items())

    def _column_handler(self, column: Column, index: int):
        encoding = "gbk" if column.cms == "gbk" else "utf-8"
        return lambda request: html_response(self.column_page(column, index, request.links), encoding=encoding)

    def _data_handler(self, column: Column):
        def answer(request: Request) -> Response:
            data = json.dumps(script_list_data(column, request.links, self.key), ensure_ascii=False)
            return Response(200, data.encode("utf-8"), "application/json;charset=UTF-8")
        return answer

    def _article_handler(self, article: Article):
        return lambda request: article_response(self, article, request.links)


def _file_handler(path: str, kind: str):
    if kind == "image":
        body = assets.png(160, 90, (40, 90, 160))
        return lambda request: Response(200, body, assets.PNG)
    body = assets.pdf(path.rsplit("/", 1)[-1])
    return lambda request: Response(200, body, assets.PDF)


def add_assets(site: Site) -> None:
    """Stylesheet, script stubs and the images every template references."""
    site.file("/images/style.css", assets.STYLE, assets.CSS)
    site.file("/images/logo.png", assets.png(120, 40, (181, 18, 27)), assets.PNG)
    site.file("/images/gongan.png", assets.png(20, 20, (230, 200, 40)), assets.PNG)
    site.file("/module/jslib/jquery/jquery.js", assets.JQUERY_STUB, assets.JS)
    site.file("/module/jslib/jquery/jpage/jpage.js", assets.JPAGE_STUB, assets.JS)


def not_found_page(request: Request) -> str:
    """The hard 404 page (HTTP status 404)."""
    return document("404 Not Found", "", "<h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p>"
                    '<p><a href="/">返回首页</a></p>')
