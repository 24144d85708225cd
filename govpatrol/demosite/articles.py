"""Article page templates: TRS (TRS_Editor, createPageHTML), Hanweb (#hiddenLocation, #zoom), GBK."""
from __future__ import annotations

from typing import TYPE_CHECKING

from govpatrol.demosite.hanweb import hidden_location
from govpatrol.demosite.listing import href_from
from govpatrol.demosite.markup import article_meta, breadcrumb, document, esc, footer, header
from govpatrol.demosite.model import Article, Disclosure, Link
from govpatrol.demosite.web import Links, Response, html_response

if TYPE_CHECKING:
    from govpatrol.demosite.portal import Portal


def cn_date(day) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def disclosure_html(doc: Disclosure, title: str) -> str:
    if doc.style == "paragraphs":  # 邯郸-style floated label/value paragraphs
        return (
            '<div class="xxgk-info">'
            f"<p><strong>索引号</strong>：{esc(doc.index_no)}</p>"
            f"<p><strong>主题分类</strong>：{esc(doc.topic)}</p>"
            f"<p><strong>发布机构</strong>：{esc(doc.organ)}</p>"
            f"<p><strong>成文日期</strong>：{doc.written.isoformat()}</p>"
            f"<p><strong>文号</strong>：{esc(doc.doc_no)}</p>"
            f"<p><strong>发布日期</strong>：{doc.published.isoformat()}</p></div>"
        )
    return (
        '<table class="bd1" width="100%"><tbody>\n'
        f'<tr><td><b>索 引 号：</b></td><td>{esc(doc.index_no)}</td>'
        f'<td><b>主题分类：</b></td><td class="zcwj_ztfl">{esc(doc.topic)}</td></tr>\n'
        f"<tr><td><b>发文机关：</b></td><td>{esc(doc.organ)}</td>"
        f"<td><b>成文日期：</b></td><td>{cn_date(doc.written)}</td></tr>\n"
        f'<tr><td><b>标　　题：</b></td><td colspan="3">{esc(title)}</td></tr>\n'
        f"<tr><td><b>发文字号：</b></td><td>{esc(doc.doc_no)}</td>"
        f"<td><b>发布日期：</b></td><td>{cn_date(doc.published)}</td></tr>\n"
        "</tbody></table>"
    )


def _links_block(css: str, heading: str, items: list[Link], page_dir: str, links: Links, here: str) -> str:
    if not items:
        return ""
    lines = "".join(f'<li><a href="{esc(href_from(page_dir, links.resolve(item.href, here)))}" '
                    f'target="_blank">{esc(item.text)}</a></li>' for item in items)
    return f'<div class="{css}"><h4>{esc(heading)}</h4><ul>{lines}</ul></div>'


RELATED_CSS = {"相关解读": "xgjd", "相关文件": "xgwj"}


def _tail(article: Article, page_dir: str, links: Links, here: str) -> str:
    """Attachments, 相关解读/相关文件 and 相关链接 blocks under the body."""
    parts = []
    if article.attachments:
        files = "".join(f'<p><a href="{esc(href_from(page_dir, links.resolve(item.href, here)))}">'
                        f"{esc(item.text)}</a></p>" for item in article.attachments)
        parts.append(f'<div class="fj"><span>附件：</span>{files}</div>')
    for heading, items in article.related:
        parts.append(_links_block(RELATED_CSS.get(heading, "xg"), heading, items, page_dir, links, here))
    parts.append(_links_block("xglj", "相关链接", article.see_also, page_dir, links, here))
    return "\n".join(part for part in parts if part)


def _body(article: Article, page_dir: str, links: Links, here: str) -> str:
    text = "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    images = "\n".join(f'<p style="text-align:center"><img src="{esc(href_from(page_dir, links.resolve(src, here)))}"'
                       f' alt="{esc(article.title)}"></p>' for src in article.images)
    return f"{text}\n{images}" if images else text


TOOLS = ('<span>字号：[ <a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
         '<a href="javascript:doZoom(14)">小</a> ]</span>　<a href="javascript:window.print()">打印</a>')


def trs_article(portal: Portal, article: Article, links: Links) -> str:
    page_dir = article.path.rsplit("/", 1)[0] + "/"
    stem, extension = article.path.rsplit("/", 1)[1].rsplit(".", 1)
    disclosure = disclosure_html(article.disclosure, article.title) if article.disclosure else ""
    body = f"""{header(portal.identity, portal.nav)}
{breadcrumb([*portal.trail_to(article.column_path), ("正文", None)])}
<div class="article">
{disclosure}
<h1 class="article-title">{esc(article.title)}</h1>
<div class="article-info"><span>发布时间：{article.published:%Y-%m-%d %H:%M}</span>　<span>来源：{esc(article.source)}</span>　
{TOOLS}</div>
<div class="TRS_Editor">
{_body(article, page_dir, links, portal.key)}
</div>
<div class="page"><script>createPageHTML(1, 0, "{stem}", "{extension}");</script></div>
{_tail(article, page_dir, links, portal.key)}
</div>
{footer(portal.identity, links, portal.key)}"""
    return document(f"{article.title}_{portal.identity.name}", article_meta(portal.identity, article), body)


def hanweb_article(portal: Portal, article: Article, links: Links) -> str:
    page_dir = article.path.rsplit("/", 1)[0] + "/"
    source = f"<!--<$[信息来源]>begin-->{esc(article.source)}<!--<$[信息来源]>end-->"
    meta = article_meta(portal.identity, article) + (
        f'\n<meta name="Maketime" content="{article.published:%Y-%m-%d %H:%M:%S}">'
        f'\n<meta name="contentSource" content="{esc(article.source)}">')
    body = f"""{header(portal.identity, portal.nav)}
{hidden_location(portal.hanweb_trail(article.column_path))}
{breadcrumb(portal.trail_to(article.column_path))}
<table class="main-article" width="100%">
<tr><td class="title">{esc(article.title)}</td></tr>
<tr><td class="info"><span>发布日期：{article.published:%Y-%m-%d}</span>　<span>信息来源：{source}</span></td></tr>
<tr><td id="zoom">
{_body(article, page_dir, links, portal.key)}
</td></tr></table>
{_tail(article, page_dir, links, portal.key)}
<!-- Produced By 大汉网络 大汉版通发布系统 -->
{footer(portal.identity, links, portal.key)}"""
    return document(f"{article.title} - {portal.identity.name}", meta, body)


def gbk_article(portal: Portal, article: Article, links: Links) -> str:
    page_dir = article.path.rsplit("/", 1)[0] + "/"
    body = f"""{header(portal.identity, portal.gbk_nav)}
{breadcrumb(portal.trail_to(article.column_path))}
<div class="zw">
<h2>{esc(article.title)}</h2>
<p class="info">发布时间：{cn_date(article.published)}　来源：{esc(article.source)}</p>
{_body(article, page_dir, links, portal.key)}
</div>
{footer(portal.identity, links, portal.key)}"""
    return document(f"{article.title}", article_meta(portal.identity, article), body,
                    charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=gbk">')


TEMPLATES = {"trs": trs_article, "hanweb": hanweb_article, "gbk": gbk_article}


def article_response(portal: Portal, article: Article, links: Links) -> Response:
    text = TEMPLATES[article.template](portal, article, links)
    if article.encoding == "gbk":
        return html_response(text, encoding="gbk")
    if article.encoding == "gbk-labelled-utf-8":
        # The server's header says UTF-8, the bytes and the meta say GBK.
        return html_response(text, encoding="gbk", charset_label="utf-8")
    return html_response(text)
