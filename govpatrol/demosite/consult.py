"""网上咨询 as a script-built list: the served page holds an empty table, its script fetches
``/api/consult/list?page=N`` (JSON, 10 a page) and draws the rows, page after page.

Only a browser sees the letters. They have no pages of their own: a letter is named by the
list page and its number (``index.html#ZX…``).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from govpatrol.demosite.letters import Letter, Mailbox
from govpatrol.demosite.markup import column_document
from govpatrol.demosite.web import Request, Response, Site, html_response

if TYPE_CHECKING:
    from govpatrol.demosite.portal import Portal

API = "/api/consult/list"
PAGE_SIZE = 10
TRAIL = [("互动交流", None)]
STATUS_CODES = {"待回复": "0", "待处理": "0", "处理中": "1", "已答复": "2"}

LIST_SCRIPT = """<script type="text/javascript">
(function () {
  var body = document.getElementById('zxBody');
  function cell(text) { var td = document.createElement('td'); td.textContent = text || ''; return td; }
  function draw(item) {
    var tr = document.createElement('tr');
    [item.code, item.title, item.statusName, item.createTime.substring(0, 10),
     item.replyTime ? item.replyTime.substring(0, 10) : '', item.replyDept].forEach(function (text) {
      tr.appendChild(cell(text));
    });
    body.appendChild(tr);
  }
  function load(page) {
    fetch('/api/consult/list?page=' + page).then(function (r) { return r.json(); }).then(function (res) {
      res.data.list.forEach(draw);
      if (res.data.pageNo < res.data.pages) { load(page + 1); }
      else { document.getElementById('zxTotal').textContent = res.data.total; }
    });
  }
  load(1);
})();
</script>"""


def list_page(portal: Portal, mailbox: Mailbox, request: Request) -> Response:
    listing = ('<div class="zx-tip">共 <span id="zxTotal">-</span> 条咨询</div>\n'
               '<table class="zx-list" width="100%"><thead><tr><th>编号</th><th>咨询标题</th><th>办理状态</th>'
               '<th>提交时间</th><th>答复时间</th><th>答复单位</th></tr></thead>\n'
               f'<tbody id="zxBody"></tbody></table>\n{LIST_SCRIPT}')
    return html_response(column_document(portal.identity, portal.nav, mailbox.name, listing, request.links,
                                         portal.key, TRAIL))


def _item(letter: Letter, n: int) -> dict:
    return {
        "id": 5000 + n,
        "code": letter.number,
        "title": letter.title,
        "createTime": f"{letter.sent.isoformat()} 09:{n * 7 % 60:02d}:00",
        "status": STATUS_CODES.get(letter.status, "1"),
        "statusName": letter.status,
        "replyTime": f"{letter.replied.isoformat()} 15:00:00" if letter.replied else None,
        "replyDept": letter.unit if letter.replied else None,
        "replyContent": letter.reply or None,
    }


def api_reply(mailbox: Mailbox, request: Request) -> Response:
    try:
        page = max(1, int(request.param("page", "1")))
    except ValueError:
        page = 1
    total = len(mailbox.letters)
    chosen = mailbox.letters[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    first = (page - 1) * PAGE_SIZE
    data = {"code": 200, "msg": "success",
            "data": {"total": total, "pageNo": page, "pageSize": PAGE_SIZE, "pages": -(-total // PAGE_SIZE),
                     "list": [_item(letter, first + n + 1) for n, letter in enumerate(chosen)]}}
    return Response(200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")


def add_routes(site: Site, portal: Portal, mailbox: Mailbox) -> None:
    site.add(mailbox.path, lambda request: list_page(portal, mailbox, request))
    site.add(API, lambda request: api_reply(mailbox, request))
