"""A generated portal of any size, with the main site's shapes, for crawl benchmarks.

Columns cycle through TRS (countPage and createPageHTML paging) and Hanweb (data island and
dataproxy.jsp); every column is healthy, so the benchmark measures crawling, not findings.
"""
from __future__ import annotations

import random

from govpatrol.demosite.builders import generated_items, publish
from govpatrol.demosite.clock import ago, format_date, series
from govpatrol.demosite.content import DEPARTMENTS, NEWS_TITLES
from govpatrol.demosite.main_site import IDENTITY
from govpatrol.demosite.markup import document, esc, footer, header, site_meta
from govpatrol.demosite.model import Column
from govpatrol.demosite.portal import Portal, not_found_page
from govpatrol.demosite.web import Links, Site

ARTICLES_PER_COLUMN = 120
KINDS = ("工作动态", "通知公告", "政策文件", "规划计划", "统计信息")
CATEGORIES = {"工作动态": "news", "通知公告": "notice", "政策文件": "policy", "规划计划": "planning",
              "统计信息": "other"}


def _column(n: int) -> Column:
    department = DEPARTMENTS[n % len(DEPARTMENTS)].removeprefix("市")
    kind = KINDS[(n // len(DEPARTMENTS)) % len(KINDS)]
    name = f"{department}{kind}" if n < len(DEPARTMENTS) * len(KINDS) else f"{department}{kind}（{n}）"
    shape = n % 3
    if shape == 2:
        return Column(f"c{n}", name, f"/col/col{2000 + n}/index.html", CATEGORIES[kind], cms="hanweb",
                      per_page=15, column_id=2000 + n, unit_id=9000 + n)
    pager, extension = ("countpage", "html") if shape == 0 else ("createpage", "shtml")
    return Column(f"c{n}", name, f"/bm/lm{n:03d}/index.{extension}", CATEGORIES[kind], pager=pager,
                  per_page=20, date_style=("iso", "slash", "cn")[n % 3])


def build_large_portal(pages: int) -> Portal:
    rng = random.Random(pages)
    per_column = ARTICLES_PER_COLUMN + ARTICLES_PER_COLUMN // 15 + 1  # articles + list pages
    portal = Portal("main", IDENTITY)
    for n in range(max(1, pages // per_column)):
        column = portal.add(_column(n))
        days = [ago(1), ago(2), ago(3), *series(ago(5), ARTICLES_PER_COLUMN - 3, 3)]
        for article in publish(column, generated_items(rng, days, NEWS_TITLES, 3_000_000 + n * 1000), rng):
            portal.add_article(article)
    portal.nav = [(column.name, column.path) for column in portal.columns]
    return portal


def homepage(portal: Portal, links: Links) -> str:
    blocks = []
    for column in portal.columns[:6]:
        lines = "".join(f'<li><a href="{esc(entry.href)}">{esc(entry.title)}</a>'
                        f"<span>{format_date(entry.date, 'iso')}</span></li>" for entry in column.entries[:6])
        blocks.append(f'<div class="block"><h3>{esc(column.name)}</h3><a class="more" href="{column.path}">更多</a>'
                      f"<ul>{lines}</ul></div>")
    body = f"{header(portal.identity, portal.nav)}\n{''.join(blocks)}\n{footer(portal.identity, links, 'main')}"
    return document(portal.identity.name, site_meta(portal.identity, "首页"), body)


def build_large_site(pages: int) -> Site:
    """A main site of about ``pages`` pages (homepage, list pages and articles)."""
    portal = build_large_portal(pages)
    site = Site("main", not_found_page)
    site.page("/", lambda links: homepage(portal, links))
    portal.build(site)
    return site
