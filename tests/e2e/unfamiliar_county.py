"""云溪县人民政府: a simulated county site unlike the bundled demo sites, for column discovery.

Its lists come in many shapes: plain markup, ``data-api`` / ``data-url`` addresses read by a
separate script file (page fields pageNo/pageSize/total, current/size/pages, or none), a
framework bundle mounted on ``<div id="app">``, an external script with no address in the
markup, an ASP ``list.asp`` table, a JACT mailbox whose reply dates are only on the letters'
own pages, and a letters API with no letter pages at all. Beside them stand pages that are not
columns (联系我们, 办事指南, 我要写信, 网站地图, a 政务公开 landing page, letter pages). Every
planted problem is listed in ``EXPECTED``; every decoy in ``DECOYS``.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

from tests.e2e.routed_site import JSON, Request
from tests.support.http_servers import Reply

AS_OF = date(2026, 11, 20)
HOST = "www.yunxi.gov.cn"
DEAD_HOST = "www.yunxi-old.gov.cn"  # unknown to the DNS server
CHINA = timezone(timedelta(hours=8))


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def ms(day: date) -> int:
    return int(datetime.combine(day, time(9, 0), CHINA).timestamp() * 1000)


NAV = [("首页", "/"), ("通知公告", "/tzgg/index.html"), ("在线访谈", "/zxft/index.html"),
       ("政务公开", "/zwgk/index.html"), ("政策文件", "/zcwj/index.html"), ("工作动态", "/gzdt/index.html"),
       ("乡镇动态", "/xzdt/index.html"), ("图片新闻", "/tpxw/index.html"), ("统计数据", "/tjsj/index.html"),
       ("专题专栏", "/ztzl/index.html"), ("基层信息", "/jcxx/index.html"), ("规范性文件", "/list.asp?classid=3"),
       ("县长信箱", "/xzxx/index.html"), ("领导信箱", "/jact/front/mailpublist.do?sysid=7"),
       ("办事指南", "/bszn/index.html"), ("联系我们", "/lxwm/index.html"), ("我要写信", "/wyxx/index.html"),
       ("网站地图", "/wzdt/index.html"), ("信息公开", "/xxgk/index.html")]
FOOTER = ("<div class='g-foot'><p>主办单位：云溪县人民政府办公室 网站标识码：9999000001</p>"
          "<p>滇ICP备12345678号 滇公网安备 53999902000001号</p>"
          "<p><a href='https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=9999000001'>我为政府网站找错</a></p></div>")


def document(title: str, body: str, head: str = "") -> str:
    nav = "".join(f"<li><a href='{href}'>{name}</a></li>" for name, href in NAV)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_云溪县人民政府</title>{head}"
            f"<script src='/js/jquery-1.12.4.min.js'></script></head><body>"
            f"<div class='g-head'><ul class='g-menu'>{nav}</ul></div>"
            f"<div class='g-main'>{body}</div>{FOOTER}</body></html>")


def article(title: str, day: date, extra: str = "") -> str:
    text = "".join(f"<p>{title}。全县各有关单位要提高认识，明确责任，切实抓好各项工作任务落实，确保取得实效。</p>"
                   for _ in range(4))
    return document(title, f"<div class='wz'><h2 class='wz-bt'>{title}</h2>"
                           f"<div class='wz-xx'>发布时间：{day.isoformat()} 来源：县政府办公室</div>"
                           f"<div class='wz-nr'>{text}{extra}</div></div>")


# ---- plain markup columns -----------------------------------------------------------------

TZGG = [(f"关于做好2026年第{n}批惠民资金发放工作的通知", ago(2 + 9 * n)) for n in range(6)]


def tzgg_path(n: int) -> str:
    return f"/tzgg/202611/t2026111{n}_{500 + n}.html"


def tzgg_list() -> str:
    rows = "".join(f"<li><a href='{tzgg_path(n)}' target='_blank'>{t}</a><em>{d.isoformat()}</em></li>"
                   for n, (t, d) in enumerate(TZGG))
    return document("通知公告", f"<div class='lm-bt'>通知公告</div><ul class='lb'>{rows}</ul>",
                    "<meta name='ColumnName' content='通知公告'>")


# The broken links live in one notice: a host nobody resolves, and a chain of 12 redirects.
TZGG_LINKS = (f"<p>详见<a href='http://{DEAD_HOST}/zt/2019/index.html'>原专题网站</a>、"
              "<a href='/go/12/1'>附件下载</a>和<a href='/go/3/1'>办事入口</a>。</p>")


def redirect_chain(length: int):
    def route(request: Request) -> Reply:
        step = int(request.path.rsplit("/", 1)[-1])
        if step <= length:
            return Reply("", status=302, headers={"Location": f"/go/{length}/{step + 1}"})
        return Reply(document("附件", "<p>附件下载页面，内容齐全，欢迎使用。</p>" * 3))
    return route


# ---- lists read from a data address -------------------------------------------------------

ZCWJ = [(f"云溪县人民政府关于印发第{n}号实施方案的通知", ago(3 + 20 * n)) for n in range(7)]
ZCWJ_PAGE = 5  # the document on page 2 of the API is only there


def zcwj_path(n: int) -> str:
    return f"/zcwj/2026/{n:02d}/doc_{800 + n}.html"


def zcwj_api(request: Request) -> Reply:
    page = int(request.param("pageNo", "1"))
    size = int(request.param("pageSize", str(ZCWJ_PAGE)))
    chosen = ZCWJ[(page - 1) * size: page * size]
    records = [{"docTitle": t, "docUrl": zcwj_path((page - 1) * size + i), "pubDate": d.isoformat()}
               for i, (t, d) in enumerate(chosen)]
    body = {"code": 200, "data": {"pageNo": page, "pageSize": size, "total": len(ZCWJ), "list": records}}
    return Reply(json.dumps(body, ensure_ascii=False), content_type=JSON)


GZDT = [(f"县领导调研第{n}个重点项目建设推进情况", ago(40 + 6 * n)) for n in range(8)]  # stale news


def gzdt_api(request: Request) -> Reply:
    current = int(request.param("current", "1"))
    chosen = GZDT[(current - 1) * 3: current * 3]
    records = [{"title": t, "link": f"/gzdt/{d:%Y%m}/{d:%d}_{(current - 1) * 3 + i}.html", "createTime": ms(d)}
               for i, (t, d) in enumerate(chosen)]
    body = {"success": True, "result": {"records": records, "current": current, "size": 3,
                                        "pages": 3}}
    return Reply(json.dumps(body, ensure_ascii=False), content_type=JSON)


XZDT = [("城关镇开展冬季消防安全检查", ago(1)), ("河口乡召开产业发展推进会", ago(4)),
        ("青山镇举办农民丰收节活动", ago(12))]


def xzdt_api(request: Request) -> Reply:
    rows = [{"name": t, "url": f"/xzdt/{i}.html", "date": f"{d:%Y年%m月%d日}"} for i, (t, d) in enumerate(XZDT)]
    return Reply(json.dumps({"rows": rows}, ensure_ascii=False), content_type=JSON)


LIST_JS = """(function () {
  document.querySelectorAll('[data-api],[data-url]').forEach(function (box) {
    var api = box.getAttribute('data-api') || box.getAttribute('data-url');
    fetch(api).then(function (r) { return r.json(); }).then(function (data) { /* draws rows */ });
  });
})();"""


def scripted_list(title: str, container: str) -> str:
    return document(title, f"<div class='lm-bt'>{title}</div>{container}<div class='pager'></div>"
                           "<script src='/js/list.js'></script>")


# ---- lists only a browser shows ------------------------------------------------------------

APP_JS = """(function () {
  var items = %s;
  var ul = document.createElement('ul');
  items.forEach(function (it) {
    var li = document.createElement('li'), a = document.createElement('a'), s = document.createElement('span');
    a.href = it[2]; a.textContent = it[0]; s.textContent = it[1];
    li.appendChild(a); li.appendChild(s); ul.appendChild(li);
  });
  document.getElementById('%s').appendChild(ul);
})();"""
ZTZL = [("学习贯彻党的二十届四中全会精神专题", ago(20), "/ztzl/xxgc/index.html"),
        ("优化营商环境专题", ago(45), "/ztzl/yshj/index.html"),
        ("乡村振兴在行动专题", ago(70), "/ztzl/xczx/index.html")]
JCXX = [("城关镇社区开展便民服务活动", ago(6), "/jcxx/1.html"), ("河口乡组织防汛应急演练", ago(16), "/jcxx/2.html"),
        ("青山镇推进人居环境整治", ago(30), "/jcxx/3.html")]


def app_js(items, mount: str) -> Reply:
    data = json.dumps([[t, d.isoformat(), href] for t, d, href in items], ensure_ascii=False)
    return Reply(APP_JS % (data, mount), content_type="application/javascript; charset=utf-8")


# ---- ASP column with show.asp?id= documents ------------------------------------------------

WJTZ = [(21, "云溪县人民政府关于加强耕地保护的通告", ago(8)), (22, "云溪县农村集体资产管理办法", ago(30)),
        (23, "云溪县城乡居民医疗保险实施细则", ago(60))]


def asp_list() -> str:
    rows = "".join(f"<tr><td class='dot'>·</td><td><a href='show.asp?id={n}'>{t}</a></td><td>{d:%Y-%m-%d}</td></tr>"
                   for n, t, d in WJTZ)
    return document("规范性文件", f"<table width='100%' class='t1'><tr><td class='lmmc'>规范性文件</td></tr>"
                                f"<tr><td><table width='100%'>{rows}</table></td></tr></table>")


def asp_show(request: Request) -> Reply:
    found = [w for w in WJTZ if str(w[0]) == request.param("id")]
    if not found:
        return Reply(document("错误", "<p>参数错误</p>"))
    _, title, day = found[0]
    side = "".join(f"<tr><td><a href='show.asp?id={n}'>{t}</a></td><td>{d:%m-%d}</td></tr>" for n, t, d in WJTZ)
    text = "".join(f"<p>　　{title}，经县人民政府研究同意，现予公布，自公布之日起施行。各乡镇、各部门要认真抓好落实。</p>"
                   for _ in range(5))
    body = (f"<table width='980'><tr><td width='700' valign='top'><table width='100%'>"
            f"<tr><td class='biaoti' align='center'>{title}</td></tr>"
            f"<tr><td align='center'>发布时间：{day.isoformat()}　点击数：35</td></tr>"
            f"<tr><td class='neirong'>{text}</td></tr></table></td>"
            f"<td width='280' valign='top'><table><tr><td>最新文件</td></tr>{side}</table></td></tr></table>")
    return Reply(document(title, body))


# ---- mailboxes -----------------------------------------------------------------------------

LETTERS = [  # letters API without letter pages: number, title, sent, replied
    ("XZ2026090001", "城区学校周边交通拥堵", ago(60), ago(10)),  # late reply
    ("XZ2026100002", "小区供暖不热", ago(40), None),  # unanswered
    ("XZ2026100003", "路灯不亮", ago(20), ago(15)),  # answered in time (decoy)
]


def letters_api(request: Request) -> Reply:
    records = [{"letterNo": n, "title": t, "submitTime": s.isoformat(),
                "replyTime": r.isoformat() if r else "", "status": "已办结" if r else "办理中"}
               for n, t, s, r in LETTERS]
    return Reply(json.dumps({"total": len(records), "data": records}, ensure_ascii=False), content_type=JSON)


JACT = [  # number, title, sent, replied, transactId
    ("2026100100011", "关于农村公路破损的问题", ago(50), ago(5), 311),  # late: only the letter page says when
    ("2026110500012", "关于集贸市场占道经营的问题", ago(15), ago(12), 312),  # in time (decoy)
]
JACT_LIST = """<div class='jact_main'><form id='searchForm' method='post' action='mailpublist.do?sysid=7'>
<input type='hidden' name='sysid' value='7'>信件标题：<input type='text' name='keyword'> <button>查询</button></form>
<table class='jact_list'><thead><tr><th>信件编号</th><th>信件标题</th><th>办结状态</th><th>来信时间</th><th>点击数</th></tr></thead>
<tbody id='mailBody'></tbody></table><div id='pagebar'></div></div>
<script src='/jact/front/js/jpage.js'></script>
<script>$('#pagebar').jpage({dataStore: dataStore, proxyUrl: 'dataproxy_mailpublist.do', perPage: 10, groupSize: 1,
 totalRecord: 2, sysid: '7'});</script>"""


def jact_proxy(request: Request) -> Reply:
    rows = [f"<tr><td>{n}</td><td><a href='mailpubdetail.do?sysid=7&transactId={tid}'>{t}</a></td>"
            f"<td>已办结</td><td>{s.isoformat()}</td><td>12</td></tr>" for n, t, s, _, tid in JACT]
    start = int(request.param("startrecord", "1"))
    chosen = rows[start - 1:start + 9]
    return Reply("dataStore = [" + ",".join(json.dumps(r, ensure_ascii=False) for r in chosen) + "];\n",
                 content_type="text/html;charset=UTF-8")


def jact_detail(request: Request) -> Reply:
    found = [j for j in JACT if str(j[4]) == request.param("transactId")]
    if not found:
        return Reply(document("信件", "<p>该信件不存在或未公开。</p>"))
    number, title, sent, replied, _ = found[0]
    body = (f"<div class='jact_main'><div class='jact_box'><div class='jact_box_font'><table class='xx'>"
            f"<tr><th>信件编号</th><th>信件标题</th><th>来信人</th><th>来信时间</th></tr>"
            f"<tr><td>{number}</td><td>{title}</td><td>王**</td><td>{sent.isoformat()} 09:12:00</td></tr>"
            f"<tr><th colspan='4'>来信内容</th></tr><tr><td colspan='4'>路面坑洼多，雨天积水严重，请尽快维修。</td></tr>"
            f"</table><table class='hf'><tr><th>回复单位</th><th>回复时间</th><th>回复内容</th></tr>"
            f"<tr><td>县交通运输局</td><td>{replied.isoformat()} 16:30:00</td><td>已安排养护队维修。</td></tr>"
            f"</table></div></div></div>")
    return Reply(document(title, body))


# ---- pages that are not columns -------------------------------------------------------------

GUIDE = document("办事指南", "<div class='bs'><h2>城乡居民养老保险参保登记办事指南</h2>" + "".join(
    f"<h4>{h}</h4><p>{h}：符合条件的城乡居民，持本人居民身份证和户口簿到户籍所在地乡镇便民服务中心办理参保登记，"
    f"工作人员当场受理，材料齐全的即时办结，不收取任何费用。</p>"
    for h in ("办理对象", "办理材料", "办理流程", "办理时限", "收费标准")) + "</div>",
    "<meta name='ColumnName' content='办事指南'>")
CONTACT = document("联系我们", "<div class='lxwm'><h2>联系我们</h2><p>地址：云溪县人民路1号</p><p>邮编：999001</p>"
                               "<p>电话：0999-1234567</p><p>传真：0999-1234568</p></div>",
                   "<meta name='ColumnName' content='联系我们'>")
WRITE = document("我要写信", """<div class='xx'><h2>县长信箱 我要写信</h2><form method='post' action='/xzxx/submit'>
<p>姓名：<input name='name'></p><p>手机：<input type='tel' name='tel'></p><p>标题：<input name='title'></p>
<p>内容：<textarea name='content'></textarea></p><p><input type='submit' value='提交'></p></form>
<div class='tip'>暂无数据</div></div>""", "<meta name='ColumnName' content='县长信箱'>")
LANDING = document("政务公开", "<div class='zwgk'><h2>政务公开</h2><div class='rk'>" + "".join(
    f"<div class='rk-item'><a href='{href}'>{name}</a></div>" for name, href in (
        ("通知公告", "/tzgg/index.html"), ("政策文件", "/zcwj/index.html"), ("工作动态", "/gzdt/index.html"),
        ("统计数据", "/tjsj/index.html"), ("规范性文件", "/list.asp?classid=3"))) + "</div></div>",
    "<meta name='ColumnName' content='政务公开'>")
# 信息公开: the latest items of three sub-columns, each box with its "更多" link (an overview).
OVERVIEW = document("信息公开", "".join(
    f"<div class='gk-box'><div class='gk-hd'><b>{name}</b><a href='{more}'>更多&gt;&gt;</a></div><ul>"
    + "".join(f"<li><a href='{href(n)}'>{t}</a><i>{d:%m-%d}</i></li>" for n, (t, d) in enumerate(items[:4]))
    + "</ul></div>"
    for name, more, items, href in (("通知公告", "/tzgg/index.html", TZGG, tzgg_path),
                                     ("政策文件", "/zcwj/index.html", ZCWJ, zcwj_path),
                                     ("规范性文件", "/list.asp?classid=3", [(t, d) for _, t, d in WJTZ],
                                      lambda n: f"/show.asp?id={21 + n}"))),
    "<meta name='ColumnName' content='信息公开'>")
SITEMAP = document("网站地图", "<div class='map'>" + "".join(
    f"<dl><dt><a href='{href}'>{name}</a></dt></dl>" for name, href in NAV[1:]) + "</div>")


def homepage() -> str:
    news = "".join(f"<li><a href='{tzgg_path(n)}'>{t}</a><span>{d:%m-%d}</span></li>" for n, (t, d) in enumerate(TZGG[:4]))
    return document("首页", f"<div class='sy-tz'><h3>通知公告</h3><ul>{news}</ul></div>")


def routes() -> dict:
    pages: dict = {
        "/": homepage(),
        "/tzgg/index.html": tzgg_list(),
        "/zxft/index.html": document("在线访谈", "<div class='lm-bt'>在线访谈</div>"
                                            "<div class='ft-list'><div class='kong'>暂无信息</div></div>"),
        "/tjsj/index.html": document("统计数据", "<div class='lm-bt'>统计数据</div><table class='sj'>"
                                            "<tr><th>标题</th><th>发布日期</th></tr></table>"),
        "/zwgk/index.html": LANDING,
        "/zcwj/index.html": scripted_list("政策文件", f"<ul id='zcwj-list' data-api='/api/zcwj/list?pageNo=1&pageSize={ZCWJ_PAGE}'></ul>"),
        "/api/zcwj/list": zcwj_api,
        "/gzdt/index.html": scripted_list("工作动态", "<div class='news-box' data-api='/api/news?cat=gzdt'></div>"),
        "/api/news": gzdt_api,
        "/xzdt/index.html": scripted_list("乡镇动态", "<ul class='town' data-url='/data/towns.json'></ul>"),
        "/data/towns.json": xzdt_api,
        "/tpxw/index.html": scripted_list("图片新闻", "<div class='pic-list' data-api='/api/pics'></div>"),
        "/api/pics": Reply(json.dumps({"data": [], "total": 0}), content_type=JSON),
        "/js/list.js": Reply(LIST_JS, content_type="application/javascript"),
        "/js/jquery-1.12.4.min.js": Reply("/* jquery */", content_type="application/javascript"),
        "/ztzl/index.html": document("专题专栏", "<div id='app'></div><script src='/static/js/app.8f3e2a1c.js'></script>"),
        "/static/js/app.8f3e2a1c.js": app_js(ZTZL, "app"),
        "/jcxx/index.html": document("基层信息", "<div class='lm-bt'>基层信息</div><div class='jc' id='jcList'></div>"
                                            "<script src='/js/jcxx-list.js'></script><div class='side-box'>"
                                            "<div class='tit'>最新通知</div><ul>" + "".join(
                                                f"<li><a href='{tzgg_path(n)}'>{t}</a><span>{d.isoformat()}</span></li>"
                                                for n, (t, d) in enumerate(TZGG[:4])) + "</ul></div>"),
        "/js/jcxx-list.js": app_js(JCXX, "jcList"),
        "/list.asp?classid=3": asp_list(),
        "/show.asp": asp_show,
        "/xzxx/index.html": document("县长信箱", "<div class='lm-bt'>县长信箱</div><table class='xj'><thead><tr>"
                                            "<th>编号</th><th>标题</th><th>来信时间</th><th>回复时间</th></tr></thead>"
                                            "<tbody id='letters' data-api='/api/letters?page=1'></tbody></table>"
                                            "<script src='/js/list.js'></script>"),
        "/api/letters": letters_api,
        "/jact/front/mailpublist.do": document("领导信箱", JACT_LIST),
        "/jact/front/dataproxy_mailpublist.do": jact_proxy,
        "/jact/front/mailpubdetail.do": jact_detail,
        "/jact/front/js/jpage.js": Reply("/* jpage */", content_type="application/javascript"),
        "/bszn/index.html": GUIDE,
        "/lxwm/index.html": CONTACT,
        "/wyxx/index.html": WRITE,
        "/wzdt/index.html": SITEMAP,
        "/xxgk/index.html": OVERVIEW,
        "/go/12/1": redirect_chain(12), **{f"/go/12/{n}": redirect_chain(12) for n in range(2, 14)},
        **{f"/go/3/{n}": redirect_chain(3) for n in range(1, 5)},
    }
    for n, (title, day) in enumerate(TZGG):
        pages[tzgg_path(n)] = article(title, day, TZGG_LINKS if n == 0 else "")
    for n, (title, day) in enumerate(ZCWJ):
        pages[zcwj_path(n)] = article(title, day)
    for i, (title, day) in enumerate(GZDT):
        pages[f"/gzdt/{day:%Y%m}/{day:%d}_{i}.html"] = article(title, day)
    for i, (title, day) in enumerate(XZDT):
        pages[f"/xzdt/{i}.html"] = article(title, day)
    for title, day, href in ZTZL + JCXX:
        pages[href] = article(title, day)
    return pages


# (check, path) the audit must report; decoys it must not.
EXPECTED = [
    ("blank_column", "/zxft/index.html"),  # 暂无信息 in markup
    ("blank_column", "/tjsj/index.html"),  # a list table with its header only
    ("blank_column", "/tpxw/index.html"),  # its data API lists nothing
    ("stale_column", "/gzdt/index.html"),  # news read from an API, 40 days old
    ("interpretation_missing", zcwj_path(6)),  # listed only on page 2 of the API
    ("interpretation_missing", "/show.asp?id=21"),  # an ASP document page
    ("message_late_reply", "/xzxx/index.html#XZ2026090001"),  # a letter with no page of its own
    ("message_unanswered", "/xzxx/index.html#XZ2026100002"),
    ("message_late_reply", "/jact/front/mailpubdetail.do?sysid=7&transactId=311"),  # date on its page
    ("broken_link", f"http://{DEAD_HOST}/zt/2019/index.html"),  # DNS failure
    ("broken_link", "/go/12/1"),  # 12 redirects
]
DECOYS = [("blank_column", path) for path in (
    "/tzgg/index.html", "/zcwj/index.html", "/gzdt/index.html", "/xzdt/index.html", "/ztzl/index.html",
    "/jcxx/index.html", "/list.asp?classid=3", "/xzxx/index.html", "/jact/front/mailpublist.do?sysid=7",
    "/zwgk/index.html", "/bszn/index.html", "/lxwm/index.html", "/wyxx/index.html", "/wzdt/index.html",
    "/xxgk/index.html", "/jact/front/mailpubdetail.do?sysid=7&transactId=311", zcwj_path(0), "/show.asp?id=21")] + [
    ("stale_column", "/xzdt/index.html"), ("stale_column", "/zcwj/index.html"),
    ("message_late_reply", "/xzxx/index.html#XZ2026100003"),
    ("message_late_reply", "/jact/front/mailpubdetail.do?sysid=7&transactId=312"),
    ("broken_link", "/go/3/1"),
]
NOT_COLUMNS = ["/xxgk/index.html", "/zwgk/index.html", "/bszn/index.html", "/lxwm/index.html", "/wyxx/index.html", "/wzdt/index.html",
               "/jact/front/mailpubdetail.do?sysid=7&transactId=311", "/show.asp?id=21"]
