"""Hypothesis strategies for government-page markup, bytes and registry documents.

The markup is tag soup built from what government pages are made of — list tables and
``<ul>`` lists with dates in every form sites write them, TRS/Hanweb script pagers and data
islands, footers with 网站标识码 and 备案号, 信息公开 tables, 留言 tables — mixed with
unclosed tags, stray attributes and noise, then encoded in a charset that may not be the one
the page declares.
"""
from __future__ import annotations

from hypothesis import strategies as st

# ---- text pieces -------------------------------------------------------------------------

_CJK = st.sampled_from(list("县政府信息公开通知关于年度工作报告办公室人民网站留言回复已办结"
                            "市区镇街道乡村民生教育卫生财政预算决算政策解读首页下一页尾页"))
WORDS = st.sampled_from([
    "首页", "下一页", "上一页", "尾页", "末页", "共5页", "第1页", "更多>>", "通知公告",
    "政务公开", "政府信息公开", "信息公开指南", "政策解读", "领导之窗", "县长信箱", "留言选登",
    "网站标识码", "ICP备", "京ICP备12345678号", "京公网安备 11010502030143号", "主办单位：",
    "承办：", "我为政府网站找错", "政府网站找错", "党政机关", "索引号", "发文字号", "发布日期",
    "成文日期", "发布机构", "主题分类", "生效日期", "编号", "标题", "办结状态", "已回复",
    "未回复", "处理中", "暂无信息", "没有记录", "访问量", "来源：", "作者：", "信息来源",
    "[", "]", "【", "】", "（", "）", "|", "»", "·", "&nbsp;", "&amp;", "&#x0;", "&#12345;",
    "\u3000", "\x00", "\ufeff", "\u200b", "\ud7ff", "<", ">", "\"", "'", "=",
])
NUMBER = st.integers(min_value=-5, max_value=99999999999).map(str)
FULL_WIDTH_DIGITS = str.maketrans("0123456789-/.:", "０１２３４５６７８９－／．：")


@st.composite
def chinese_dates(draw) -> str:
    """A date as sites write it, valid or not: with and without year, time, full width."""
    y = draw(st.sampled_from([1899, 1900, 1999, 2019, 2024, 2026, 2027, 2099, 9999, 0]))
    m = draw(st.integers(min_value=0, max_value=13))
    d = draw(st.integers(min_value=0, max_value=32))
    h = draw(st.integers(min_value=0, max_value=25))
    mi = draw(st.integers(min_value=0, max_value=61))
    form = draw(st.sampled_from([
        f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}", f"{y}年{m}月{d}日",
        f"{y} 年 {m} 月 {d} 号", f"{y:04d}{m:02d}{d:02d}", f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
        f"{y}-{m:02d}-{d:02d}-{h:02d}:{mi:02d}:{mi:02d}", f"[{m:02d}-{d:02d}]", f"{m}-{d}",
        f"{m}月{d}日", f"{y}年{m}月{d}日 {h}时{mi:02d}分", f"({y}-{m}-{d})",
        f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:00",
    ]))
    if draw(st.booleans()) and draw(st.booleans()):
        form = form.translate(FULL_WIDTH_DIGITS)
    return form


TEXT = st.one_of(
    st.text(_CJK, min_size=1, max_size=12), WORDS, chinese_dates(), NUMBER,
    st.text(max_size=8),  # any code points, surrogates excluded by Hypothesis
)

# ---- URLs --------------------------------------------------------------------------------

HREFS = st.one_of(st.sampled_from([
    "/", "#", "javascript:void(0)", "javascript:;", "./index_1.html", "index_2.html",
    "../art/2026/11/18/art_1_2.html", "/col/col123/index.html", "/module/web/jpage/dataproxy.jsp",
    "http://www.example.gov.cn/", "https://bszs.conac.cn/sitename?method=show&id=1",
    "http://[::1", "http://a..b/", "htp://[/]", "mailto:x@y.cn", "data:text/html,x",
    "http://[fe80::1]/", "http://169.254.169.254/latest/meta-data/", "//evil/", "http:///x",
    "http://%zz/", "http://例子.政府/", "http://a:99999/", "file:///etc/passwd", "\x00", "",
    "/t/20261118_123.html", "/c/2026-11-18/x.shtml", "?page=3", "list_5.htm",
    "/jact/front/mailpubdetail.do?transactId=1", "http://xn--/", "http://a b/",
    "http://" + "x" * 300 + ".cn/",
]), st.text(max_size=20))

# ---- markup ------------------------------------------------------------------------------

_TAGS = ["div", "span", "p", "a", "li", "ul", "ol", "table", "tr", "td", "th", "tbody",
         "font", "b", "h1", "h2", "h3", "em", "center", "form", "select", "option", "iframe",
         "noscript", "template", "svg", "math", "frameset", "dl", "dt", "dd", "label", "input",
         "textarea", "title", "meta", "base", "img", "br", "script", "style", "xmp", "plaintext",
         "x-y", "o:p", "1bad", "a\x00b"]
_ATTRS = ["class", "id", "href", "src", "style", "name", "content", "charset", "type", "alt",
          "title", "value", "http-equiv", "onclick", "target", "hidden", "bad attr", "x:y"]
_CLASS_VALUES = ["footer", "foot", "bottom", "copyright", "list", "news_list", "pages",
                 "page", "pagination", "xxgk", "table", "con", "article", "content",
                 "display:none", "hidden", "main", "nav", "crumb", "location", "position"]
_META_NAMES = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType",
               "ArticleTitle", "PubDate", "ContentSource", "Keywords", "description",
               "Url", "firstpublishedtime", "lastmodifiedtime"]


@st.composite
def attribute(draw) -> str:
    name = draw(st.sampled_from(_ATTRS))
    value = draw(st.one_of(st.sampled_from(_CLASS_VALUES), HREFS, TEXT))
    quote = draw(st.sampled_from(['"', "'", ""]))
    return f" {name}={quote}{value}{quote}"


SCRIPTS = st.one_of(
    st.builds(lambda n, c, ext: f'createPageHTML({n}, {c}, "{ext[0]}", "{ext[1]}");',
              NUMBER, NUMBER, st.tuples(st.sampled_from(["index", "list", "", "a'b"]),
                                        st.sampled_from(["html", "shtml", "", "jsp"]))),
    st.builds(lambda n: f"var countPage = {n}; var currentPage = 0;", NUMBER),
    st.builds(lambda a, b: f"var m_nRecordCount = {a}; var m_nPageSize = {b};", NUMBER, NUMBER),
    st.builds(lambda c, t: (
        "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1"
        f"&webid=1&path=/&columnid={c}&unitid=2&webname=x&permissiontype=0\"></a>]]></nextgroup>"
        f"<totalrecord>{t}</totalrecord>"), NUMBER, NUMBER),
    st.builds(lambda rows: "var dataStore = [" + ",".join(rows) + "];",
              st.lists(st.builds(lambda t, d: f"\"<tr><td>{t}</td><td>{d}</td></tr>\"",
                                 TEXT, chinese_dates()), max_size=4)),
    st.builds(lambda s: f"dataStore = ['{s}", TEXT),
    st.builds(lambda s: f"$.ajax({{url: '/api/list?{s}'}}); document.write('<a href=x>{s}</a>')",
              TEXT),
    TEXT,
)

_ISLAND = st.builds(
    lambda recs, total: ('<script type="text/xml"><datastore><recordset>'
                         + "".join(f"<record><![CDATA[{r}]]></record>" for r in recs)
                         + f"</recordset><totalrecord>{total}</totalrecord></datastore></script>"),
    st.lists(st.builds(lambda t, h, d: f'<li><a href="{h}">{t}</a><span>{d}</span></li>',
                       TEXT, HREFS, chinese_dates()), max_size=4),
    NUMBER)


def _list_row(tag: str, cell: str):
    return st.builds(
        lambda title, href, day, extra: (
            f'<{tag}><{cell}><a href="{href}" title="{title}">{title}</a></{cell}>'
            f'<{cell}>{day}</{cell}>{extra}</{tag}>'),
        TEXT, HREFS, chinese_dates(), st.sampled_from(["", "<span>已办结</span>", "<td>"]))


LIST_BLOCKS = st.one_of(
    st.builds(lambda rows: '<ul class="list">' + "".join(rows) + "</ul>",
              st.lists(_list_row("li", "span"), max_size=8)),
    st.builds(lambda rows: "<table><tbody>" + "".join(rows) + "</tbody></table>",
              st.lists(_list_row("tr", "td"), max_size=8)),
    st.builds(lambda head, rows: f"<table><tr>{head}</tr>" + "".join(rows) + "</table>",
              st.sampled_from(["<th>编号</th><th>标题</th><th>办结状态</th><th>日期</th>",
                               "<td>标题</td><td>留言时间</td><td>回复时间</td>", "<th></th>"]),
              st.lists(_list_row("tr", "td"), max_size=6)),
)

FOOTERS = st.builds(
    lambda code, icp, org, href: (
        f'<div class="footer"><p>主办单位：{org} 网站标识码：{code} {icp}</p>'
        f'<a href="{href}"><img src="/jiucuo.png" alt="政府网站找错"></a>'
        f'<span id="_ideConac"><img src="https://dcs.conac.cn/image/red.png"></span></div>'),
    st.one_of(NUMBER, st.text(max_size=12)), WORDS, TEXT, HREFS)

DISCLOSURE = st.builds(
    lambda pairs: '<table class="xxgk">' + "".join(
        f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in pairs) + "</table>",
    st.lists(st.tuples(st.sampled_from(["索引号：", "发文字号：", "发布日期：", "成文日期：",
                                        "发布机构：", "主题分类：", "生成日期", "发文日期"]),
                       st.one_of(chinese_dates(), TEXT)), max_size=8))

METAS = st.builds(lambda name, content: f'<meta name="{name}" content="{content}">',
                  st.sampled_from(_META_NAMES), st.one_of(chinese_dates(), TEXT, HREFS))

PAGERS = st.one_of(
    st.builds(lambda links: '<div class="pages">' + "".join(
        f'<a href="{h}">{t}</a>' for h, t in links) + "</div>",
        st.lists(st.tuples(HREFS, st.sampled_from(["1", "2", "3", "下一页", "尾页", ">", "末页",
                                                    "上一页", "首页", "..."])), max_size=8)),
    st.builds(lambda s: f'<div id="pager" data="{s}"></div><script>var pageData="{s}";</script>',
              st.sampled_from(["PGEgaHJlZj0iaW5kZXhfMi5odG1sIj4yPC9hPg==", "!!", ""])),
)


@st.composite
def tag_soup(draw, depth: int = 0) -> str:
    """Nested random elements whose closing tags may be missing, misplaced or extra."""
    parts: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4 if depth < 2 else 1))):
        choice = draw(st.integers(min_value=0, max_value=9))
        if choice <= 3 or depth >= 3:
            parts.append(draw(TEXT))
        elif choice == 4:
            parts.append(draw(st.one_of(LIST_BLOCKS, FOOTERS, DISCLOSURE, PAGERS, METAS)))
        elif choice == 5:
            script = draw(st.one_of(SCRIPTS, _ISLAND))
            parts.append(script if script.startswith("<script") else f"<script>{script}</script>")
        else:
            tag = draw(st.sampled_from(_TAGS))
            attrs = "".join(draw(st.lists(attribute(), max_size=3)))
            inner = draw(tag_soup(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</div></td></tr>"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(parts)


@st.composite
def government_pages(draw) -> str:
    head = "".join(draw(st.lists(METAS, max_size=5)))
    title = draw(st.one_of(TEXT, st.builds(lambda a, b: f"{a}_{b}", TEXT, TEXT)))
    charset = draw(st.sampled_from(["", '<meta charset="utf-8">', '<meta charset="gbk">',
                                    '<meta http-equiv="Content-Type" content="text/html; '
                                    'charset=gb2312">', '<meta charset="bogus-7">',
                                    '<meta charset="utf-16">', '<meta charset="">',
                                    '<meta charset="base64">', '<meta charset="undefined">',
                                    '<meta charset="idna">']))
    body = draw(tag_soup())
    blocks = "".join(draw(st.lists(st.one_of(LIST_BLOCKS, FOOTERS, DISCLOSURE, PAGERS, _ISLAND),
                                   max_size=3)))
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", "<?xml version='1.0'?>",
                                    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">"]))
    order = draw(st.booleans())
    inner = body + blocks if order else blocks + body
    return f"{doctype}<html><head>{charset}<title>{title}</title>{head}</head><body>{inner}"


ENCODINGS = st.sampled_from(["utf-8", "gbk", "gb18030", "gb2312", "big5", "utf-16",
                             "utf-16-le", "latin-1", "cp1252", "shift_jis"])
DECLARED = st.one_of(st.none(), ENCODINGS, st.sampled_from(["", "bogus", "utf8", "x-gbk",
                                                             "UTF-8;q=1", "gbk\x00", "...",
                                                             "base64", "idna", "undefined",
                                                             "punycode", "unicode_escape",
                                                             "utf-7", "zlib"]))


@st.composite
def page_bytes(draw) -> bytes:
    """A page encoded in some charset (characters it cannot hold replaced), sometimes with
    a byte-order mark, random bytes or a cut in the middle of a multibyte character."""
    text = draw(government_pages())
    encoding = draw(ENCODINGS)
    body = text.encode(encoding, errors=draw(st.sampled_from(["replace", "ignore",
                                                              "xmlcharrefreplace"])))
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
    noise = draw(st.binary(max_size=16))
    cut = draw(st.integers(min_value=0, max_value=len(body)))
    return prefix + (body if draw(st.booleans()) else body[:cut] + noise + body[cut:])


PAGE_URLS = st.sampled_from([
    "http://www.yx.gov.cn/", "http://www.yx.gov.cn/index.html",
    "http://www.yx.gov.cn/col/col123/index.html", "http://www.yx.gov.cn/art/2026/11/18/art_1_2.html",
    "http://www.yx.gov.cn/xxgk/list_2.shtml", "https://mp.weixin.qq.com/s/abc",
    "http://www.yx.gov.cn/jact/front/mailpublist.do", "http://127.0.0.1:8080/a/b/c?x=1",
    "file:///tmp/page.html", "http://[::1]:8080/",
])
