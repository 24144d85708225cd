from datetime import date

import pytest

from crawlers.extract.dom import parse_html
from crawlers.extract.hanweb import parse_hanweb_records
from crawlers.extract.listing import (
    extract_dated_links, extract_list_items, list_heading, list_is_declared_empty,
)
from crawlers.extract.rows import ListEntry

AS_OF = date(2026, 11, 20)
BASE = "http://www.x.gov.cn/zwgk/tzgg/index.html"
NAV = """<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开栏目</a></li>
  <li><a href="/bsfw/">办事服务栏目</a></li><li><a href="/hdjl/">互动交流栏目</a></li></ul></div>"""
FOOTER = """<div class="footer"><p><a href="/about.html">关于我们网站</a></p><p><a href="/map.html">网站地图页面</a></p>
  <p><a href="/contact.html">联系我们页面</a></p><p>主办单位：某某市人民政府办公室</p></div>"""


def page(body: str) -> str:
    return f"<html><head><title>通知公告</title></head><body>{NAV}{body}{FOOTER}</body></html>"


def urls(entries):
    return [entry.url for entry in entries]


def test_trs_list_with_bracketed_dates_truncated_titles_and_relative_links():
    html = page("""<div class="side"><h3>热点</h3><ul><li><a href="/x/hot.html">侧栏热点文章标题</a><span>2026-11-19</span></li></ul></div>
      <div class="main"><ul class="list">
        <li><a href="./202401/t20240102_3456789.html" title="关于印发某某市全称标题的通知">关于印发某某市全称...</a><span>[2024-01-02]</span></li>
        <li><a href="./202312/t20231228_3456700.html">关于某某项目的公示</a><span>[2023-12-28]</span></li>
        <li><a href="./202312/t20231227_3456701.html">关于某某工作的公告</a><span>[2023-12-27]</span></li>
      </ul><div class="page"><a href="index_1.html">下一页</a></div></div>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert entries == [
        ListEntry("关于印发某某市全称标题的通知",
                  "http://www.x.gov.cn/zwgk/tzgg/202401/t20240102_3456789.html",
                  date(2024, 1, 2), "2024-01-02"),
        ListEntry("关于某某项目的公示", "http://www.x.gov.cn/zwgk/tzgg/202312/t20231228_3456700.html",
                  date(2023, 12, 28), "2023-12-28"),
        ListEntry("关于某某工作的公告", "http://www.x.gov.cn/zwgk/tzgg/202312/t20231227_3456701.html",
                  date(2023, 12, 27), "2023-12-27"),
    ]


def test_u_list_rows_ignore_the_related_interpretation_popup():
    html = page("""<ul class="u-list">
      <li><a href="./202604/t20260409_1404577.html" title="国家发展改革委关于印发某办法的通知">国家发展改革委关于印发某办法的通知</a>
        <div class="popbox"><h3 title="相关解读">相关解读</h3><ul>
          <li><a href="../../jd/jd/202604/t20260424_1404868.html">《某办法》解读</a><span>2026/04/24</span></li></ul></div>
        <span>2026/04/09</span></li>
      <li><a href="./202604/t20260401_1404500.html">国家发展改革委关于某事项的通知</a><span>2026/04/01</span></li>
      <li><a href="./202603/t20260320_1404400.html">国家发展改革委关于另事项的公告</a><span>2026/03/20</span></li>
    </ul>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.title, e.date) for e in entries] == [
        ("国家发展改革委关于印发某办法的通知", date(2026, 4, 9)),
        ("国家发展改革委关于某事项的通知", date(2026, 4, 1)),
        ("国家发展改革委关于另事项的公告", date(2026, 3, 20)),
    ]
    assert entries[0].url == "http://www.x.gov.cn/zwgk/tzgg/202604/t20260409_1404577.html"


def test_hidden_label_before_the_date_and_full_title_in_title_attribute():
    html = page("""<ul class="tslb">
      <li class="cf"><a class="fl" href="/zwgk/zcwj/art/2026/art_0123456789abcdef0123456789abcdef.html"
          title="工业和信息化部关于进一步加强某某工作的通知"><i></i>工业和信息化部关于进一步加强...</a>
        <span class="fr"><font style="display:none" class="jd">解读</font>2026-09-22</span></li>
      <li class="cf"><a class="fl" href="/zwgk/zcwj/art/2026/art_1123456789abcdef0123456789abcdef.html"
          title="工业和信息化部办公厅关于某事项的通知"><i></i>工业和信息化部办公厅关于某事项的通知</a>
        <span class="fr">2026-09-20</span></li>
    </ul>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.title, e.date, e.date_text) for e in entries] == [
        ("工业和信息化部关于进一步加强某某工作的通知", date(2026, 9, 22), "2026-09-22"),
        ("工业和信息化部办公厅关于某事项的通知", date(2026, 9, 20), "2026-09-20"),
    ]


def test_table_list_all():
    html = page("""<table class="listAll"><tr><th>主题</th><th>日期</th></tr>
      <tr><td><a href="/zh12345/1.html">关于某小区路灯的咨询</a></td><td>2019-05-06</td></tr>
      <tr><td><a href="/zh12345/2.html">关于公交线路调整的建议</a></td><td>2019-05-01</td></tr></table>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.url, e.date) for e in entries] == [
        ("http://www.x.gov.cn/zh12345/1.html", date(2019, 5, 6)),
        ("http://www.x.gov.cn/zh12345/2.html", date(2019, 5, 1)),
    ]


def test_xxgk_two_span_rows_and_chinese_dates():
    html = page("""<ul><li class="xxgk-comm-line clearfix"><span><a href="/xxgk/1.html">河北省科技厅通知一</a></span><span>2024-01-02</span></li>
      <li class="xxgk-comm-line clearfix"><span><a href="/xxgk/2.html">河北省科技厅通知二</a></span><span>2024年1月1日</span></li></ul>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.title, e.date, e.date_text) for e in entries] == [
        ("河北省科技厅通知一", date(2024, 1, 2), "2024-01-02"),
        ("河北省科技厅通知二", date(2024, 1, 1), "2024年1月1日"),
    ]


def test_date_inside_the_link_and_div_rows():
    html = page("""<div class="news"><div class="item"><a href="/content/post_1.html"><p>深圳市某通知标题</p><span>2026-01-22</span></a></div>
      <div class="item"><a href="/content/post_2.html"><p>深圳市另一通知</p><span>2026-01-20</span></a></div></div>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.title, e.date) for e in entries] == [
        ("深圳市某通知标题", date(2026, 1, 22)), ("深圳市另一通知", date(2026, 1, 20))]


def test_title_decorations_are_dropped():
    html = page("""<ul class="list"><li><a href="/a/1.html">· 关于某某工作的通知</a><span>2026-11-01</span></li>
      <li><a href="/a/2.html">●关于另一工作的通知</a><span>2026-10-01</span></li></ul>""")
    assert [e.title for e in extract_list_items(html, BASE, AS_OF)] == [
        "关于某某工作的通知", "关于另一工作的通知"]


def test_month_day_dates_take_the_year_from_the_url_or_from_as_of():
    html = page("""<ul class="list">
      <li><a href="./202312/t20231230_1.html">去年底的一条通知</a><span>12-30</span></li>
      <li><a href="/news/a.html">没有日期网址的一条</a><span>[12-29]</span></li></ul>""")
    entries = extract_list_items(html, BASE, date(2027, 1, 5))
    assert [e.date for e in entries] == [date(2023, 12, 30), date(2026, 12, 29)]


def test_undated_rows_are_kept_when_the_list_is_mostly_dated():
    html = page("""<ul class="list">
      <li><a href="/a/1.html">第一条有日期的通知</a><span>2026-11-01</span></li>
      <li><a href="/a/2.html">第二条没有日期的通知</a></li>
      <li><a href="/a/3.html">第三条有日期的通知</a><span>2026-10-01</span></li>
      <li class="more"><a href="/a/more.html">更多&gt;&gt;</a></li></ul>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert [(e.url, e.date) for e in entries] == [
        ("http://www.x.gov.cn/a/1.html", date(2026, 11, 1)),
        ("http://www.x.gov.cn/a/2.html", None),
        ("http://www.x.gov.cn/a/3.html", date(2026, 10, 1)),
    ]


def test_undated_rows_are_dropped_when_few_rows_have_dates():
    html = page("""<ul class="list">
      <li><a href="/a/1.html">第一条有日期的通知</a><span>2026-11-01</span></li>
      <li><a href="/a/2.html">第二条没有日期的通知</a></li>
      <li><a href="/a/3.html">第三条没有日期的通知</a></li>
      <li><a href="/a/4.html">第四条没有日期的通知</a></li></ul>""")
    assert urls(extract_list_items(html, BASE, AS_OF)) == ["http://www.x.gov.cn/a/1.html"]


def test_list_without_dates_is_found_outside_nav_and_footer():
    html = page("""<div class="main"><ul>
      <li><a href="/art/1.html">关于开展某项工作的通知</a></li>
      <li><a href="/art/2.html">关于开展另项工作的通知</a></li>
      <li><a href="/art/3.html">关于开展第三项工作的通知</a></li></ul></div>""")
    assert urls(extract_list_items(html, BASE, AS_OF)) == [
        "http://www.x.gov.cn/art/1.html", "http://www.x.gov.cn/art/2.html",
        "http://www.x.gov.cn/art/3.html"]
    assert all(entry.date is None for entry in extract_list_items(html, BASE, AS_OF))


def test_a_dated_sidebar_does_not_outweigh_a_large_undated_list():
    rows = "".join(f'<li><a href="/art/{n}.html">关于开展第{n}项工作的通知</a></li>' for n in range(8))
    html = page(f"""<div class="side"><ul><li><a href="/x/hot.html">侧栏热点文章</a><span>2026-11-19</span></li></ul></div>
      <div class="main"><ul>{rows}</ul></div>""")
    entries = extract_list_items(html, BASE, AS_OF)
    assert len(entries) == 8 and entries[0].url == "http://www.x.gov.cn/art/0.html"


def test_nav_only_page_has_no_list():
    html = page("<p>本栏目正在建设中</p>")
    assert extract_list_items(html, BASE, AS_OF) == []


def test_hanweb_island_records_are_the_list():
    html = page("""<div id="123456"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=314&unitid=424388&webname=某某&permissiontype=0"></a>]]></nextgroup>
      <recordset>
        <record><![CDATA[<li><a href="/art/2024/1/2/art_314_12345.html" title="关于某某的通知" target="_blank">关于某某的通知</a><span>2024-01-02</span></li>]]></record>
        <record><![CDATA[<li><a href="/art/2023/12/30/art_314_12300.html" title="关于另外事项的通知" target="_blank">关于另外事项的通知</a><span>2023-12-30</span></li>]]></record>
        <record><![CDATA[<li><a href="/art/2023/12/1/art_314_12200.html" title="第三条通知">第三条通知</a></li>]]></record>
      </recordset></datastore></script></div>
      <ul class="other"><li><a href="/x.html">岛外的一条链接</a><span>2026-01-01</span></li>
      <li><a href="/y.html">岛外的二条链接</a><span>2026-01-02</span></li>
      <li><a href="/z.html">岛外的三条链接</a><span>2026-01-03</span></li>
      <li><a href="/w.html">岛外的四条链接</a><span>2026-01-04</span></li></ul>""")
    entries = extract_list_items(html, "http://www.x.gov.cn/col/col314/index.html", AS_OF)
    assert [(e.title, e.url, e.date) for e in entries] == [
        ("关于某某的通知", "http://www.x.gov.cn/art/2024/1/2/art_314_12345.html", date(2024, 1, 2)),
        ("关于另外事项的通知", "http://www.x.gov.cn/art/2023/12/30/art_314_12300.html",
         date(2023, 12, 30)),
        ("第三条通知", "http://www.x.gov.cn/art/2023/12/1/art_314_12200.html", None),
    ]


def test_dataproxy_reply_records():
    reply = """<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>1928</totalrecord><totalpage>20</totalpage>
      <recordset><record><![CDATA[<li><a href="/art/2023/1/5/art_314_1.html">第四十六条</a><span>[01-05]</span></li>]]></record>
      <record><![CDATA[<tr><td><a href='/art/2023/1/4/art_314_2.html'>第四十七条</a></td><td>2023-01-04</td></tr>]]></record>
      <record>&lt;li&gt;&lt;a href="/art/2023/1/3/art_314_3.html"&gt;第四十八条&lt;/a&gt;&lt;span&gt;2023-01-03&lt;/span&gt;&lt;/li&gt;</record>
      </recordset></datastore>"""
    entries = parse_hanweb_records(reply, "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp", AS_OF)
    assert [(e.title, e.url, e.date) for e in entries] == [
        ("第四十六条", "http://www.x.gov.cn/art/2023/1/5/art_314_1.html", date(2023, 1, 5)),
        ("第四十七条", "http://www.x.gov.cn/art/2023/1/4/art_314_2.html", date(2023, 1, 4)),
        ("第四十八条", "http://www.x.gov.cn/art/2023/1/3/art_314_3.html", date(2023, 1, 3)),
    ]
    assert parse_hanweb_records("<datastore><recordset></recordset></datastore>", BASE, AS_OF) == []


def test_extract_dated_links_on_a_homepage():
    html = page("""
      <div class="yw"><ul><li><a href="/yw/1.html">要闻一</a><span>11-18</span></li>
        <li><a href="/yw/2.html" title="要闻二的完整标题">要闻二...</a><span>2026-11-17</span></li>
        <li><a href="/yw/more.html">更多</a></li></ul></div>
      <div class="tz"><div class="row"><div class="t"><a href="/tz/1.html">通知一</a></div><div class="d">2026-11-10</div></div></div>
      <table><tr><td><a href="/gs/1.html">公示一</a></td><td>2026年11月9日</td></tr></table>
      <p><a href="/undated.html">没有日期的链接</a></p>
      <div class="links"><a href="/a.html">甲</a><a href="/b.html">乙</a> 2026-11-01</div>
      <ul><li><a href="/yw/1.html">要闻一（重复）</a><span>2026-11-18</span></li></ul>""")
    entries = extract_dated_links(html, "http://www.x.gov.cn/", AS_OF)
    assert [(e.url, e.date) for e in entries] == [
        ("http://www.x.gov.cn/yw/1.html", date(2026, 11, 18)),
        ("http://www.x.gov.cn/yw/2.html", date(2026, 11, 17)),
        ("http://www.x.gov.cn/tz/1.html", date(2026, 11, 10)),
        ("http://www.x.gov.cn/gs/1.html", date(2026, 11, 9)),
    ]
    assert entries[1].title == "要闻二的完整标题"


def test_extract_dated_links_reads_hanweb_islands_in_place():
    html = page("""<ul><li><a href="/first.html">岛前的一条</a><span>2026-11-19</span></li></ul>
      <script type="text/xml"><datastore><recordset>
      <record><![CDATA[<li><a href="/art/2026/11/18/art_1_1.html">岛里的一条</a><span>2026-11-18</span></li>]]></record>
      </recordset></datastore></script>
      <ul><li><a href="/last.html">岛后的一条</a><span>2026-11-17</span></li></ul>""")
    entries = extract_dated_links(parse_html(html), "http://www.x.gov.cn/", AS_OF)
    assert urls(entries) == ["http://www.x.gov.cn/first.html",
                             "http://www.x.gov.cn/art/2026/11/18/art_1_1.html",
                             "http://www.x.gov.cn/last.html"]


def test_declared_empty_lists():
    assert list_is_declared_empty(page('<div class="list"><p>暂无信息</p></div>'))
    assert list_is_declared_empty(page("<div class='main'>暂无数据</div>"))
    assert list_is_declared_empty(page("<table><tr><td>没有记录</td></tr></table>"))
    assert list_is_declared_empty(page('<div class="main"><ul class="news-list"></ul></div>'))
    island = '<script type="text/xml"><datastore><recordset></recordset></datastore></script>'
    assert list_is_declared_empty(page(island))


def test_lists_that_are_not_declared_empty():
    filled = page("""<ul class="list"><li><a href="/a/1.html">一条通知的标题</a><span>2026-11-01</span></li></ul>
      <div class="side">暂无数据</div>""")
    assert not list_is_declared_empty(filled)
    scripted = page('<ul class="news-list"></ul><script>$.getJSON("/api/list.json", render)</script>')
    assert not list_is_declared_empty(scripted)
    assert not list_is_declared_empty(page("<p>本页介绍本机构的职能。</p>"))


def test_list_heading():
    html = page("""<div class="box"><div class="box-title"><span>通知公告</span><a href="/more.html">更多&gt;&gt;</a></div>
      <div class="bd"><ul><li><a href="/a/1.html">一条通知的标题</a><span>2026-11-01</span></li>
      <li><a href="/a/2.html">二条通知的标题</a><span>2026-10-01</span></li></ul></div></div>""")
    assert list_heading(html) == "通知公告"
    assert list_heading(page("<h2>工作动态</h2><ul><li><a href='/a.html'>一条动态的标题</a> 2026-11-01</li></ul>")) == "工作动态"
    assert list_heading(page("<p>无列表</p>")) is None


def _block(n: int, wrapper: str) -> str:
    rows = "".join(f"<li><a href='./2025{n:02d}/t2025{n:02d}0{i}_{n}{i}.htm'>第{n}页第{i}条工作情况通报</a>"
                   f"<span>2025-{n:02d}-0{i + 1}</span></li>" for i in range(3))
    return wrapper.format(n=n, rows=rows)


@pytest.mark.parametrize("wrapper", [
    "<div ms-visible='$showStatic({n})'><ul>{rows}</ul></div>",  # avalon blocks
    "<div class='pagebox' style='{style}'><ul class='l'>{rows}</ul></div>",  # hidden pages
])
def test_every_page_of_a_client_side_pager_in_the_markup_is_read(wrapper):
    blocks = "".join(_block(n, wrapper.replace("{style}", "" if n == 1 else "display:none"))
                     for n in range(1, 6))
    html = page(f"<div class='list_base'><div ms-visible='showStatic'>{blocks}</div></div>")
    entries = extract_list_items(parse_html(html), "http://www.x.gov.cn/gzjz/", AS_OF)
    assert len(entries) == 15
    assert [e.date.month for e in entries] == [m for m in range(1, 6) for _ in range(3)]


def test_side_boxes_with_headings_are_not_pages_of_the_main_list():
    box = ("<div class='box'><h3>{title}</h3><ul>" + "".join(
        f"<li><a href='/a/{{k}}{i}.html'>{{title}}第{i}条信息标题</a><span>2026-11-0{i + 1}</span></li>"
        for i in range(4)) + "</ul></div>")
    html = page(box.format(title="通知公告", k="t") + box.format(title="工作动态", k="g"))
    entries = extract_list_items(parse_html(html), "http://www.x.gov.cn/", AS_OF)
    assert len(entries) == 4


def test_a_box_of_hot_items_beside_the_list_is_not_the_list():
    hot = "".join(f"<li><a href='/h/{i}.html'>热点新闻第{i}条的标题</a><span>2026-11-1{i}</span></li>" for i in range(6))
    own = "".join(f"<li><a href='/gz/{i}.html'>工作动态第{i}条的标题</a><span>2026-10-0{i + 1}</span></li>"
                  for i in range(4))
    html = page(f"<div class='main'><ul>{own}</ul></div><div class='hot-list'><ul>{hot}</ul></div>")
    entries = extract_list_items(parse_html(html), "http://www.x.gov.cn/gz/", AS_OF)
    assert [e.url for e in entries] == [f"http://www.x.gov.cn/gz/{i}.html" for i in range(4)]
