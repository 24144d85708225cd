"""云江省人民政府 and the outside services the other sites link to (备案, 找错, 党政机关标识).

It stands for "the rest of the internet", so that no page of the simulated sites links off
the local machine. One old section is gone (404) and its service hall refuses HEAD (405).
"""
from __future__ import annotations

from govpatrol.demosite import assets, traps
from govpatrol.demosite.main_site import IDENTITY as MAIN_IDENTITY
from govpatrol.demosite.main_site import PROVINCIAL_DOCS
from govpatrol.demosite.markup import document, esc
from govpatrol.demosite.portal import add_assets, not_found_page
from govpatrol.demosite.stale_site import IDENTITY as STALE_IDENTITY
from govpatrol.demosite.web import Site

NAME = "云江省人民政府"


def _page(title: str, paragraphs: list[str]) -> str:
    text = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    meta = (f'<meta name="SiteName" content="{NAME}">\n<meta name="SiteDomain" content="www.yunjiang.gov.cn">\n'
            '<meta name="SiteIDCode" content="3300000001">')
    return document(title, meta, f'<div class="header"><a href="/">{NAME}</a></div>\n<h1>{esc(title)}</h1>\n{text}')


def homepage() -> str:
    docs = "".join(f'<li><a href="{href.split(":", 1)[1]}">{esc(title)}</a><span>{day.isoformat()}</span></li>'
                   for day, href, title in PROVINCIAL_DOCS)
    return _page(NAME, [f"<ul>{docs}</ul>", '<a href="/zwfw/index.html">云江政务服务网</a>'])


def build_site() -> Site:
    site = Site("external", not_found_page)
    site.page("/", lambda links: homepage())
    site.add("/zwfw/index.html", traps.head_not_allowed(
        _page("云江政务服务网", ["个人办事　法人办事　部门服务　阳光政务", '<a href="/">返回云江省人民政府</a>'])))
    for day, href, title in PROVINCIAL_DOCS:
        site.page(href.split(":", 1)[1], lambda links, title=title, day=day: _page(
            title, [f"发布日期：{day.isoformat()}", "各市、县（市、区）人民政府，省政府直属各单位：",
                    "现将有关事项通知如下，请认真贯彻执行。"]))
    site.page("/icp/index.html", lambda links: _page("ICP/IP地址/域名信息备案管理系统", ["备案信息查询"]))
    site.page("/gaba/index.html", lambda links: _page("全国互联网安全管理服务平台", ["公安机关备案信息查询"]))
    site.page("/exposure/jiucuo.html", lambda links: _page("我为政府网站找错", ["请描述您发现的网站问题。"]))
    site.file("/exposure/jiucuo.js", assets.JIUCUO_JS, assets.JS)
    for identity in (MAIN_IDENTITY, STALE_IDENTITY):
        site.file(f"/conac/CA{identity.gongan}.js", b"/* conac badge */\n", assets.JS)
    add_assets(site)
    return site
