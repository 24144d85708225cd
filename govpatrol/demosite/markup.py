"""Page pieces every template shares: head meta block, header navigation, breadcrumb, footer."""
from __future__ import annotations

from html import escape
from urllib.parse import quote

from govpatrol.demosite.model import Article, Identity
from govpatrol.demosite.web import Links


def esc(text: str) -> str:
    return escape(text, quote=True)


def site_meta(identity: Identity, column: str | None) -> str:
    """The 国办发〔2017〕47号 meta block; ``column`` None leaves ColumnName out."""
    lines = [
        f'<meta name="SiteName" content="{esc(identity.name)}">',
        f'<meta name="SiteDomain" content="{esc(identity.domain)}">',
        f'<meta name="SiteIDCode" content="{esc(identity.site_code or "")}">',
    ]
    if column is not None:
        lines += [
            f'<meta name="ColumnName" content="{esc(column)}">',
            f'<meta name="ColumnDescription" content="{esc(identity.name)}{esc(column)}">',
            f'<meta name="ColumnKeywords" content="{esc(column)}">',
            '<meta name="ColumnType" content="">',
        ]
    return "\n".join(lines)


def article_meta(identity: Identity, article: Article) -> str:
    """Article meta; PubDate comes in the shapes real TRS and Hanweb templates print."""
    when = article.published
    pubdate = {
        "iso": f"{when:%Y-%m-%d %H:%M}",
        "seconds": f"{when:%Y-%m-%d %H:%M:%S}",
        "cn": f"{when.year}年{when.month:02d}月{when.day:02d}日",
        "duplicated": f"{when:%Y-%m-%d %H:%M}",
        "none": None,
    }[article.pubdate_meta]
    block = [site_meta(identity, article.column_name or None),
             f'<meta name="ArticleTitle" content="{esc(article.title)}">']
    if pubdate is not None:
        block.append(f'<meta name="PubDate" content="{pubdate}">')
    block += [f'<meta name="ContentSource" content="{esc(article.source)}">',
              '<meta name="Keywords" content="">', '<meta name="Author" content="">',
              f'<meta name="Description" content="{esc(article.title)}">',
              f'<meta name="Url" content="{esc(article.path)}">']
    text = "\n".join(block)
    if article.pubdate_meta == "duplicated":
        # Some TRS templates include the meta block twice ("不同栏目调用不同说明").
        text = text + "\n<!-- 栏目说明 -->\n" + text
    return text


def document(title: str, head: str, body: str, *, charset_meta: str = '<meta charset="utf-8">') -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
        f"{charset_meta}\n"
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        f"<title>{esc(title)}</title>\n{head}\n"
        '<link rel="stylesheet" href="/images/style.css">\n'
        '<script src="/module/jslib/jquery/jquery.js"></script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def header(identity: Identity, nav: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for name, href in nav)
    return (
        '<div class="header"><div class="logo">'
        f'<a href="/"><img src="/images/logo.png" alt="{esc(identity.name)}"></a></div>\n'
        '<div class="search"><form action="/search/index.jsp" method="get">'
        '<input type="text" name="searchWord" placeholder="请输入关键字"><button>搜索</button></form></div>\n'
        f'<ul class="nav"><li><a href="/">首页</a></li>{items}</ul></div>'
    )


def breadcrumb(steps: list[tuple[str, str | None]]) -> str:
    """当前位置：首页 > … ; a step without href is plain text (the page itself)."""
    parts = ['<a href="/">首页</a>']
    for name, href in steps:
        parts.append(f'<a href="{esc(href)}">{esc(name)}</a>' if href else f"<span>{esc(name)}</span>")
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>'


def footer(identity: Identity, links: Links, here: str) -> str:
    """Footer with the identity elements inspectors look for; missing ones are left out."""
    own_url = getattr(links, here)
    external = links.resolve("external:/", here).rstrip("/")
    code_part = f"网站标识码：{identity.site_code}　" if identity.site_code else ""
    lines = [
        '<div class="footer">',
        '<p><a href="/about/lxwm.html">联系我们</a> | <a href="/about/wzdt.html">网站地图</a> | '
        '<a href="/about/wzsm.html">网站声明</a></p>',
        f"<p>主办单位：{esc(identity.organizer)}　承办单位：{esc(identity.operator)}</p>",
        f'<p>{code_part}<a href="{external}/icp/index.html" target="_blank">{esc(identity.icp)}</a>　'
        f'<img src="/images/gongan.png" alt="">'
        f'<a href="{external}/gaba/index.html?recordcode={identity.gongan}" target="_blank">'
        f"{esc(identity.icp[0])}公网安备 {identity.gongan}号</a></p>",
        f'<p><span id="_ideConac"></span><script src="{external}/conac/CA{identity.gongan}.js"></script></p>',
    ]
    if identity.jiucuo and identity.site_code:
        lines += [
            f'<p><script id="_jiucuo_" sitecode="{identity.site_code}" src="{external}/exposure/jiucuo.js"></script>',
            f'<a href="{external}/exposure/jiucuo.html?site_code={identity.site_code}&amp;url={quote(own_url, safe="")}"'
            ' target="_blank">我为政府网站找错</a></p>',
        ]
    lines.append("</div>")
    return "\n".join(lines)


def column_document(identity: Identity, nav: list[tuple[str, str]], name: str, listing: str,
                    links: Links, here: str, trail: list[tuple[str, str | None]] = ()) -> str:
    """A list page outside the CMS columns (mailboxes): ColumnName meta, breadcrumb, one box."""
    body = (f"{header(identity, nav)}\n{breadcrumb([*trail, (name, None)])}\n"
            f'<div class="column-box"><h2 class="lm-title">{esc(name)}</h2>\n{listing}\n</div>\n'
            f"{footer(identity, links, here)}")
    return document(f"{name}_{identity.name}", site_meta(identity, name), body)


def detail_document(identity: Identity, nav: list[tuple[str, str]], title: str, content: str,
                    links: Links, here: str, trail: list[tuple[str, str | None]] = ()) -> str:
    """A record's own page (a letter and its reply): no column or article meta."""
    body = (f"{header(identity, nav)}\n{breadcrumb([*trail, ('正文', None)])}\n{content}\n"
            f"{footer(identity, links, here)}")
    return document(f"{title}_{identity.name}", site_meta(identity, None), body)
