import urllib.parse
import urllib.request
from datetime import date

import pytest

from checks.base import run_checks
from checks.observations import MessageObs, Observations
from checks.rulebook import load_rulebook
from crawlers.browser import launch_browser
from crawlers.extract.hanweb import JactProxy, ProxyRequest, find_jact_proxy, parse_jact_datastore
from crawlers.extract.mailbox import (
    MessageDetail, MessageRow, extract_message_rows, is_mailbox_status_answered,
    parse_message_detail,
)
from crawlers.urls import normalize_url
from govpatrol.demosite import DemoSites
from govpatrol.demosite.expected import DECOYS, EXPECTED_FINDINGS, resolve_target
from govpatrol.demosite.letters import CONSULT, LEADERS, MAILBOXES, MAYOR

AS_OF = date(2026, 11, 20)
SITE = "http://www.x.gov.cn"


def page(body: str, title: str = "市长信箱") -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}_某某市人民政府</title>'
            f'<meta name="ColumnName" content="{title}"></head><body>'
            '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>'
            f'{body}<div class="footer"><p>主办单位：某某市人民政府办公室</p></div></body></html>')


# -- status vocabulary -----------------------------------------------------------------------------

@pytest.mark.parametrize("status, answered", [
    ("已回复", True), ("已答复", True), ("已办结", True), ("已处理", True), ("[已办结]", True),
    (" 已 回 复 ", True), ("办结", True),
    ("未回复", False), ("待回复", False), ("办理中", False), ("处理中", False), ("已受理", False),
    ("待受理", False), ("待处理", False), ("未办结", False),
    ("公开", None), ("", None), (None, None), ("37", None),
])
def test_status_vocabulary(status, answered):
    assert is_mailbox_status_answered(status) is answered


# -- HTML table lists --------------------------------------------------------------------------------

MAIL_TABLE = page("""<div class="main"><h2>来信选登</h2>
<table class="mail-list" width="100%">
 <tr><th>编号</th><th>标题</th><th>状态</th><th>来信时间</th><th>回复时间</th><th>回复单位</th><th>点击数</th></tr>
 <tr><td>2026110300012</td><td><a href="./detail.jsp?id=123" title="关于青石镇小区路灯长期不亮的问题">关于青石镇小区路灯长期不亮...</a></td>
     <td>已回复</td><td>2026-11-03</td><td>2026-11-05</td><td>市住房城乡建设局</td><td>37</td></tr>
 <tr><td>2026102000007</td><td><a href="./detail.jsp?id=124">咨询公积金提取办理流程</a></td>
     <td>办理中</td><td>2026年10月20日</td><td></td><td></td><td>5</td></tr>
 <tr><td colspan="7">共2条</td></tr>
</table></div>""")


def test_table_list_maps_columns_by_their_header():
    rows = extract_message_rows(MAIL_TABLE, f"{SITE}/zmhd/szxx/index.html", AS_OF)
    assert rows == [
        MessageRow("2026110300012", "关于青石镇小区路灯长期不亮的问题", f"{SITE}/zmhd/szxx/detail.jsp?id=123",
                   date(2026, 11, 3), "已回复", date(2026, 11, 5), "市住房城乡建设局"),
        MessageRow("2026102000007", "咨询公积金提取办理流程", f"{SITE}/zmhd/szxx/detail.jsp?id=124",
                   date(2026, 10, 20), "办理中", None, None),
    ]


def test_table_header_in_another_order_with_other_words_and_no_links():
    html = page("""<table class="listAll"><thead><tr><td>信件标题</td><td>留言时间</td><td>办理单位</td>
      <td>办理状态</td><td>答复时间</td><td>信件编号</td><td>操作</td></tr></thead><tbody>
      <tr><td>学校周边交通拥堵</td><td>2026/09/18</td><td>市公安局交警支队</td><td>已办结</td><td>2026/10/19</td><td>XJ-0918-03</td>
          <td><a href="javascript:void(0)">查看</a></td></tr>
      </tbody></table>""")
    [row] = extract_message_rows(html, f"{SITE}/hdjl/index.html", AS_OF)
    assert row == MessageRow("XJ-0918-03", "学校周边交通拥堵", None, date(2026, 9, 18), "已办结",
                             date(2026, 10, 19), "市公安局交警支队")


def test_plain_article_list_tables_are_not_message_lists():
    policy = page("""<table class="listAll"><tr><th>标题</th><th>文号</th><th>发布日期</th></tr>
      <tr><td><a href="/zcwj/t20261001_1.html">关于印发某某办法的通知</a></td><td>某政发〔2026〕1号</td><td>2026-10-01</td></tr></table>""")
    news = page("""<table><tr><th>标题</th><th>日期</th></tr>
      <tr><td><a href="/xw/t20261001_1.html">市政府召开常务会议</a></td><td>2026-10-01</td></tr></table>""")
    assert extract_message_rows(policy, SITE + "/", AS_OF) == []
    assert extract_message_rows(news, SITE + "/", AS_OF) == []


def test_empty_list_and_detail_pages_give_no_rows():
    empty = page("""<table><tr><th>信件编号</th><th>信件标题</th><th>办理状态</th><th>来信时间</th></tr>
      <tr><td colspan="4">暂无数据</td></tr></table>""")
    assert extract_message_rows(empty, SITE + "/", AS_OF) == []
    assert extract_message_rows(JACT_DETAIL, SITE + "/", AS_OF) == []
    assert extract_message_rows(P_DETAIL, SITE + "/", AS_OF) == []


# -- li/div rows with labelled spans ----------------------------------------------------------------------

def test_list_rows_with_labelled_spans():
    html = page("""<ul class="lylist">
      <li><a href="/hdjl/wsly/detail_881.html" title="关于老旧小区加装电梯补贴的咨询">关于老旧小区加装电梯补贴的咨询</a>
          <p><span>留言编号：LY20261102001</span><span>留言时间：2026-11-02</span>
             <span>办理状态：已答复</span><span>答复时间：2026-11-06</span><span>答复单位：市住房城乡建设局</span></p></li>
      <li><a href="/hdjl/wsly/detail_882.html">夜间施工噪音扰民</a>
          <p><span>留言编号：LY20261110004</span><span>留言时间：2026-11-10</span><span>办理状态：处理中</span></p></li>
    </ul><div class="page"><a href="?page=2">下一页</a></div>""", "网上留言")
    rows = extract_message_rows(html, f"{SITE}/hdjl/wsly/index.html", AS_OF)
    assert rows == [
        MessageRow("LY20261102001", "关于老旧小区加装电梯补贴的咨询", f"{SITE}/hdjl/wsly/detail_881.html",
                   date(2026, 11, 2), "已答复", date(2026, 11, 6), "市住房城乡建设局"),
        MessageRow("LY20261110004", "夜间施工噪音扰民", f"{SITE}/hdjl/wsly/detail_882.html",
                   date(2026, 11, 10), "处理中", None, None),
    ]


def test_ordinary_dated_list_rows_are_not_messages():
    html = page("""<ul class="list"><li><a href="/xw/t20261118_1.html">市政府召开常务会议</a><span>日期：2026-11-18</span></li>
      <li><a href="/xw/t20261117_2.html">全市安全生产工作会议召开</a><span>日期：2026-11-17</span></li></ul>""", "工作动态")
    assert extract_message_rows(html, SITE + "/", AS_OF) == []


# -- Hanweb JACT ---------------------------------------------------------------------------------------

JACT_REPLY = (
    'dataStore = ["<tr><td>2024010200012</td><td><a href=\'mailpubdetail.do?sysid=6&transactId=496136\' '
    'title=\'关于小区路灯不亮的问题\' target=\'_blank\'>关于小区路灯不亮的问题</a></td><td>已办结</td>'
    '<td>2024-01-02</td><td>37</td></tr>",'
    '"<tr><td>2024010300007</td><td><a href=\\"mailpubdetail.do?sysid=6&transactId=496140\\">'
    '[建议]增开\\u0031路公交夜班车]</a></td><td>办理中</td><td>2024-01-03</td><td>2</td></tr>"];'
)


def test_jact_reply_rows_in_the_default_column_order():
    base = f"{SITE}/jact/front/dataproxy_mailpublist.do?startrecord=1&endrecord=30&perpage=15&groupSize=2"
    rows = parse_jact_datastore(JACT_REPLY, base, AS_OF)
    assert rows == [
        MessageRow("2024010200012", "关于小区路灯不亮的问题",
                   f"{SITE}/jact/front/mailpubdetail.do?sysid=6&transactId=496136",
                   date(2024, 1, 2), "已办结", None, None),
        MessageRow("2024010300007", "[建议]增开1路公交夜班车]",
                   f"{SITE}/jact/front/mailpubdetail.do?sysid=6&transactId=496140",
                   date(2024, 1, 3), "办理中", None, None),
    ]


def test_jact_empty_reply_and_text_without_datastore():
    assert parse_jact_datastore("dataStore = [];", SITE + "/", AS_OF) == []
    assert parse_jact_datastore("var x = 1;", SITE + "/", AS_OF) == []
    assert parse_jact_datastore("", SITE + "/", AS_OF) == []


def test_jact_inline_script_with_a_header_naming_other_columns():
    html = page("""<table class="jact_list"><tr><th>信件标题</th><th>来信时间</th><th>办理状态</th><th>回复时间</th></tr>
      <tbody id="mailBody"></tbody></table>
      <script type="text/javascript">
      var dataStore = [
        "<tr><td><a href='mailpubdetail.do?sysid=9&transactId=77'>道路积水</a></td><td>2026-10-08</td><td>已回复</td><td>2026-10-30</td></tr>"
      ];
      </script>""", "领导信箱")
    [row] = parse_jact_datastore(html, f"{SITE}/jact/front/mailpublist.do?sysid=9", AS_OF)
    assert row == MessageRow(None, "道路积水", f"{SITE}/jact/front/mailpubdetail.do?sysid=9&transactId=77",
                             date(2026, 10, 8), "已回复", date(2026, 10, 30), None)


def test_jact_rows_of_an_unusual_width_are_read_by_their_contents():
    reply = ('dataStore = ["<tr><td>A20261001</td><td><a href=\'mailpubdetail.do?sysid=6&transactId=5\'>'
             '公园开放时间</a></td><td>2026-10-01</td><td>已回复</td></tr>"];')
    [row] = parse_jact_datastore(reply, f"{SITE}/jact/front/x.do", AS_OF)
    assert (row.number, row.title, row.sent, row.status) == ("A20261001", "公园开放时间", date(2026, 10, 1), "已回复")


JACT_LIST_PAGE = page("""<div class="jact_main"><form id="searchForm" method="post" action="mailpublist.do">
  <input type="hidden" name="sysid" value="6"><input type="hidden" name="querycode" value="">
  <input type="text" name="keyword" value=""></form>
  <table class="jact_list"><tr><th>信件编号</th><th>信件标题</th><th>办结状态</th><th>来信时间</th><th>点击数</th></tr>
  <tbody id="mailBody"></tbody></table><div id="pagebar"></div></div>
  <script type="text/javascript" src="/jact/front/js/jpage.js"></script>
  <script type="text/javascript">
  var dataStore = [];
  $(function(){
    $('#pagebar').jpage({
      dataStore: dataStore, dataBefore: '<table>', dataAfter: '</table>',
      proxyUrl: 'dataproxy_mailpublist.do', perPage: 5, groupSize: 2, totalRecord: 23,
      ajaxParam: {sysid: '6', mailstate: '4', starttime: '', endtime: '', keyword: '', orderfield: '', groupid: '', querycode: ''}
    });
  });
  </script>""", "领导信箱")


def test_find_jact_proxy_reads_the_script_configuration():
    proxy = find_jact_proxy(JACT_LIST_PAGE, f"{SITE}/jact/front/mailpublist.do?sysid=6")
    assert proxy == JactProxy(
        url=f"{SITE}/jact/front/dataproxy_mailpublist.do",
        formdata={"sysid": "6", "mailstate": "4", "starttime": "", "endtime": "", "keyword": "",
                  "orderfield": "", "groupid": "", "querycode": ""},
        perpage=5, group_size=2, total=23)
    assert proxy.groups == 3
    assert proxy.request(0) == ProxyRequest(
        f"{SITE}/jact/front/dataproxy_mailpublist.do?startrecord=1&endrecord=10&perpage=5&groupSize=2",
        "POST", proxy.formdata)
    assert proxy.request(2).url.endswith("?startrecord=21&endrecord=30&perpage=5&groupSize=2")


def test_find_jact_proxy_with_a_written_url_and_the_sysid_from_the_page_address():
    html = page("""<script>
      function loadMail(start, end){
        $.post("/jact/front/dataproxy_mailpublist.do?startrecord=" + start + "&endrecord=" + end + "&perpage=19&groupSize=3",
               $("#searchForm").serialize(), function(data){ eval(data); render(dataStore); });
      }
      loadMail(1, 57);
    </script>""")
    proxy = find_jact_proxy(html, f"{SITE}/jact/front/mailpublist.do?sysid=143")
    assert proxy is not None
    assert proxy.url == f"{SITE}/jact/front/dataproxy_mailpublist.do"
    assert proxy.formdata["sysid"] == "143"
    assert (proxy.perpage, proxy.group_size, proxy.total, proxy.groups) == (15, 3, None, None)
    assert proxy.request(1).url.endswith("?startrecord=46&endrecord=90&perpage=15&groupSize=3")


def test_pages_without_a_jact_proxy():
    assert find_jact_proxy(MAIL_TABLE, f"{SITE}/zmhd/szxx/index.html") is None
    assert find_jact_proxy("", SITE + "/") is None


# -- detail pages ---------------------------------------------------------------------------------------

JACT_DETAIL = page("""<div class="jact_main"><div class="jact_box"><div class="jact_box_font">
<table width="100%" class="jact_detail">
 <tr><td class="tit">信件编号：</td><td>2026091800031</td><td class="tit">信件标题：</td><td>学校门口上下学时段交通拥堵</td></tr>
 <tr><td class="tit">来信人：</td><td>王**</td><td class="tit">来信时间：</td><td>2026-09-18 16:42:10</td></tr>
 <tr><td class="tit">来信内容：</td><td colspan="3">每天上下学时段学校门口拥堵严重，建议增派交警疏导。</td></tr>
</table>
<table width="100%" class="jact_reply">
 <tr><td class="tit">回复内容：</td><td colspan="3">您好，来信收悉。市公安局交警支队已在上下学时段安排警力疏导。</td></tr>
 <tr><td class="tit">回复时间：</td><td>2026-10-19</td><td class="tit">回复单位：</td><td>市公安局交警支队</td></tr>
</table></div></div></div>""", "领导信箱")


def test_jact_detail_page():
    assert parse_message_detail(JACT_DETAIL, AS_OF) == MessageDetail(
        "2026091800031", "学校门口上下学时段交通拥堵", date(2026, 9, 18), None, date(2026, 10, 19),
        "市公安局交警支队", True)


def test_old_hanweb_viewform_without_a_reply():
    html = page("""<h1>关于夜间施工噪音扰民的投诉</h1><table class="viewform" width="100%">
      <tr><th>姓名</th><td>李**</td></tr><tr><th>提交时间</th><td>2026-07-20 09:12</td></tr>
      <tr><th>内容</th><td>某工地夜间连续施工。</td></tr><tr><th>处理状态</th><td>待处理</td></tr>
      <tr><th>回复内容</th><td></td></tr><tr><th>回复时间</th><td></td></tr><tr><th>满意度</th><td>未评价</td></tr>
    </table>""")
    assert parse_message_detail(html, AS_OF) == MessageDetail(
        None, "关于夜间施工噪音扰民的投诉", date(2026, 7, 20), "待处理", None, None, False)


def test_zhuhai_detail_answered_without_a_reply_date():
    html = page("""<table class="detail"><tr><td class="L">主题</td><td class="R">咨询社保卡补办</td></tr>
      <tr><td class="L">日期</td><td class="R">2026-11-02</td></tr><tr><td class="L">咨询人</td><td class="R">陈**</td></tr>
      <tr><td class="L">内容</td><td class="R">社保卡丢失如何补办？</td></tr>
      <tr><td class="L">处理单位</td><td class="R">市人力社保局</td></tr><tr><td class="L">处理状态</td><td class="R">已处理</td></tr>
      <tr><td class="L">受理意见</td><td class="R">可携带身份证到任一服务网点补办。</td></tr></table>""", "网上咨询")
    assert parse_message_detail(html, AS_OF) == MessageDetail(
        None, "咨询社保卡补办", date(2026, 11, 2), "已处理", None, "市人力社保局", True)


P_DETAIL = page("""<div class="ly-detail"><h2>小区垃圾清运不及时</h2>
  <p><strong>留言编号：</strong>LY20261015002</p><p><strong>留言时间：</strong>2026年10月15日</p>
  <p><strong>留言内容：</strong>小区垃圾两三天才清运一次。</p>
  <p><strong>办理状态：</strong>已受理</p><p><strong>答复内容：</strong>暂无</p></div>""", "网上留言")


def test_paragraph_label_detail_pending():
    assert parse_message_detail(P_DETAIL, AS_OF) == MessageDetail(
        "LY20261015002", "小区垃圾清运不及时", date(2026, 10, 15), "已受理", None, None, False)


def test_dl_label_detail_with_a_reply_and_no_status():
    html = page("""<div class="xj"><dl><dt>标题</dt><dd>公交站台改造</dd><dt>写信人</dt><dd>赵**</dd>
      <dt>写信时间</dt><dd>2026-06-01</dd><dt>信件内容</dt><dd>建议改造公交站台。</dd>
      <dt>答复内容</dt><dd>已列入明年改造计划。</dd><dt>答复时间</dt><dd>2026-06-10</dd><dt>答复单位</dt><dd>市交通运输局</dd></dl></div>""")
    assert parse_message_detail(html, AS_OF) == MessageDetail(
        None, "公交站台改造", date(2026, 6, 1), None, date(2026, 6, 10), "市交通运输局", True)


def test_articles_and_lists_are_not_message_pages():
    article = page("""<table class="bd1"><tr><td><b>索 引 号：</b></td><td>113399/2026-00012</td>
      <td><b>发文字号：</b></td><td>云政发〔2026〕9号</td></tr><tr><td><b>标　　题：</b></td><td>关于印发某办法的通知</td>
      <td><b>发布日期：</b></td><td>2026年05月14日</td></tr></table>
      <h1>关于印发某办法的通知</h1><div class="article-info">发布时间：2026-05-14 10:00 来源：市政府办公室</div>
      <div class="TRS_Editor"><p>各县（市、区）人民政府：现将有关内容通知如下。</p></div>""", "政策文件")
    assert parse_message_detail(article, AS_OF) is None
    assert parse_message_detail(MAIL_TABLE, AS_OF) is None
    assert parse_message_detail("", AS_OF) is None


# -- the simulated mailboxes, read as the crawl reads them ---------------------------------------------

@pytest.fixture(scope="module")
def demo():
    with DemoSites(host="127.0.0.1") as sites:
        yield sites


def fetch(url: str, form: dict[str, str] | None = None) -> str:
    body = urllib.parse.urlencode(form).encode() if form is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=5) as answer:
        return answer.read().decode("utf-8")


def read_mailboxes(demo) -> list[MessageObs]:
    """Every letter of the three mailboxes as MessageObs: tables and letter pages, JACT groups
    until an empty one, and the script-built list as the browser draws it."""
    messages: list[MessageObs] = []

    def add(column: str, list_url: str, row: MessageRow, detail: MessageDetail | None) -> None:
        replied = detail.replied if detail else row.replied
        messages.append(MessageObs(column, list_url, row.url, row.number, row.title, row.sent, row.status,
                                   replied, row.reply_unit, len(messages)))

    mayor = normalize_url(demo.url("main", MAYOR.path))
    for row in extract_message_rows(fetch(mayor), mayor, AS_OF):
        detail = parse_message_detail(fetch(row.url), AS_OF)
        assert (detail.number, detail.sent, detail.replied) == (row.number, row.sent, row.replied)
        add(mayor, mayor, row, detail)

    leaders = normalize_url(demo.url("main", LEADERS.path))
    page = fetch(leaders)
    assert extract_message_rows(page, leaders, AS_OF) == []
    proxy = find_jact_proxy(page, leaders)
    assert (proxy.perpage, proxy.group_size, proxy.total, proxy.formdata["sysid"]) == (5, 2, 22, "6")
    for group in range(10):
        call = proxy.request(group)
        rows = parse_jact_datastore(fetch(call.url, call.formdata), call.url, AS_OF)
        if not rows:
            break
        for row in rows:
            assert row.replied is None  # the JACT list shows the sending date only
            add(leaders, call.url, row, parse_message_detail(fetch(row.url), AS_OF))
    assert group == proxy.groups == 3

    consult = normalize_url(demo.url("main", CONSULT.path))
    assert extract_message_rows(fetch(consult), consult, AS_OF) == []  # only script fills it
    with launch_browser() as browser:
        tab = browser.new_page()
        tab.goto(consult, wait_until="networkidle")
        drawn = tab.content()
    for row in extract_message_rows(drawn, consult, AS_OF):
        add(consult, consult, row, None)
    return messages


def test_the_simulated_mailboxes_read_and_judged_give_exactly_the_expected_findings(demo):
    messages = read_mailboxes(demo)
    letters = {letter.number: letter for mailbox in MAILBOXES for letter in mailbox.letters}
    assert sorted(m.number for m in messages) == sorted(letters)
    for message in messages:
        letter = letters[message.number]
        assert (message.title, message.sent, message.status_text, message.replied) == (
            letter.title, letter.sent, letter.status, letter.replied)

    obs = Observations(homepage=normalize_url(demo.main), messages=messages)
    results = run_checks(obs, load_rulebook(), AS_OF, only=["message_unanswered", "message_late_reply"])
    found = {(f.check, f.url, f.severity) for f in results.findings}
    planted = {(e.check, resolve_target(demo, e.site, e.target), e.severity)
               for e in EXPECTED_FINDINGS if e.check.startswith("message_")}
    assert found == planted
    decoys = {(e.check, resolve_target(demo, e.site, e.target)) for e in DECOYS if e.check.startswith("message_")}
    assert not decoys & {(check, url) for check, url, _ in found}


@pytest.mark.parametrize("reply_table,replied,unit", [
    # header row of labels over a row of values
    ("""<table class="hf"><tr><th>回复单位</th><th>回复时间</th><th>回复内容</th></tr>
        <tr><td>县交通运输局</td><td>2026-11-15 16:30:00</td><td>已安排维修。</td></tr></table>""",
     date(2026, 11, 15), "县交通运输局"),
    # one label cell per row, its value in the row below
    ("""<table><tr><td class="lab">答复时间</td></tr><tr><td>2026年11月3日</td></tr>
        <tr><td class="lab">答复内容</td></tr><tr><td>已转城管部门处理。</td></tr></table>""",
     date(2026, 11, 3), None),
])
def test_jact_detail_with_values_under_their_labels(reply_table, replied, unit):
    html = page(f"""<div class="jact_main"><table class="xx">
      <tr><th>信件编号</th><th>信件标题</th><th>来信人</th><th>来信时间</th></tr>
      <tr><td>2026100100011</td><td>关于农村公路破损的问题</td><td>王**</td><td>2026-10-01 09:12:00</td></tr>
      <tr><th colspan="4">来信内容</th></tr><tr><td colspan="4">路面坑洼多，请尽快维修。</td></tr></table>
      {reply_table}</div>""", "领导信箱")
    detail = parse_message_detail(html, AS_OF)
    assert detail is not None
    assert (detail.number, detail.sent, detail.replied, detail.reply_unit, detail.has_reply) == (
        "2026100100011", date(2026, 10, 1), replied, unit, True)


@pytest.mark.parametrize("reply_block,replied", [
    ("<div class='reply'><div class='reply-hd'>回复单位：县住建局 2026-11-10</div>"
     "<div class='reply-bd'>已安排维修。</div></div>", date(2026, 11, 10)),
    ("<div class='hf-box'><h4>答复</h4><p>您好，已转城管部门处理。</p><p class='r'>2026年11月3日</p></div>",
     date(2026, 11, 3)),
    ("<div class='reply'><p>该信件正在办理中，办理完毕后公开答复内容。</p></div>", None),
])
def test_reply_dates_written_without_a_label(reply_block, replied):
    html = page(f"""<div class='letter'><h1>路灯不亮</h1><p>来信人：张**</p><p>来信时间：2026-10-08</p>
      <p>来信内容：小区路灯坏了一个月。</p></div>{reply_block}""", "县长信箱")
    detail = parse_message_detail(html, AS_OF)
    assert detail is not None and detail.sent == date(2026, 10, 8)
    assert detail.replied == replied
