"""政府信息公开目录 on the gkmlpt platform: a script shell whose list comes from a JSON API.

``/gkmlpt/index`` serves an empty list; its script fetches
``/gkmlpt/api/all/{catId}?page=N&sid=…`` (10 records a page, publish times in Unix seconds),
draws the rows and a pager of ``?page=N`` links that load the same shell for page N. Records
open ``/gkmlpt/content/2/{catId}/post_{id}.html`` pages with a 信息公开 header whose 文号 is 无
(financial reports are not numbered documents).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from checks.chinatime import CHINA
from govpatrol.demosite.clock import ago, series
from govpatrol.demosite.markup import column_document
from govpatrol.demosite.model import Article, Disclosure
from govpatrol.demosite.web import Request, Response, Site, html_response

if TYPE_CHECKING:
    from govpatrol.demosite.portal import Portal

CAT_ID = 2476
SID = "755001"
INDEX = "/gkmlpt/index"
API = f"/gkmlpt/api/all/{CAT_ID}"
NAME = "财政信息"
PAGE_SIZE = 10
TRAIL = [("政府信息公开", "/zwgk/index.html")]

TITLES = (
    "云溪市2026年1-10月财政预算执行情况", "云溪市2026年1-9月一般公共预算收支情况", "云溪市2026年政府债务限额及余额情况",
    "云溪市2026年上半年财政预算执行情况", "云溪市2026年1-5月财政收支情况", "云溪市2025年市本级决算公开说明",
    "云溪市2026年第一季度财政预算执行情况", "云溪市2026年市级部门预算公开目录", "云溪市2026年市本级“三公”经费预算情况说明",
    "关于云溪市2025年预算执行情况和2026年预算草案的报告", "云溪市2026年政府采购意向公开汇总",
    "云溪市2025年1-12月财政收支情况", "云溪市2025年1-11月财政收支情况", "云溪市2025年第三季度政府债务情况",
)
DAYS: list[date] = series(ago(6), len(TITLES), 27)

LIST_SCRIPT = """<script type="text/javascript">
(function () {
  var page = parseInt(new URLSearchParams(location.search).get('page') || '1', 10);
  function day(seconds) { return new Date((seconds + 8 * 3600) * 1000).toISOString().substring(0, 10); }
  fetch('%(api)s?page=' + page + '&sid=%(sid)s').then(function (r) { return r.json(); }).then(function (data) {
    var list = document.getElementById('gkmlList');
    data.articles.forEach(function (item) {
      var li = document.createElement('li'), a = document.createElement('a'), when = document.createElement('span');
      a.href = item.url; a.title = item.title; a.target = '_blank'; a.textContent = item.title;
      when.className = 'fr'; when.textContent = day(item.display_publish_time);
      li.appendChild(a); li.appendChild(when); list.appendChild(li);
    });
    var pager = document.getElementById('gkmlPager'), pages = Math.ceil(data.total / data.limit);
    for (var n = 1; n <= pages; n++) {
      var link = document.createElement(n === page ? 'span' : 'a');
      if (n !== page) { link.href = '?page=' + n; }
      link.textContent = n; pager.appendChild(link);
    }
  });
})();
</script>"""


def post_id(n: int) -> int:
    return 4_418_000 + n


def content_path(n: int) -> str:
    return f"/gkmlpt/content/2/{CAT_ID}/post_{post_id(n)}.html"


def articles() -> list[Article]:
    """The records' own pages (TRS article template, 信息公开 header with 文号 无)."""
    result = []
    for n, (title, day) in enumerate(zip(TITLES, DAYS)):
        disclosure = Disclosure(f"11339900MB1234567X/2026-2{n:04d}", "云溪市财政局", day, "无", day,
                                topic="财政预决算")
        text = (f"{day.month}月{day.day}日，市财政局公开{title}。",
                "全市财政收支运行总体平稳，重点支出保障有力，民生支出占一般公共预算支出的比重保持在七成以上。",
                "详细数据见附表。")
        result.append(Article(path=content_path(n), title=title,
                              published=datetime(day.year, day.month, day.day, 10, 0), source="市财政局",
                              paragraphs=text, disclosure=disclosure))
    return result


def list_page(portal: Portal, request: Request) -> Response:
    listing = ('<div id="app"><ul class="list" id="gkmlList"></ul><div class="page" id="gkmlPager"></div></div>\n'
               + LIST_SCRIPT % {"api": API, "sid": SID})
    return html_response(column_document(portal.identity, portal.nav, NAME, listing, request.links,
                                         portal.key, TRAIL))


def api_reply(request: Request) -> Response:
    try:
        page = max(1, int(request.param("page", "1")))
    except ValueError:
        page = 1
    if request.param("sid") != SID:
        body = {"code": 400, "msg": "sid required", "articles": [], "total": 0, "page": page, "limit": PAGE_SIZE}
    else:
        first = (page - 1) * PAGE_SIZE
        chosen = list(enumerate(zip(TITLES, DAYS)))[first:first + PAGE_SIZE]
        body = {"total": len(TITLES), "page": page, "limit": PAGE_SIZE, "articles": [
            {"id": post_id(n), "title": title, "url": f"{content_path(n)}#{CAT_ID}",
             "display_publish_time": int(datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA).timestamp()),
             "publisher_names": "云溪市财政局", "identifier": f"11339900MB1234567X/2026-2{n:04d}",
             "document_number": ""} for n, (title, day) in chosen]}
    return Response(200, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")


def add_routes(site: Site, portal: Portal) -> None:
    site.add(INDEX, lambda request: list_page(portal, request))
    site.add(API, api_reply)
