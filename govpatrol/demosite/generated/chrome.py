"""Markup shared by every CMS family, shaped by the seed's template: head meta, header and
navigation, breadcrumb, footer, list rows and article pages."""
from __future__ import annotations

from datetime import date, timedelta
from html import escape
from urllib.parse import quote

from govpatrol.demosite.generated.content import Identity, Item
from govpatrol.demosite.generated.site import PORT_MARK
from govpatrol.demosite.generated.template import Template, format_date

BEIAN_MIIT = "beian.miit.gov.cn"
BEIAN_POLICE = "www.beian.gov.cn"
JIUCUO_HOST = "zfwzgl.www.gov.cn"
CONAC_HOST = "dcs.conac.cn"
CONAC_SHOW = "bszs.conac.cn"


def esc(text: str) -> str:
    return escape(str(text), quote=True)


def absolute(host: str, path: str) -> str:
    """A link to another served host (the port is filled in when served)."""
    return f"http://{host}{PORT_MARK}{path}"


def document(title: str, head: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            '<link rel="stylesheet" href="/static/css/style.css">\n'
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def page_title(tpl: Template, title: str, site: Identity) -> str:
    return f"{title}{tpl.title_separator}{site.name}"


def site_meta(site: Identity, column: str | None = None) -> str:
    lines = [f'<meta name="SiteName" content="{esc(site.name)}">',
             f'<meta name="SiteDomain" content="{esc(site.domain)}">',
             f'<meta name="SiteIDCode" content="{esc(site.site_code)}">']
    if column:
        lines.append(f'<meta name="ColumnName" content="{esc(column)}">')
    return "\n".join(lines)


def header(tpl: Template, site: Identity, nav: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for name, href in nav)
    return (f'<div class="header" id="{tpl.id_prefix}-top"><div class="logo"><a href="/">'
            f'<img src="/static/images/logo.png" alt="{esc(site.name)}"></a></div>\n'
            '<div class="search"><form action="/search.html" method="get"><input type="text" name="q">'
            "<button>搜索</button></form></div>\n"
            f'<ul class="nav"><li><a href="/">首页</a></li>{items}</ul></div>')


def breadcrumb(steps: list[tuple[str, str | None]]) -> str:
    parts = ['<a href="/">首页</a>']
    for name, href in steps:
        parts.append(f'<a href="{esc(href)}">{esc(name)}</a>' if href else f"<span>{esc(name)}</span>")
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>'


def footer(tpl: Template, site: Identity, missing: str | None) -> str:
    """The footer; ``missing`` names the one identity element left out (or None)."""
    home = absolute(site.domain, "/")
    lines = ['<div class="footer">',
             '<p><a href="/about/lxwm.html">联系我们</a> | <a href="/about/wzdt.html">网站地图</a> | '
             '<a href="/about/wzsm.html">网站声明</a></p>']
    if missing != "organizer":
        lines.append(f"<p>{tpl.organizer_label}{esc(site.organizer)}　承办单位：{esc(site.operator)}</p>")
    else:
        lines.append(f"<p>承办单位：{esc(site.operator)}</p>")
    record = []
    if missing != "site_code":
        record.append(tpl.site_code_style.format(c=site.site_code))
    if missing != "icp":
        record.append(f'<a href="{absolute(BEIAN_MIIT, "/")}" target="_blank">{esc(site.icp)}</a>')
    if missing != "police_record":
        police = tpl.police_style.format(n=site.police)
        if police.startswith("公网") or police.startswith("公安网"):
            police = site.province + police
        record.append('<img src="/static/images/gongan.png" alt="">'
                      f'<a href="{absolute(BEIAN_POLICE, "/portal/registerSystemInfo?recordcode=" + site.police)}"'
                      f' target="_blank">{esc(police)}</a>')
    lines.append(f"<p>{'　'.join(record)}</p>")
    lines.append(f'<p><span id="_ideConac"><a href="{absolute(CONAC_SHOW, "/sitename?method=show&amp;id=" + site.site_code)}">'
                 f'<img src="/static/images/red.png" alt="党政机关"></a></span></p>')
    if missing != "jiucuo":
        widget = (f'<script id="_jiucuo_" sitecode="{site.site_code}" '
                  f'src="{absolute(JIUCUO_HOST, "/exposure/jiucuo.js")}"></script>')
        link = (f'<a href="{absolute(JIUCUO_HOST, "/exposure/jiucuo.html")}?site_code={site.site_code}'
                f'&amp;url={quote(home, safe="")}" target="_blank">我为政府网站找错</a>')
        entrance = {"widget": widget, "link": link, "both": widget + link}[tpl.jiucuo]
        lines.append(f"<p>{entrance}</p>")
    lines.append("</div>")
    return "\n".join(lines)


def wrap(tpl: Template, inner: str, key: str) -> str:
    """The list inside the template's nesting of wrapper divs."""
    for depth in range(tpl.nesting, 0, -1):
        name = tpl.box_class if depth == 1 else f"{tpl.box_class}-{depth}"
        ident = f' id="{tpl.id_prefix}{key}"' if depth == tpl.nesting else ""
        inner = f'<div class="{name}"{ident}>\n{inner}\n</div>'
    return inner


def list_rows(tpl: Template, rows: list[tuple[str, str, date | None]]) -> str:
    """(title, href, date) rows in the template's list shape; an empty list gives an empty shape."""
    def link(title: str, href: str) -> str:
        shown = title[:tpl.truncate - 3] + "..." if tpl.truncate and len(title) > tpl.truncate else title
        return f'<a href="{esc(href)}" title="{esc(title)}" target="_blank">{esc(shown)}</a>'

    def day(value: date | None) -> str:
        return format_date(value, tpl.date_style) if value else ""

    if tpl.list_shape == "table":
        body = "".join(f"<tr><td>{link(t, h)}</td><td>{day(d)}</td></tr>" for t, h, d in rows)
        return f'<table class="{tpl.list_class}" width="100%">{body}</table>'
    if tpl.list_shape == "rows":
        body = "".join(f'<div class="row"><span>{link(t, h)}</span><span class="date">{day(d)}</span></div>'
                       for t, h, d in rows)
        return f'<div class="{tpl.list_class}">{body}</div>'
    if tpl.list_shape == "dl":
        body = "".join(f"<dd>{link(t, h)}<em>{day(d)}</em></dd>" for t, h, d in rows)
        return f'<dl class="{tpl.list_class}">{body}</dl>'
    body = "".join(f'<li>{link(t, h)}<span class="date">{day(d)}</span></li>' for t, h, d in rows)
    return f'<ul class="{tpl.list_class}">{body}</ul>'


def shown_date(tpl: Template, day: date) -> str:
    """The publication date line of an article page, in the template's wording."""
    label = tpl.article_date_label
    if label == "bracket":
        return f"[{day.isoformat()}]"
    if label == "unlabelled_cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if label == "unlabelled_iso":
        return f"{day.isoformat()} 09:30"
    return f"{label}{day.isoformat()} 09:30"


def article_page(tpl: Template, site: Identity, nav: list[tuple[str, str]], item: Item, column_name: str,
                 column_path: str, body_html: str, related_html: str, footer_html: str,
                 disclosure: str = "") -> str:
    meta = [site_meta(site, column_name), f'<meta name="ArticleTitle" content="{esc(item.title)}">']
    if tpl.meta_pubdate == "same":
        meta.append(f'<meta name="PubDate" content="{item.day.isoformat()} 09:30">')
    elif tpl.meta_pubdate == "migration":  # the CMS regenerated every page on one later day
        meta.append(f'<meta name="PubDate" content="{(item.day + timedelta(days=9)).isoformat()} 02:11:40">')
    tag = tpl.title_tag
    heading = (f'<div class="article-title">{esc(item.title)}</div>' if tag == "div"
               else f"<{tag} class=\"title\">{esc(item.title)}</{tag}>")
    info = (f'<div class="info"><span>{shown_date(tpl, item.day)}</span> '
            f"<span>{tpl.source_label}{esc(site.organizer)}</span> <span>字号：大 中 小</span></div>")
    stray = "\n</body></html>\n" if tpl.stray_end else ""  # a header include that closes the page
    body = (f"{header(tpl, site, nav)}{stray}\n{breadcrumb([(column_name, column_path), ('正文', None)])}\n"
            f'<div class="{tpl.box_class} article">\n{disclosure}\n{heading}\n{info}\n'
            f'<div class="TRS_Editor" id="zoom">{body_html}</div>\n{related_html}\n</div>\n{footer_html}')
    return document(page_title(tpl, item.title, site), "\n".join(meta), body)


def disclosure_table(site: Identity, item: Item) -> str:
    """The 信息公开 header of a policy document (索引号, 发布机构, 发文字号 …)."""
    def cell(label: str, value: str) -> str:
        return f"<td><b>{label}</b></td><td>{esc(value)}</td>"
    return ('<table class="xxgk-table">'
            f"<tr>{cell('索 引 号：', f'{site.site_code[:6]}/{item.day.year}-{item.id:05d}')}"
            f"{cell('发布机构：', site.organizer)}</tr>"
            f"<tr>{cell('发文字号：', item.doc_no or '无')}{cell('成文日期：', item.day.isoformat())}</tr>"
            f"<tr>{cell('标　　题：', item.title)}{cell('发布日期：', item.day.isoformat())}</tr></table>")
