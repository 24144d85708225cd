"""白石乡人民政府: a clean site in unfamiliar shapes. Its lists come from markup, a data API and a
framework bundle, beside a contact page, a guide, a letter form, a site map, a landing page and
letter pages; everything is fresh and answered in time, so the audit must find nothing."""
from __future__ import annotations

import json
from datetime import date, timedelta

from tests.e2e.routed_site import JSON, Request
from tests.support.http_servers import Reply

AS_OF = date(2026, 11, 20)
HOST = "www.baishi.gov.cn"


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


NAV = [("首页", "/"), ("乡镇要闻", "/xzyw/"), ("通知公告", "/tzgg/"), ("专题活动", "/ztzl/"),
       ("政务公开", "/zwgk/"), ("乡长信箱", "/xzxx/"), ("我要写信", "/xzxx/write.html"),
       ("办事指南", "/bszn/"), ("联系我们", "/lxwm/"), ("网站地图", "/wzdt/")]


def page(title: str, body: str) -> str:
    nav = "".join(f"<span><a href='{h}'>{n}</a></span>" for n, h in NAV)
    return (f"<html><head><meta charset='utf-8'><title>{title} - 白石乡人民政府</title></head><body>"
            f"<div id='topbar'>{nav}</div><div class='wrap'>{body}</div>"
            "<div id='bottom'><p>主办单位：白石乡人民政府 网站标识码：9999000003</p>"
            "<p>滇ICP备11112222号-1 滇公网安备 53999902000003号</p>"
            "<p><a href='/jiucuo.html'>我为政府网站找错</a></p></div></body></html>")


def article(title: str, day: date) -> str:
    text = "".join(f"<p>{title}，全乡干部群众积极参与，各项工作有序推进，取得了阶段性成效。</p>" for _ in range(3))
    return page(title, f"<h3 class='at'>{title}</h3><p class='at-info'>发布时间：{day.isoformat()}</p>"
                       f"<div class='at-text'>{text}</div>")


XZYW = [(f"白石乡召开第{n}次党委会议研究部署重点工作", ago(1 + 3 * n)) for n in range(7)]
TZGG = [(f"白石乡关于第{n}季度惠农补贴公示的通知", ago(5 + 20 * n)) for n in range(4)]
ZTZL = [("白石乡“美丽乡村”建设专题活动", ago(30), "/ztzl/mlxc.html"),
        ("白石乡文明实践活动", ago(60), "/ztzl/wmsj.html")]
LETTERS = [(f"BS2026{n:04d}", f"关于第{n}村道路硬化的建议", ago(10 + 7 * n), ago(5 + 7 * n)) for n in range(4)]


def xzyw_api(request: Request) -> Reply:
    page_no, size = int(request.param("pageNum", "1")), 4
    chosen = list(enumerate(XZYW))[(page_no - 1) * size: page_no * size]
    records = [{"title": t, "url": f"/xzyw/{i}.html", "time": d.isoformat()} for i, (t, d) in chosen]
    # No total: only whether another page follows.
    more = page_no * size < len(XZYW)
    return Reply(json.dumps({"pageNum": page_no, "list": records, "hasNextPage": more},
                            ensure_ascii=False), content_type=JSON)


BUNDLE = """(function () {
  var box = document.getElementById('app'), html = '<ul class="zt">';
  %s.forEach(function (it) { html += '<li><a href="' + it[2] + '">' + it[0] + '</a> <span>' + it[1] + '</span></li>'; });
  box.innerHTML = html + '</ul>';
})();"""


def routes() -> dict:
    letters = "".join(f"<tr><td>{n}</td><td><a href='/xzxx/{i}.html'>{t}</a></td><td>已回复</td>"
                      f"<td>{s.isoformat()}</td><td>{r.isoformat()}</td></tr>"
                      for i, (n, t, s, r) in enumerate(LETTERS))
    pages: dict = {
        "/": page("首页", "<div class='sy'><ul>" + "".join(
            f"<li><a href='/xzyw/{i}.html'>{t}</a>[{d:%m-%d}]</li>" for i, (t, d) in enumerate(XZYW[:5])) + "</ul></div>"),
        "/jiucuo.html": page("找错", "<p>我为政府网站找错，请填写问题描述。</p>"),
        "/xzyw/": page("乡镇要闻", "<div class='cont'><ul id='news' data-api='/api/xzyw'></ul></div>"
                                 "<script src='/js/news.js'></script>"),
        "/js/news.js": Reply("/* draws the rows from data-api */", content_type="application/javascript"),
        "/api/xzyw": xzyw_api,
        "/tzgg/": page("通知公告", "<div class='cont'><table class='gg'>" + "".join(
            f"<tr><td><a href='/tzgg/{i}.html'>{t}</a></td><td>{d:%Y.%m.%d}</td></tr>"
            for i, (t, d) in enumerate(TZGG)) + "</table></div>"),
        "/ztzl/": page("专题活动", "<div id='app'></div><script src='/assets/index.5e1d2c3b.js'></script>"),
        "/assets/index.5e1d2c3b.js": Reply(BUNDLE % json.dumps([[t, d.isoformat(), h] for t, d, h in ZTZL],
                                                               ensure_ascii=False),
                                           content_type="application/javascript"),
        "/zwgk/": page("政务公开", "<div class='gk'>" + "".join(
            f"<p class='gk-item'><a href='{h}'>{n}</a></p>" for n, h in (("乡镇要闻", "/xzyw/"), ("通知公告", "/tzgg/"),
                                                                       ("专题活动", "/ztzl/"))) + "</div>"),
        "/xzxx/": page("乡长信箱", "<table class='xj'><tr><th>信件编号</th><th>信件标题</th><th>状态</th>"
                                 f"<th>来信时间</th><th>回复时间</th></tr>{letters}</table>"),
        "/xzxx/write.html": page("我要写信", "<div class='write'><p>姓名：<input name='xm'></p><p>电话：<input name='dh'></p>"
                                             "<p>内容：<textarea name='nr'></textarea></p><button>提交</button></div>"),
        "/bszn/": page("办事指南", "<div class='zn'><h3>农村建房审批办事指南</h3>" + "<p>申请人持身份证、户口簿、宅基地申请表到乡便民服务中心提出申请，"
                                   "经村民小组、村委会讨论公示后报乡人民政府审批，审批时限为二十个工作日。</p>" * 3 + "</div>"),
        "/lxwm/": page("联系我们", "<div class='lx'><p>地址：白石乡政府街1号</p><p>电话：0999-5550001</p></div>"),
        "/wzdt/": page("网站地图", "<div class='dt'>" + "".join(f"<a href='{h}'>{n}</a> " for n, h in NAV) + "</div>"),
    }
    for i, (t, d) in enumerate(XZYW):
        pages[f"/xzyw/{i}.html"] = article(t, d)
    for i, (t, d) in enumerate(TZGG):
        pages[f"/tzgg/{i}.html"] = article(t, d)
    for t, d, h in ZTZL:
        pages[h] = article(t, d)
    for i, (n, t, s, r) in enumerate(LETTERS):
        pages[f"/xzxx/{i}.html"] = page(t, f"<table class='xq'><tr><td>信件编号</td><td>{n}</td></tr>"
                                           f"<tr><td>来信时间</td><td>{s.isoformat()}</td></tr>"
                                           f"<tr><td>来信内容</td><td>{t}。</td></tr>"
                                           f"<tr><td>回复时间</td><td>{r.isoformat()}</td></tr>"
                                           "<tr><td>回复内容</td><td>已列入计划。</td></tr></table>")
    return pages


COLUMNS = {"/xzyw/": len(XZYW), "/tzgg/": len(TZGG), "/ztzl/": len(ZTZL), "/xzxx/": len(LETTERS)}
NOT_COLUMNS = ["/zwgk/", "/xzxx/write.html", "/bszn/", "/lxwm/", "/wzdt/", "/xzxx/0.html", "/jiucuo.html"]
