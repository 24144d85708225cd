"""The tree a browser builds (HTML5 tree construction), whatever the markup's mistakes."""
from __future__ import annotations


import pytest

from crawlers.extract.dom import parse_html, visible_text
from crawlers.extract.footer import extract_identity
from crawlers.extract.links import extract_links

FOOTER = '<div class="footer">网站标识码：4300000001 湘ICP备12345678号</div>'


@pytest.mark.parametrize("head", [
    "<html><head><title>首页</title></head><body><div class=header>头部</div></html>",
    "<html><body><div class=header>头部</div></body></html>",
    "<div class=header>头部</div></html></html>",
    "<html><body><div class=header>头部</div></body></html><!-- 模板结束 --></body>",
])
def test_content_after_a_stray_closing_html_tag_is_kept(head):
    tree = parse_html(head + '<div class="main"><a href="/a.html">正文链接</a></div>' + FOOTER)
    assert "正文链接" in visible_text(tree.find("body"))
    assert extract_identity(tree).site_code == "4300000001"
    assert [link.url for link in extract_links(tree, "http://x.gov.cn/")] == ["http://x.gov.cn/a.html"]


@pytest.mark.parametrize("tag", ["font", "div", "span", "b", "table"])
def test_deep_unclosed_nesting_keeps_the_footer(tag):
    html = "<html><body>" + f"<{tag}>" * 300 + "<p>正文</p>" + FOOTER
    identity = extract_identity(parse_html(html))
    assert identity.site_code == "4300000001" and identity.icp == "湘ICP备12345678号"


def test_very_deep_nesting_is_read_without_recursion_errors():
    html = "<body>" + "<div>" * 5000 + "深处的文字" + "</div>" * 5000 + FOOTER
    tree = parse_html(html)
    assert "深处的文字" in visible_text(tree)
    assert extract_identity(tree).site_code == "4300000001"


def test_unclosed_tags_close_where_a_browser_closes_them():
    tree = parse_html("<ul><li><a href=/1.html>一<li><a href=/2.html>二</ul><p>段一<p>段二")
    items = tree.findall(".//li")
    assert [visible_text(li) for li in items] == ["一", "二"]
    assert [visible_text(p) for p in tree.findall(".//p")] == ["段一", "段二"]


def test_table_cells_and_misnested_formatting():
    tree = parse_html("<table><tr><td>索引号<td>A-1</table><b>粗<i>斜</b>体</i>")
    assert [visible_text(td) for td in tree.iter("td")] == ["索引号", "A-1"]
    assert "粗 斜 体" in visible_text(tree) or "粗斜体" in visible_text(tree).replace(" ", "")


@pytest.mark.parametrize("markup", [
    "", "   ", "<", "</html>", "\x00\x01\x0b", "&#xFFFF;&#0;&#xD800;", "<!-->", "<!---->--->",
    "<o:p>Word</o:p><v:shape id=1 @click=x :a=b \\=\"\">", "<?xml version='1.0'?><a>",
    "<html xmlns=http://www.w3.org/1999/xhtml xml:lang=zh><p xmlns:o=x>文</p>",
    b"\xef\xbb\xbf<p>BOM</p>", b"<meta charset=gbk><p>\xd6\xd0\xce\xc4</p>",
])
def test_odd_input_never_raises(markup):
    tree = parse_html(markup)
    assert tree.tag == "html" and tree.find("body") is not None
    visible_text(tree)


def test_bytes_are_decoded_by_their_declared_charset():
    assert "中文" in visible_text(parse_html(b"<meta charset=gbk><p>\xd6\xd0\xce\xc4</p>"))


def test_a_large_page_parses_whole():
    rows = "".join(f'<li><a href="/a{n}.html">第{n}条新闻标题</a><span>2026-11-{n % 28 + 1:02d}</span></li>'
                   for n in range(5000))
    tree = parse_html(f"<html><body><ul>{rows}</ul>{FOOTER}</body></html>")
    assert len(tree.findall(".//li")) == 5000


def test_nesting_past_the_browser_limit_is_flattened_not_dropped():
    from crawlers.extract.dom import MAX_DEPTH
    html = "<body>" + "".join(f'<div class="d"><a href="/a{n}.html">链接{n}</a>' for n in range(3000)) + FOOTER
    tree = parse_html(html)
    deepest = max(sum(1 for _ in el.iterancestors()) for el in tree.iter())
    assert deepest <= MAX_DEPTH
    links = extract_links(tree, "http://x.gov.cn/")
    assert len(links) == 3000 and links[-1].url == "http://x.gov.cn/a2999.html"
    assert "链接2999" in visible_text(tree)
    assert extract_identity(tree).site_code == "4300000001"


def test_a_deeply_nested_page_is_read_in_bounded_time():
    from crawlers.extract.page import read_page
    html = ("<body>" + '<div class="a"><a href="/x.html">链接</a>' * 20000 + FOOTER).encode()
    facts = read_page(html, "http://www.x.gov.cn/a/b.html")  # bounded by the suite's timeout
    assert facts["identity"]["site_code"] == "4300000001"
