"""read_page on tag soup: random mixes of the markup real government pages are made of
(seeded, so a failure repeats) never raise and always give the whole schema."""
from __future__ import annotations

import random
from datetime import date

import pytest

from crawlers.extract.page import SCHEMA, read_page

PIECES = [
    "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<title>", "</title>",
    "<div class='footer'>", "<div class=\"list\">", "</div>", "<ul>", "</ul>", "<li>", "</li>",
    "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<font>", "<b>", "</i>",
    "<a href='/a/t20261118_1.html'>", "<a href='javascript:void(0)'>", "<a href='http://[::1'>",
    "<a href='http://a..b/'>", "</a>", "<h1>", "</h1>", "<h5>", "<p>", "<br>",
    "<script>var countPage = 3; createPageHTML(3,0,\"index\",\"html\");</script>",
    "<script id='_jiucuo_' sitecode='4300000001' src='/jiucuo.js'></script>", "<script>",
    "<meta name='PubDate' content='2026-11-18 09:30'>", "<meta name='ArticleTitle' content='标题'>",
    "<meta charset='gbk'>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
    "发布日期：2026-11-18", "时间：", "2026年11月18日", "[11-18]", "11-18", "9999-12-31",
    "网站标识码：4300000001", "网站标识码bm01000001", "湘ICP备12345678号", "冀公网安备 13010402001602",
    "公安备案号：35012899001-19002", "主办方：云溪市人民政府", "索引号：", "成文日期：", "文号：",
    "&nbsp;", "&#xFFFF;", "&#0;", "\x00", "\x0b", "\ufeff", "\u3000", "中文", "<o:p>", "<v:shape @click=x>",
    "<ul><li><a href='/n1.html'>新闻一</a><span>2026-11-17</span></li>",
    "<div ms-visible='$showStatic(1)'>", "<div class='ng-hide'>", "<span style='display:none'>",
]


@pytest.mark.parametrize("seed", range(150))
def test_tag_soup_never_raises(seed):
    rng = random.Random(seed)
    markup = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 300)))
    body = markup.encode("utf-8") if seed % 3 else markup.encode("gb18030", errors="replace")
    url = rng.choice(["http://www.x.gov.cn/", "http://www.x.gov.cn/a/b/index.html",
                      "http://www.x.gov.cn/col/col1/index.html", "file:///tmp/a.html",
                      "https://mp.weixin.qq.com/s?__biz=MzA"])
    facts = read_page(body, url, as_of=rng.choice([date(2026, 11, 30), date(1, 1, 1), date.max]))
    assert facts["schema"] == SCHEMA
    assert {"url", "encoding", "kind", "title", "published", "published_from", "column", "items",
            "paging", "identity", "disclosure", "messages", "needs_browser", "links"} <= facts.keys()
    assert facts["kind"] in ("article", "column", "mailbox", "homepage", "other")
