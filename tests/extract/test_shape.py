"""Column discovery by page shape: list pages are columns; detail pages, forms, contact and guide
pages and landing pages are not, whatever their class names."""
from __future__ import annotations

from datetime import date

import pytest

from crawlers.extract.shape import EMPTY, LIST, SCRIPTED, page_shape

AS_OF = date(2026, 11, 20)
URL = "http://www.yx.gov.cn/xxgk/tzgg/index.html"


def page(body: str, head: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><title>云溪县人民政府</title>{head}</head><body>"
            f"<div class='top-nav'><a href='/'>首页</a><a href='/xxgk/'>信息公开</a></div>{body}"
            "<div class='footer'>主办单位：云溪县人民政府办公室</div></body></html>")


def shape(body: str, head: str = "", **kw):
    return page_shape(page(body, head), URL, AS_OF, **kw)


def rows(n: int, tag: str = "li", date_first: bool = False) -> str:
    out = []
    for i in range(n):
        day = f"2026-11-{18 - i:02d}"
        link = f"<a href='./202611/t202611{18 - i:02d}_{1000 + i}.html'>关于做好第{i + 1}批项目申报工作的通知</a>"
        out.append(f"<{tag}><span>{day}</span>{link}</{tag}>" if date_first
                   else f"<{tag}>{link}<span>{day}</span></{tag}>")
    return "".join(out)


# ---- list pages -------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    f"<div class='main'><h2>通知公告</h2><ul class='list'>{rows(6)}</ul></div>",
    f"<section id='c1'><div class='lb'>{rows(5, 'div', date_first=True)}</div></section>",
    f"<table class='tb'><tr><th>标题</th><th>日期</th></tr>"
    + "".join(f"<tr><td><a href='/a/{i}.html'>第{i}号通知的标题文字</a></td><td>2026-10-{10 + i}</td></tr>"
              for i in range(4)) + "</table>",
    f"<div class='x'><dl>{rows(3, 'dd')}</dl></div>",
])
def test_list_pages_of_many_shapes_are_columns(body):
    found = shape(body)
    assert found.kind == LIST and found.is_column
    assert len(found.entries) >= 3


@pytest.mark.parametrize("body,why", [
    ("<div class='content'><h3>在线访谈</h3><ul class='list'></ul><p>暂无信息</p></div>", "暂无信息"),
    ("<div class='m'><div class='tit'>统计数据</div><div class='bd'>暂无数据</div></div>", "暂无数据"),
    ("<div class='main'><ul class='news-list'></ul></div>", "列表区为空"),
    ("<table class='t'><tr><th>标题</th><th>发布日期</th></tr></table>", "表头"),
    ('<div><script type="text/xml"><datastore><recordset></recordset></datastore></script></div>', "数据岛"),
])
def test_empty_list_areas_are_blank_candidates(body, why):
    found = shape(body)
    assert found.kind == EMPTY, found
    assert why in found.reason


# ---- not columns ---------------------------------------------------------------------------

GUIDE = ("<div class='zn'><h1>居民身份证办理指南</h1>" + "<p>" + "申请人须携带户口簿到户籍所在地派出所办理，" * 12 +
         "</p><h3>办理材料</h3><p>" + "户口簿原件、近期照片，未满十六周岁的由监护人代为申请。" * 6 + "</p></div>")
CONTACT = ("<div class='lxwm'><h2>联系我们</h2><p>地址：云溪县人民路1号</p><p>邮编：999001</p>"
           "<p>电话：0999-1234567</p><p>传真：0999-1234568</p><p>邮箱：yx@yx.gov.cn</p></div>")
LETTER_FORM = """<div class='xx'><h2>我要写信</h2><form action='/jact/front/mailsubmit.do' method='post'>
  <p>姓名：<input type='text' name='name'></p><p>电话：<input type='text' name='tel'></p>
  <p>标题：<input type='text' name='title'></p><p>内容：<textarea name='content'></textarea></p>
  <p><input type='submit' value='提交'></p></form><p>暂无数据</p></div>"""
DIV_FORM = """<div id='consult'><h2>网上咨询</h2><div class='row'>主题 <input id='t' type='text'></div>
  <div class='row'>联系电话 <input id='p' type='tel'></div><div class='row'>咨询内容 <textarea id='c'></textarea></div>
  <a href='javascript:submit()'>提交</a></div>"""
LETTER_DETAIL = """<div class='detail'><h1>关于小区路灯不亮的问题</h1><table>
  <tr><td>来信人：</td><td>张先生</td><td>来信时间：</td><td>2026-10-08</td></tr>
  <tr><td>来信内容：</td><td colspan='3'>我们小区的路灯已经坏了一个月。</td></tr>
  <tr><td>回复单位：</td><td>县住建局</td><td>回复时间：</td><td>2026-10-20</td></tr>
  <tr><td>回复内容：</td><td colspan='3'>已安排维修。</td></tr></table>
  <ul class='other'><li><a href='/a/1.html'>其他信件一号标题</a> 2026-10-01</li></ul></div>"""
LANDING = """<div class='zwgk'><h2>政务公开</h2><ul class='sub'>
  <li><a href='/xxgk/tzgg/index.html'>通知公告</a></li><li><a href='/xxgk/zcwj/index.html'>政策文件</a></li>
  <li><a href='/xxgk/rsxx/index.html'>人事信息</a></li><li><a href='/xxgk/ghjh/index.html'>规划计划</a></li>
  <li><a href='/col/col1310/index.html'>统计数据</a></li></ul></div>"""
LANDING_LONG_NAMES = """<div class='box'><div class='item'><a href='/zfxxgk/ndbg/'>政府信息公开年度报告</a></div>
  <div class='item'><a href='/zfxxgk/zfxxgkzd/'>政府信息公开制度规定</a></div>
  <div class='item'><a href='/zfxxgk/fdzdgknr/'>法定主动公开内容目录</a></div></div>"""
ARTICLE_ASP = ("<table width='980'><tr><td width='700'><div class='title'>云溪县关于印发2026年减税降费实施方案的通知</div>"
               "<div class='info'>来源：县政府办 点击：12</div><div class='text'>"
               + "<p>" + "各乡镇人民政府，县直各单位：现将实施方案印发给你们，请认真贯彻落实。" * 8 + "</p></div></td>"
               "<td width='280'><div class='side'><b>最新信息</b>" + rows(5, "p") + "</div></td></tr></table>")


@pytest.mark.parametrize("body,kind", [
    (GUIDE, "text"),
    (CONTACT, "other"),
    (LETTER_FORM, "form"),
    (DIV_FORM, "form"),
    (LETTER_DETAIL, "message"),
    (LANDING, "landing"),
    (LANDING_LONG_NAMES, "landing"),
    (ARTICLE_ASP, "article"),
])
def test_pages_that_are_not_columns(body, kind):
    found = shape(body)
    assert not found.is_column, found
    assert found.kind == kind


def test_article_meta_is_an_article_even_with_a_side_list():
    found = shape(f"<h1>标题</h1><ul>{rows(6)}</ul>", "<meta name='ArticleTitle' content='标题'>")
    assert found.kind == "article"


# ---- drawn by script ------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "<ul id='newsList'></ul><script src='/js/list.js'></script>",
    "<div class='lb-con' data-api='/api/news/list?page=1'></div><script src='./static/list.js'></script>",
    "<table><tbody id='rows'></tbody></table><script>fetch('/api/x').then(r => r.json())</script>",
    "<div id='app'></div><script src='/static/js/app.3f9a2c1b.js'></script>",
    "<div class='list'><p>加载中...</p></div><script>$.getJSON('/data.json', draw)</script>",
    "<div id='box' data-url='list.json'></div>",
])
def test_lists_that_script_draws_need_the_browser_or_their_data(body):
    assert shape(body).kind == SCRIPTED


def test_a_rendered_copy_is_judged_as_it_stands():
    body = "<ul id='newsList'></ul><script src='/js/list.js'></script>"
    assert shape(body, rendered=True).kind == EMPTY
    drawn = f"<ul id='newsList'>{rows(4)}</ul><script src='/js/list.js'></script>"
    assert shape(drawn, rendered=True).kind == LIST


def test_library_scripts_do_not_make_a_text_page_scripted():
    body = CONTACT + "<script src='/js/jquery-1.12.4.min.js'></script><script src='/js/jiucuo.js'></script>"
    assert shape(body).kind == "other"


def test_one_dated_row_is_a_list_only_when_the_site_says_column():
    body = f"<div class='main'><ul>{rows(1)}</ul></div>"
    assert not shape(body).is_column
    assert shape(body, column_signals=True).kind == LIST


def test_short_article_with_a_date_label_and_no_list_is_an_article():
    body = ("<article><h1>《关于印发工作方案的通知》政策解读</h1><div class='meta'><span>发布日期：2026年11月16日</span></div>"
            "<div class='c'>" + "<p>区直各部门要结合实际，认真组织实施，确保各项措施落地见效。</p>" * 3 + "</div></article>")
    assert shape(body).kind == "article"


def test_a_letter_form_with_recent_letters_beside_it_is_a_form():
    side = "<div class='zxxj'><h3>最新信件</h3><ul>" + rows(5) + "</ul></div>"
    assert shape(LETTER_FORM + side).kind == "form"


def test_a_guide_with_an_empty_widget_and_a_script_file_is_text_not_a_script_list():
    body = GUIDE + "<ul class='share'></ul><script src='/js/zn.js'></script>"
    assert shape(body).kind == "text"


def test_a_mailbox_list_with_a_write_box_on_the_same_page_is_a_list():
    table = ("<table><tr><th>信件编号</th><th>标题</th><th>办理状态</th><th>来信时间</th></tr>" + "".join(
        f"<tr><td>2026{i}</td><td><a href='/xx/{i}.html'>第{i}封来信的标题</a></td><td>已办结</td><td>2026-10-0{i}</td></tr>"
        for i in range(1, 4)) + "</table>")
    assert shape(table + LETTER_FORM).kind == LIST


def test_a_section_overview_of_sub_columns_is_a_landing_page():
    box = ("<div class='lm-box'><div class='lm-tit'><span>{name}</span><a href='/zwgk/{k}/index.html'>更多</a></div><ul>"
           + "".join(f"<li><a href='/zwgk/{{k}}/202611/t2026111{i}_{{k}}{i}.html'>{{name}}的第{i}条信息的标题</a>"
                     f"<span>2026-11-1{i}</span></li>" for i in range(5)) + "</ul></div>")
    body = "".join(box.format(name=n, k=k) for n, k in (("通知公告", "tzgg"), ("政策文件", "zcwj"),
                                                           ("人事信息", "rsxx"), ("财政信息", "czxx")))
    assert shape(body).kind == "landing"


def test_a_column_with_dated_side_boxes_is_still_a_column():
    side = ("<div class='side'><h3>{name}</h3><ul>" + "".join(
        f"<li><a href='/{{k}}/{i}.html'>{{name}}第{i}条标题文字</a><span>2026-11-0{i + 1}</span></li>" for i in range(4))
        + "</ul></div>")
    main = "<div class='main'><ul class='list'>" + rows(15) + "</ul></div>"
    body = main + side.format(name="热点信息", k="rd") + side.format(name="最新公告", k="gg")
    found = shape(body)
    assert found.kind == LIST and len(found.entries) == 15


def test_an_empty_table_of_materials_is_not_an_empty_list():
    body = ("<div class='zn'><h3>申请材料</h3><table><tr><th>序号</th><th>材料名称</th><th>份数</th></tr></table>"
            "<p>联系电话：0999-1234567</p></div>")
    assert not shape(body).is_column


def test_a_list_named_by_its_data_address_beside_a_box_of_latest_items_is_a_script_list():
    body = ("<ul class='main-list' data-api='/api/gzdt?pageNo=1'></ul>"
            "<aside><h3>热点信息</h3><ul>" + rows(4) + "</ul></aside>")
    assert shape(body).kind == SCRIPTED
    assert shape(body, rendered=True).kind == LIST


@pytest.mark.parametrize("side", [
    "<aside><h3>热点信息</h3><ul>{rows}</ul></aside>",
    "<div class='hot-news'><div class='tit'>最新信息</div><ul>{rows}</ul></div>",
])
def test_a_script_drawn_list_beside_a_side_box_of_dated_rows_is_a_script_list(side):
    body = ("<div class='main'><ul id='newsList'></ul></div><script src='/js/list.js'></script>"
            + side.format(rows=rows(4)))
    assert shape(body).kind == SCRIPTED


def test_a_markup_list_beside_a_script_widget_is_a_list():
    body = ("<div class='main'><ul class='lb'>" + rows(5) + "</ul></div>"
            "<div class='weather'><ul id='w'></ul></div><script src='/js/weather.js'></script>")
    assert shape(body).kind == LIST


def test_a_list_whose_pages_are_blocks_of_one_page_is_a_list_not_an_overview():
    blocks = "".join(
        f"<div ms-visible='$showStatic({n})'><ul>" + "".join(
            f"<li><a href='./2025{n:02d}/t2025{n:02d}0{i}_{n}{i}.htm'>第{n}页第{i}条工作情况通报</a>"
            f"<span>2025-{n:02d}-0{i + 1}</span></li>" for i in range(5)) + "</ul></div>" for n in range(1, 8))
    found = shape(f"<div class='list_base'><div ms-visible='showStatic'>{blocks}</div></div>")
    assert found.kind == LIST and len(found.entries) == 35
