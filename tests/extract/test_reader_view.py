"""Dates, titles and footer identity as a reader sees them, over many shapes of page."""
from __future__ import annotations

from datetime import datetime

import pytest

from crawlers.extract.article import extract_article, title_without_site
from crawlers.extract.footer import extract_identity

URL = "http://www.x.gov.cn/zwgk/a.html"


def article(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<div class='TRS_Editor'>正文</div></body></html>"


# ---- visible date against meta and URL ---------------------------------------------------------

@pytest.mark.parametrize("label", ["发布日期：", "发布时间：", "时间：", "日期：", "发布日期:", "发布时间 ："])
def test_the_visible_label_wins_over_a_meta_pubdate(label):
    html = article(f"<h1>关于某事的通知</h1><p>{label}2017-05-15 10:49</p>",
                   '<meta name="PubDate" content="2022-04-24 10:00:43">')
    facts = extract_article(html, URL)
    assert facts.published == datetime(2017, 5, 15, 10, 49)
    assert facts.published_source == "visible"
    assert [(c.source, c.value) for c in facts.conflicts] == [("meta", datetime(2022, 4, 24, 10, 0, 43))]


def test_the_meta_lends_its_time_when_it_names_the_same_day():
    html = article("<h1>关于某事的通知</h1><p>发布日期：2016-11-22</p>",
                   '<meta name="PubDate" content="2016-11-22 09:53">')
    facts = extract_article(html, URL)
    assert facts.published == datetime(2016, 11, 22, 9, 53) and facts.conflicts == ()


@pytest.mark.parametrize("byline", [
    "2024-03-05", "2024-03-05 16:20", "2024年3月5日", "2024/03/05 来源：市政府办公室",
    "<span>2024-03-05</span><span>浏览次数：12</span>",
])
def test_an_unlabelled_date_beside_the_title(byline):
    html = article(f'<div class="header">今天是2026年11月30日</div><div class="art"><h2>市政府召开常务会议</h2>'
                   f'<div class="sub">{byline}</div></div>',
                   '<title>市政府召开常务会议_云溪市人民政府</title><meta name="PubDate" content="2020-01-01">')
    facts = extract_article(html, "http://www.x.gov.cn/a.html")
    assert facts.published.date() == datetime(2024, 3, 5).date()
    assert facts.published_source == "visible"
    assert ("meta", datetime(2020, 1, 1)) in [(c.source, c.value) for c in facts.conflicts]


def test_dates_of_related_items_far_from_the_title_are_not_the_publication_date():
    html = article('<h1>统计公报</h1><div class="content"><p>' + "正文很长。" * 40 + "</p></div>"
                   '<ul><li><a href="/b.html">相关稿件</a><span>2023-07-12</span></li></ul>',
                   '<meta name="PubDate" content="2023-08-16 10:33:59">')
    facts = extract_article(html, URL)
    assert facts.published == datetime(2023, 8, 16, 10, 33, 59) and facts.published_source == "meta"


def test_the_disclosure_box_date_counts_as_visible():
    html = article("<h1>统计公报</h1><table><tr><td>索 引 号：</td><td>0147/2023-1</td>"
                   "<td>生成日期：</td><td>2023-05-11</td></tr><tr><td>责任部门：</td>"
                   "<td>统计局</td></tr></table>", '<meta name="PubDate" content="2023-08-16 10:33:59">')
    facts = extract_article(html, "http://www.x.gov.cn/tjsj/202305/abc.shtml")
    assert facts.published == datetime(2023, 5, 11) and facts.published_source == "table"
    assert [c.source for c in facts.conflicts] == ["meta"]


def test_meta_and_url_only_when_the_page_shows_no_date():
    html = article("<h1>关于某事的通知</h1>", '<meta name="PubDate" content="2024-01-02 08:00">')
    assert extract_article(html, URL).published_source == "meta"
    bare = article("<h1>关于某事的通知</h1>")
    facts = extract_article(bare, "http://www.x.gov.cn/art/2016/11/22/art_1_2.html")
    assert facts.published == datetime(2016, 11, 22) and facts.published_source == "url"


# ---- titles --------------------------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "关于某事的通知 - 云溪市人民政府", "关于某事的通知-云溪市人民政府", "关于某事的通知--云溪市人民政府",
    "关于某事的通知_云溪市人民政府", "关于某事的通知 _ 云溪市人民政府", "关于某事的通知|云溪市人民政府",
    "关于某事的通知 | 云溪市人民政府", "关于某事的通知 — 中国云溪", "云溪市人民政府 | 关于某事的通知",
    "关于某事的通知_通知公告_云溪市人民政府门户网站", "\n\t关于某事的通知 |\n\t云溪市人民政府\n",
])
def test_site_suffixes_are_stripped_from_the_title(title):
    assert title_without_site(f"<title>{title}</title>") == "关于某事的通知"


def test_dashes_inside_a_title_stay():
    assert title_without_site("<title>1-10月德清县固定资产投资结构趋稳趋优</title>") == \
        "1-10月德清县固定资产投资结构趋稳趋优"
    assert title_without_site("<title>2024-2025学年招生计划-教育局</title>") == "2024-2025学年招生计划"


@pytest.mark.parametrize("tag", ["h1", "h2", "h3", "h4", "h5", "h6"])
def test_the_heading_the_title_names_at_any_level(tag):
    html = (f"<title>关于开展安全检查的通知_云溪市应急管理局</title><body><h1>云溪市应急管理局</h1>"
            f"<h2>通知公告</h2><{tag}>关于开展安全检查的通知</{tag}><p>正文</p></body>")
    assert extract_article(html, URL).title == "关于开展安全检查的通知"


def test_the_heading_wins_when_the_meta_title_adds_a_document_number():
    html = ('<meta name="ArticleTitle" content="行政处罚信息公开表(金罚决字〔2024〕36号)">'
            '<div class="wenzhang-title">行政处罚信息公开表</div>')
    assert extract_article(html, URL).title == "行政处罚信息公开表"
    html = ('<meta name="ArticleTitle" content="行政处罚信息公开表（浙金罚决字〔2024〕52号）">'
            '<div class="wenzhang-title">行政处罚信息公开表<br>（浙金罚决字〔2024〕52号）</div>')
    assert extract_article(html, URL).title == "行政处罚信息公开表（浙金罚决字〔2024〕52号）"


# ---- footer identity -------------------------------------------------------------------------

@pytest.mark.parametrize("text, field, value", [
    ("主办方：云溪市人民政府办公室 承办：信息中心", "organizer", "云溪市人民政府办公室"),
    ("主办单位:河北省财政厅 | Email:x@y.cn", "organizer", "河北省财政厅"),
    ("网站主办：云溪市人民政府", "organizer", "云溪市人民政府"),
    ("公安备案号：35012899001-19002 闽ICP备09032658号", "police_record", "公安备案号：35012899001-19002"),
    ("湘公安网备号 43010202000123", "police_record", "湘公安网备号 43010202000123"),
    ("湘公安网备43010202000123号", "police_record", "湘公安网备43010202000123号"),
    ("冀公网安备 13010402001602 网站标识码: 1300000065", "police_record", "冀公网安备 13010402001602"),
    ("京公网安备11010202000001号", "police_record", "京公网安备11010202000001号"),
    ("网站标识码bm01000001 京ICP备05070218号", "site_code", "bm01000001"),
    ("网站标识码: 1300000065", "site_code", "1300000065"),
    ("政府网站标识码：3609000002", "site_code", "3609000002"),
])
def test_footer_variants(text, field, value):
    identity = extract_identity(f"<body><p>正文</p><div class='footer'>{text}</div></body>")
    assert getattr(identity, field) == value


def test_the_standard_jiucuo_widget_counts_as_the_entrance():
    html = ("<body><div class='footer'><script id='_jiucuo_' sitecode='3609000002' "
            "src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script></div></body>")
    identity = extract_identity(html)
    assert identity.jiucuo and identity.jiucuo_url == "https://zfwzgl.www.gov.cn/exposure/jiucuo.js"
    assert not extract_identity("<body><span id='_span_jiucuo'></span></body>").jiucuo


def test_a_widget_after_the_closing_html_tag_still_counts():
    html = ("<html><body><p>正文</p></body></html><div class='footer'>网站标识码：3609000002"
            "<script id='_jiucuo_' sitecode='3609000002' src='/exposure/jiucuo.js'></script></div>")
    identity = extract_identity(html)
    assert identity.jiucuo and identity.site_code == "3609000002"
