from datetime import datetime

from crawlers.extract.article import column_name, extract_article, looks_like_article, page_title

URL = "http://www.x.gov.cn/zwgk/tzgg/202401/t20240102_3456789.html"


def test_meta_set_is_read_once_and_the_visible_date_wins():
    html = """<html><head><title>标题 - 某某市人民政府</title>
      <meta name="SiteName" content=""><meta name="SiteName" content="某某市人民政府">
      <meta name="ColumnName" content="通知公告"><meta name="ArticleTitle" content="关于某某的通知">
      <meta name="PubDate" content="2024-01-02 10:00"><meta name="ContentSource" content="市政府办公室">
      <meta content="2024-01-03 08:00" name="PubDate"></head>
      <body><h1>关于某某的通知（页面标题）</h1><span>发布时间：2024-01-05</span></body></html>"""
    facts = extract_article(html, URL)
    assert facts.title == "关于某某的通知"
    # The reader sees 发布时间：2024-01-05; the meta PubDate is kept as a conflict.
    assert facts.published == datetime(2024, 1, 5)
    assert facts.published_source == "visible"
    assert [(c.source, c.value) for c in facts.conflicts] == [
        ("meta", datetime(2024, 1, 2, 10, 0)), ("url", datetime(2024, 1, 2))]
    assert (facts.column_name, facts.source, facts.site_name) == ("通知公告", "市政府办公室", "某某市人民政府")
    assert facts.meta["ArticleTitle"] == "关于某某的通知"
    assert facts.meta["SiteName"] == "某某市人民政府"


def test_chinese_pubdate_and_gov_cn_firstpublishedtime():
    facts = extract_article('<meta name="PubDate" content="2020年08月02日">', URL)
    assert facts.published == datetime(2020, 8, 2) and facts.published_source == "meta"
    facts = extract_article('<meta name="firstpublishedtime" content="2007-08-20-23:59:59">', URL)
    assert facts.published == datetime(2007, 8, 20, 23, 59, 59)


def test_visible_label_with_an_italic_label_element():
    html = """<html><body><div class="info"><span alt="时间：2017-11-08 20:26"><i>时间：</i>2019-09-18 06:23</span>
      <span><i>来源：</i> 山西日报 </span><span>打印</span></div><div class="TRS_Editor">正文</div></body></html>"""
    facts = extract_article(html, "http://www.x.gov.cn/a.html")
    assert facts.published == datetime(2019, 9, 18, 6, 23)
    assert facts.published_source == "visible"
    assert facts.source == "山西日报"


def test_publish_label_is_preferred_over_a_plain_date_label():
    html = """<body><p>日期：2024-01-01</p><p>发布日期：2024-01-02</p><p>信息来源：市发改委 作者：张三</p></body>"""
    facts = extract_article(html, "http://www.x.gov.cn/a.html")
    assert facts.published == datetime(2024, 1, 2) and facts.source == "市发改委"


def test_date_in_the_disclosure_table_is_table_not_visible():
    html = """<body><table><tr><td>索引号：</td><td>A/2024-1</td><td>发文字号：</td><td>某发〔2024〕1号</td></tr>
      <tr><td>成文日期：</td><td>2024-01-01</td><td>发布日期：</td><td>2024-01-03</td></tr></table>
      <div id="UCAP-CONTENT">正文：会议于2024年1月5日召开。</div></body>"""
    facts = extract_article(html, "http://www.x.gov.cn/a.html")
    assert facts.published == datetime(2024, 1, 3) and facts.published_source == "table"


def test_url_date_is_the_last_resort_before_maketime():
    html = '<html><head><meta name="Maketime" content="2019-03-22 12:28:37"></head><body><p>正文</p></body></html>'
    facts = extract_article(html, "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html")
    assert facts.published == datetime(2016, 11, 22) and facts.published_source == "url"
    facts = extract_article(html, "http://fgw.zj.gov.cn/a.html")
    assert facts.published == datetime(2019, 3, 22, 12, 28, 37) and facts.published_source == "meta"
    assert extract_article("<p>正文</p>", "http://x.gov.cn/a.html").published is None


def test_title_fallbacks():
    assert extract_article("<h1>一级标题文字</h1><title>页面 - 站点</title>", URL).title == "一级标题文字"
    html = '<div class="detail-title"><h3></h3><h2>主标题文字</h2><h3>副标题文字比主标题长</h3></div>'
    assert extract_article(html, URL).title == "主标题文字"
    assert extract_article("<title>某某通知 - 某某市人民政府</title>", URL).title == "某某通知"


def test_column_from_hanweb_hidden_location():
    html = """<body><div id="hiddenLocation" style="display:none;"><span id="ss_webid">3185</span>
      <span id="col2_name">投资管理</span><span id="col2_url">/col/col1/index.html</span>
      <span id="col1_name">投资运行</span><span id="col1_url">/col/col2/index.html</span></div></body>"""
    assert extract_article(html, URL).column_name == "投资运行"
    assert column_name(html) == "投资运行"


def test_column_from_breadcrumb():
    plain_last = """<ul class="breadcrumb"><li><a href="/">首页</a></li><li>&gt; <a href="../">要闻</a></li>
      <li>&gt; 山西要闻 </li></ul><h2>一篇文章的标题</h2>"""
    assert extract_article(plain_last, URL).column_name == "山西要闻"
    generic_last = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tz/">通知公告</a> &gt; 正文</div>'
    assert extract_article(generic_last, URL).column_name == "通知公告"
    title_last = ('<div>您的位置：<a href="/">首页</a> &gt; <a href="/gz/">工作动态</a> &gt; 关于某某的通知</div>'
                  '<meta name="ArticleTitle" content="关于某某的通知">')
    assert extract_article(title_last, URL).column_name == "工作动态"
    assert extract_article("<p>没有位置</p>", URL).column_name is None


def test_column_name_of_a_list_page():
    assert column_name('<meta name="ColumnName" content="政策文件">') == "政策文件"
    crumb = '<div class="crumb"><a href="/">首页</a> &gt; <a href="/zw/">政务公开</a> &gt; 通知公告</div>'
    assert column_name(f"<title>通知公告 - 某市</title>{crumb}") == "通知公告"
    listed = """<div class="lm-title">工作动态</div><ul><li><a href="/a/1.html">一条动态的标题</a>
      <span>2026-11-01</span></li><li><a href="/a/2.html">二条动态的标题</a><span>2026-10-01</span></li></ul>"""
    assert column_name(listed) == "工作动态"


def test_looks_like_article():
    assert looks_like_article('<meta name="ArticleTitle" content="某通知">')
    assert looks_like_article('<meta name="PubDate" content="2024-01-02">')
    assert looks_like_article('<p>发布时间：2024-01-02</p><div class="TRS_Editor">正文</div>')
    assert looks_like_article('<p>发布日期：2024-01-02</p><table><tr><td id="UCAP-CONTENT">正文</td></tr></table>')
    assert not looks_like_article('<meta name="PubDate" content=""><meta name="ColumnName" content="通知">')
    assert not looks_like_article('<p>发布时间：2024-01-02</p><ul><li>一</li></ul>')
    assert not looks_like_article('<div id="zoom">正文但没有发布时间</div>')


def test_page_title():
    assert page_title("<title>\n 通知公告　- 某市\n</title>") == "通知公告 - 某市"
    assert page_title("<p>无标题</p>") is None
