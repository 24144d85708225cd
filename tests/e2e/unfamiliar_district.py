"""青山区人民政府: a district site whose every list is drawn by script from JSON APIs.

Each list names its data address in a different attribute and pages with different fields
(pageNum/pageSize/total, start/limit/totalCount, page/current/pages, pageNo/totalRecord);
one list is only drawn by a framework bundle mounted on ``<div id="root">``. Consultations
come from an API whose records link to their own pages, where alone the reply date stands.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from tests.e2e.routed_site import JSON, Request
from tests.support.http_servers import Reply

AS_OF = date(2026, 11, 20)
HOST = "www.qingshan.gov.cn"


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


NAV = [("首页", "/"), ("工作动态", "/news/gzdt.html"), ("通知公告", "/news/tzgg.html"),
       ("部门动态", "/news/bmdt.html"), ("政务公开", "/zwgk/index.html"), ("政策文件", "/zwgk/zcwj.html"), ("统计信息", "/zwgk/tjxx.html"),
       ("在线咨询", "/hudong/zxzx.html"), ("领导信箱", "/hudong/ldxx.html"), ("专题专栏", "/ztzl/index.html"),
       ("联系我们", "/about/lxwm.html")]
FOOT = ("<footer class='site-footer'><p>主办：青山区人民政府办公室 网站标识码：9999000002 滇ICP备87654321号</p>"
        "<p>滇公网安备 53999902000002号</p></footer>")
CHANNEL_JS = "/* channel.js: reads the list's data address from its data-* attribute and draws the rows */"


def shell(title: str, content: str, crumb: str = "") -> str:
    nav = "".join(f"<a class='nav-item' href='{h}'>{n}</a>" for n, h in NAV)
    crumbs = f"<div class='crumbs'>当前位置：<a href='/'>首页</a> &gt; {crumb or title}</div>"
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{title}-青山区人民政府</title>"
            f"<script src='/static/js/vendor/jquery.min.js'></script></head><body><header class='site-header'>"
            f"<nav>{nav}</nav></header><main class='container'>{crumbs}{content}</main>{FOOT}"
            f"<script src='/static/js/channel.js'></script></body></html>")


def article(title: str, day: date, extra: str = "") -> str:
    body = "".join(f"<p>{title}。区直各部门、各街道要结合实际，认真组织实施，确保各项措施落地见效。</p>" for _ in range(4))
    return shell(title, f"<article class='detail'><h1>{title}</h1><div class='meta'>"
                        f"<span>发布日期：{day:%Y年%m月%d日}</span><span>来源：区政府办</span></div>"
                        f"<div class='detail-body'>{body}{extra}</div></article>")


def listing(title: str, attribute: str, address: str, tag: str = "ul") -> str:
    # Beside every list, a box of the latest notices in the markup (fresh, and not the list).
    hot = "".join(f"<li><a href='/news/tzgg/{i}.html'>{t}</a><em>{d.isoformat()}</em></li>"
                  for i, (t, d) in enumerate(TZGG[:4]))
    return shell(title, f"<section class='list-wrap'><h2 class='list-title'>{title}</h2>"
                        f"<{tag} class='list-ul' {attribute}='{address}'></{tag}><div class='pagination'></div></section>"
                        f"<aside class='side-hot'><h3>热点信息</h3><ul>{hot}</ul></aside>")


# 工作动态: pageNum / pageSize / total; 30 days old (stale news).
GZDT = [(f"青山区召开第{n}次重点工作调度会", ago(30 + 4 * n)) for n in range(9)]


def gzdt_api(request: Request) -> Reply:
    num, size = int(request.param("pageNum", "1")), int(request.param("pageSize", "4"))
    chosen = list(enumerate(GZDT))[(num - 1) * size: num * size]
    rows = [{"title": t, "url": f"/news/gzdt/{i}.html", "fbrq": d.isoformat()} for i, (t, d) in chosen]
    return Reply(json.dumps({"code": 0, "rows": rows, "total": len(GZDT)}, ensure_ascii=False), content_type=JSON)


# 通知公告: start / limit / totalCount; fresh.
TZGG = [(f"关于青山区第{n}批公共服务事项调整的公告", ago(2 + 8 * n)) for n in range(7)]


def tzgg_api(request: Request) -> Reply:
    start, limit = int(request.param("start", "0")), int(request.param("limit", "5"))
    chosen = list(enumerate(TZGG))[start:start + limit]
    items = [{"name": t, "link": f"/news/tzgg/{i}.html", "publishDate": f"{d:%Y/%m/%d}"} for i, (t, d) in chosen]
    return Reply(json.dumps({"success": True, "totalCount": len(TZGG), "items": items}, ensure_ascii=False),
                 content_type=JSON)


# 部门动态: the list script fetches ready-made rows (an HTML fragment), not JSON.
BMDT = [(f"区{u}开展冬季安全生产大检查", ago(3 + 5 * n)) for n, u in enumerate(("应急局", "住建局", "交通局", "市监局"))]
BMDT_ROWS = "".join(f"<li><a href='/news/bmdt/{n}.html'>{t}</a><span class='time'>{d.isoformat()}</span></li>"
                    for n, (t, d) in enumerate(BMDT))


# 政策文件: page / current / pages; the third page holds a document with no interpretation;
# the first document and its interpretation link each other.
ZCWJ = [(f"青山区人民政府关于印发第{n}项工作方案的通知", ago(5 + 15 * n)) for n in range(7)]
JD_PATH = "/zwgk/zcjd/0.html"


def zcwj_path(n: int) -> str:
    return f"/zwgk/zcwj/{n}.html"


def zcwj_api(request: Request) -> Reply:
    page = int(request.param("page", "1"))
    chosen = list(enumerate(ZCWJ))[(page - 1) * 3: page * 3]
    records = [{"subject": t, "path": zcwj_path(i), "releaseTime": f"{d.isoformat()} 10:00:00"} for i, (t, d) in chosen]
    return Reply(json.dumps({"data": {"records": records, "current": page, "pages": 3}}, ensure_ascii=False),
                 content_type=JSON)


# 在线咨询: pageNo / totalRecord; records link to their own pages.
CONSULT = [(501, "新生儿医保如何办理", ago(45), ago(6)),  # late: the reply date is on its page
           (502, "公租房申请条件", ago(12), ago(10))]  # in time (decoy)


def consult_api(request: Request) -> Reply:
    records = [{"id": i, "title": t, "askTime": s.isoformat(), "status": "已回复",
                "detailUrl": f"/hudong/consult/{i}.html"} for i, t, s, _ in CONSULT]
    return Reply(json.dumps({"pageNo": 1, "totalRecord": len(records), "list": records}, ensure_ascii=False),
                 content_type=JSON)


def consult_page(number: int, title: str, sent: date, replied: date) -> str:
    return shell(title, f"<div class='qa'><h1>{title}</h1><dl class='ask'><dt>咨询人</dt><dd>市民李**</dd>"
                        f"<dt>咨询时间</dt><dd>{sent.isoformat()}</dd><dt>咨询内容</dt><dd>请问{title}？</dd></dl>"
                        f"<dl class='answer'><dt>答复单位</dt><dd>区医保局</dd><dt>答复时间</dt><dd>{replied.isoformat()}</dd>"
                        f"<dt>答复内容</dt><dd>您好，可在线办理。</dd></dl></div>", "在线咨询")


ZTZL = [("青山区创建全国文明城区专题", ago(25), "/ztzl/wmcq/index.html"),
        ("青山区“十五五”规划编制专题", ago(50), "/ztzl/sww/index.html")]
BUNDLE = """(function () {
  var root = document.getElementById('root'), ul = document.createElement('ul');
  %s.forEach(function (it) {
    var li = document.createElement('li');
    li.innerHTML = '<a href="' + it[2] + '">' + it[0] + '</a><span class="time">' + it[1] + '</span>';
    ul.appendChild(li);
  });
  root.appendChild(ul);
})();"""

CONTACT = shell("联系我们", "<div class='about'><h2>联系我们</h2><table class='tel'><tr><th>部门</th><th>电话</th></tr>"
                          "<tr><td>区政府办公室</td><td>0999-7654321</td></tr><tr><td>区政务服务中心</td><td>0999-7654322</td></tr>"
                          "</table><p>地址：青山区青山大道8号</p></div>")
MAIL_FORM = shell("领导信箱", """<div class='form-box'><h2>给区领导写信</h2>
<div class='form-row'><label>姓名</label><input type='text' id='xm'></div>
<div class='form-row'><label>联系电话</label><input type='tel' id='dh'></div>
<div class='form-row'><label>来信标题</label><input type='text' id='bt'></div>
<div class='form-row'><label>来信内容</label><textarea id='nr'></textarea></div>
<button onclick='submitLetter()'>提交</button><p class='tips'>暂无内容</p></div>""")
LANDING = shell("政务公开", "<div class='cards'>" + "".join(
    f"<div class='card'><a href='{h}'><img src='/static/img/{i}.png'><p>{n}</p></a></div>"
    for i, (n, h) in enumerate([("政策文件", "/zwgk/zcwj.html"), ("统计信息", "/zwgk/tjxx.html"),
                                ("政府信息公开指南", "/zwgk/gkzn/index.html"), ("政府信息公开年报", "/zwgk/ndbg/index.html")])
) + "</div>")


def homepage() -> str:
    rows = "".join(f"<li><a href='/news/tzgg/{i}.html'>{t}</a><span>{d:%Y-%m-%d}</span></li>"
                   for i, (t, d) in enumerate(TZGG[:4]))
    return shell("首页", f"<div class='home-news'><ul>{rows}</ul></div>")


def routes() -> dict:
    pages: dict = {
        "/": homepage(),
        "/static/js/channel.js": Reply(CHANNEL_JS, content_type="application/javascript"),
        "/static/js/vendor/jquery.min.js": Reply("/* jquery */", content_type="application/javascript"),
        "/news/gzdt.html": listing("工作动态", "data-list-url", "/openapi/article/list?channelId=11&pageNum=1&pageSize=4"),
        "/openapi/article/list": gzdt_api,
        "/news/tzgg.html": listing("通知公告", "data-source", "/openapi/notice?start=0&limit=5", "div"),
        "/openapi/notice": tzgg_api,
        "/news/bmdt.html": listing("部门动态", "data-url", "/ajax/bmdt.html?page=1"),
        "/ajax/bmdt.html": BMDT_ROWS,
        "/zwgk/zcwj.html": listing("政策文件", "data-api", "/openapi/policy?page=1"),
        "/openapi/policy": zcwj_api,
        "/zwgk/tjxx.html": listing("统计信息", "data-api", "/openapi/stat?pageNo=1", "div"),
        "/openapi/stat": Reply(json.dumps({"code": 0, "data": {"list": [], "totalRecord": 0}}), content_type=JSON),
        "/hudong/zxzx.html": listing("在线咨询", "data-api", "/openapi/consult/list"),
        "/openapi/consult/list": consult_api,
        "/hudong/ldxx.html": MAIL_FORM,
        "/zwgk/index.html": LANDING,
        "/about/lxwm.html": CONTACT,
        "/ztzl/index.html": shell("专题专栏", "<div id='root'></div>"
                                          "<script src='/static/js/main.3c9e1f2a.chunk.js'></script>"),
        "/static/js/main.3c9e1f2a.chunk.js": Reply(BUNDLE % json.dumps(
            [[t, d.isoformat(), h] for t, d, h in ZTZL], ensure_ascii=False), content_type="application/javascript"),
        JD_PATH: article("《青山区人民政府关于印发第0项工作方案的通知》政策解读", ago(4),
                         f"<p>原文：<a href='{zcwj_path(0)}'>{ZCWJ[0][0]}</a></p>"),
    }
    for i, (t, d) in enumerate(GZDT):
        pages[f"/news/gzdt/{i}.html"] = article(t, d)
    for i, (t, d) in enumerate(TZGG):
        pages[f"/news/tzgg/{i}.html"] = article(t, d)
    for i, (t, d) in enumerate(BMDT):
        pages[f"/news/bmdt/{i}.html"] = article(t, d)
    for i, (t, d) in enumerate(ZCWJ):
        pages[zcwj_path(i)] = article(t, d, f"<p>相关解读：<a href='{JD_PATH}'>政策解读</a></p>" if i == 0 else "")
    for n, t, s, r in CONSULT:
        pages[f"/hudong/consult/{n}.html"] = consult_page(n, t, s, r)
    for t, d, h in ZTZL:
        pages[h] = article(t, d)
    return pages


EXPECTED = [
    ("stale_column", "/news/gzdt.html"),
    ("blank_column", "/zwgk/tjxx.html"),
    ("interpretation_missing", zcwj_path(6)),  # third API page only
    ("message_late_reply", "/hudong/consult/501.html"),
]
DECOYS = [("blank_column", p) for p in (
    "/news/gzdt.html", "/news/bmdt.html", "/news/tzgg.html", "/zwgk/zcwj.html", "/hudong/zxzx.html", "/hudong/ldxx.html",
    "/zwgk/index.html", "/about/lxwm.html", "/ztzl/index.html", "/hudong/consult/501.html")] + [
    ("stale_column", "/news/tzgg.html"), ("stale_column", "/zwgk/zcwj.html"),
    ("interpretation_missing", zcwj_path(0)), ("interpretation_unlinked", zcwj_path(0)),
    ("message_late_reply", "/hudong/consult/502.html"),
]
NOT_COLUMNS = ["/hudong/ldxx.html", "/zwgk/index.html", "/about/lxwm.html", "/hudong/consult/501.html", JD_PATH]
