"""松岭县人民政府: a small county site whose homepage went stale and whose footer is incomplete.

Its newest dated homepage item is 30 days old, and the footer has neither 网站标识码 nor the
我为政府网站找错 entrance.
"""
from __future__ import annotations

import random

from govpatrol.demosite.builders import generated_items, publish
from govpatrol.demosite.clock import ago, format_date, series
from govpatrol.demosite.markup import document, esc, footer, header, site_meta
from govpatrol.demosite.model import Column, Entry, Identity
from govpatrol.demosite.portal import Portal, not_found_page
from govpatrol.demosite.web import Links, Site

IDENTITY = Identity(
    name="松岭县人民政府",
    domain="www.songling.gov.cn",
    organizer="松岭县人民政府办公室",
    operator="松岭县融媒体中心",
    site_code=None,
    icp="浙ICP备23456789号-1",
    gongan="33990302000456",
    jiucuo=False,
)

COUNTY_ORGS = ("县发展改革局", "县教育局", "县民政局", "县财政局", "县农业农村局", "县卫生健康局", "县应急管理局")
NEWS_TITLES = ("{org}召开{topic}工作推进会", "{org}部署{topic}重点工作", "{org}开展{topic}专项检查",
               "县政府常务会议研究{topic}等工作", "我县召开{topic}工作现场会")
NOTICE_TITLES = ("关于做好{topic}工作的通知", "关于开展{topic}专项行动的通知", "{org}关于{topic}的通告")


def build_portal() -> Portal:
    rng = random.Random(20261021)
    portal = Portal("stale", IDENTITY)
    news = portal.add(Column("gzdt", "工作动态", "/gzdt/index.html", "news", pager=None))
    notices = portal.add(Column("tzgg", "通知公告", "/tzgg/index.html", "notice", pager=None, date_style="cn"))
    for article in publish(news, generated_items(rng, series(ago(30), 8, 12), NEWS_TITLES, 1_100_001,
                                                 COUNTY_ORGS), rng):
        portal.add_article(article)
    for article in publish(notices, generated_items(rng, series(ago(60), 5, 30), NOTICE_TITLES, 1_200_001,
                                                    COUNTY_ORGS), rng):
        portal.add_article(article)
    portal.nav = [(news.name, news.path), (notices.name, notices.path)]
    return portal


def homepage(portal: Portal, links: Links) -> str:
    news, notices = portal.column("gzdt"), portal.column("tzgg")

    def lines(entries: list[Entry], dated: bool) -> str:
        out = []
        for entry in entries:
            day = f"<span>{format_date(entry.date, 'iso')}</span>" if dated and entry.date else ""
            out.append(f'<li><a href="{esc(entry.href)}">{esc(entry.title)}</a>{day}</li>')
        return "\n".join(out)

    body = f"""{header(portal.identity, portal.nav)}
<div class="block"><h3>工作动态</h3><a class="more" href="{news.path}">更多</a><ul>{lines(news.entries[:5], True)}</ul></div>
<div class="block"><h3>通知公告</h3><a class="more" href="{notices.path}">更多</a><ul>{lines(notices.entries[:3], True)}</ul></div>
<div class="block"><h3>走进松岭</h3><ul>{lines(notices.entries[3:5], False)}
<li><a href="/about/lxwm.html">联系我们</a></li></ul></div>
<div class="friend-links"><h3>友情链接</h3><a href="{links.main}" target="_blank">云溪市人民政府</a></div>
{footer(portal.identity, links, "stale")}"""
    return document(portal.identity.name, site_meta(portal.identity, "首页"), body)


def build_site() -> Site:
    portal = build_portal()
    site = Site("stale", not_found_page)
    site.page("/", lambda links: homepage(portal, links))
    portal.build(site)
    return site
