"""Mailboxes in three shapes, and the letters planted in them.

- ``table``: an HTML table (编号, 标题, 状态, 来信时间, 回复时间) with a page per letter;
- ``jact``: 大汉 JACT, a list whose rows come from ``dataproxy_mailpublist.do`` as a
  ``dataStore`` script, showing only the date sent; the reply date is on the letter's page
  ``mailpubdetail.do?sysid=…&transactId=…``;
- ``json``: an empty table that an inline script fills from a JSON API, page by page; letters
  have no pages of their own (a finding names ``list#number``).

Letter roles: ``in_time`` (answered within 1–6 working days), ``young`` (no reply, 1–3
working days old), ``old`` (no reply, sent before the one-year window), ``late`` (answered
after 20–28 working days, message_late_reply warn), ``unanswered`` (no reply after 25–40
working days and under 85 days, deduct), ``veto`` (no reply for 100–250 days).
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Mapping

from govpatrol.demosite.generated.builder import Context
from govpatrol.demosite.generated.chrome import breadcrumb, document, esc, header, page_title, site_meta, wrap
from govpatrol.demosite.generated.content import (PEOPLE, TOPICS, TOWNS, UNITS, Letter, Mailbox, add_workdays,
                                                  sub_workdays)
from govpatrol.demosite.generated.site import Dynamic, Resource

NAMES = {"table": ("市长信箱", "szxx"), "jact": ("领导信箱", "ldxx"), "json": ("网上咨询", "wszx")}
TRAIL = [("互动交流", "/hdjl/index.html")]
JACT_LIST = "/jact/front/mailpublist.do"
JACT_PROXY = "/jact/front/dataproxy_mailpublist.do"
JACT_DETAIL = "/jact/front/mailpubdetail.do"
PROBLEM_ROLES = {"late": ("message_late_reply", "warn"), "unanswered": ("message_unanswered", "deduct"),
                 "veto": ("message_unanswered", "veto")}
DECOY_ROLES = {"young": "message_unanswered", "old": "message_unanswered", "in_time": "message_late_reply"}


def make_letters(rng: random.Random, as_of: date, roles: list[str], prefix: str) -> list[Letter]:
    letters = []
    for seq, role in enumerate(roles, start=1):
        topic = rng.choice(TOPICS)
        title = rng.choice((f"{rng.choice(TOWNS)}{topic}问题反映", f"关于{topic}的咨询", f"建议加强{topic}"))
        unit = "市" + rng.choice(UNITS)
        if role == "young":
            sent, replied = sub_workdays(as_of, rng.randint(1, 3)), None
        elif role == "old":
            sent, replied = as_of - timedelta(days=rng.randint(380, 420)), None
        elif role == "veto":
            sent, replied = as_of - timedelta(days=rng.randint(100, 250)), None
        elif role == "unanswered":
            sent = sub_workdays(as_of, rng.randint(25, 40))
            while (as_of - sent).days > 85:
                sent += timedelta(days=1)
            replied = None
        elif role == "late":
            sent = as_of - timedelta(days=rng.randint(60, 200))
            replied = add_workdays(sent, rng.randint(20, 28))
        else:
            sent = as_of - timedelta(days=rng.randint(10, 300))
            replied = add_workdays(sent, rng.randint(1, 6))
        status = ("已回复" if replied else rng.choice(("办理中", "待回复", "已受理")))
        letters.append(Letter(f"{prefix}{sent:%Y%m%d}{seq:04d}", title, sent, replied, status, role, unit,
                              rng.choice(PEOPLE)))
    return sorted(letters, key=lambda letter: (letter.sent, letter.number), reverse=True)


def shell(ctx: Context, mailbox: Mailbox, listing: str) -> str:
    body = (f"{header(ctx.tpl, ctx.site, ctx.nav)}\n{breadcrumb([*TRAIL, (mailbox.name, None)])}\n"
            f'<div class="lm-name"><h2>{esc(mailbox.name)}</h2></div>\n{wrap(ctx.tpl, listing, mailbox.key)}\n'
            f'<p><a href="/hdjl/write.html">我要写信</a></p>\n{ctx.footer}')
    return document(page_title(ctx.tpl, mailbox.name, ctx.site), site_meta(ctx.site, mailbox.name), body)


def detail_page(ctx: Context, mailbox: Mailbox, letter: Letter) -> str:
    def row(label: str, value: str) -> str:
        return f'<tr><td class="tit">{label}</td><td>{esc(value)}</td></tr>'
    reply = (f"{row('回复单位：', letter.unit)}{row('回复时间：', f'{letter.replied.isoformat()} 16:30:00')}"
             f"{row('回复内容：', f'您好！您反映的问题已收悉，经{letter.unit}核实，已安排专人处理。感谢您的支持。')}"
             if letter.replied else row("办理情况：", "该信件正在办理中，办理完毕后公开答复内容。"))
    table = (f"{row('信件编号：', letter.number)}{row('信件标题：', letter.title)}{row('来信人：', letter.author)}"
             f"{row('来信时间：', f'{letter.sent.isoformat()} 10:12:00')}{row('办理状态：', letter.status)}"
             f"{row('来信内容：', f'您好！{letter.title}，希望有关部门尽快核实处理。')}{reply}")
    body = (f"{header(ctx.tpl, ctx.site, ctx.nav)}\n"
            f"{breadcrumb([*TRAIL, (mailbox.name, mailbox.path), ('信件详情', None)])}\n"
            f'<div class="mail-detail"><h3>{esc(letter.title)}</h3><table class="viewform">{table}</table></div>\n'
            f"{ctx.footer}")
    return document(page_title(ctx.tpl, letter.title, ctx.site), site_meta(ctx.site), body)


# -- table --------------------------------------------------------------------------------------
def serve_table(ctx: Context, mailbox: Mailbox) -> None:
    mailbox.path = f"/hdjl/{mailbox.key}/index.html"
    rows = []
    for letter in mailbox.letters:
        mailbox.detail[letter.number] = f"/hdjl/{mailbox.key}/{letter.number}.html"
        rows.append(f'<tr><td>{letter.number}</td><td><a href="{letter.number}.html" target="_blank">'
                    f"{esc(letter.title)}</a></td><td>{letter.status}</td><td>{letter.sent.isoformat()}</td>"
                    f"<td>{letter.replied.isoformat() if letter.replied else ''}</td></tr>")
        ctx.page(mailbox.detail[letter.number], detail_page(ctx, mailbox, letter))
    listing = ('<table class="mail-list" width="100%"><tr><th>信件编号</th><th>信件标题</th><th>办理状态</th>'
               f"<th>来信时间</th><th>回复时间</th></tr>{''.join(rows)}</table>")
    ctx.page(mailbox.path, shell(ctx, mailbox, listing))


# -- JACT ---------------------------------------------------------------------------------------
def jact_answer(data: tuple, params: Mapping[str, str]) -> Resource:
    sysid, records = data
    if params.get("sysid") != sysid:
        return Resource(b"dataStore = [];\n", 200, "text/html;charset=UTF-8")
    try:
        start = max(1, int(params.get("startrecord") or 1))
        end = int(params.get("endrecord") or start + 19)
    except ValueError:
        start, end = 1, 0
    chosen = records[start - 1:max(start - 1, end)]
    body = "dataStore = [" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in chosen) + "];\n"
    return Resource(body.encode("utf-8"), 200, "text/html;charset=UTF-8")


def serve_jact(ctx: Context, mailbox: Mailbox, sysid: str) -> None:
    mailbox.path = f"{JACT_LIST}?sysid={sysid}"
    records = []
    for n, letter in enumerate(mailbox.letters, start=1):
        mailbox.detail[letter.number] = f"{JACT_DETAIL}?sysid={sysid}&transactId={n}"
        records.append(f"<tr><td>{letter.number}</td><td><a href='mailpubdetail.do?sysid={sysid}&transactId={n}' "
                       f"target='_blank'>{esc(letter.title)}</a></td><td>{'已办结' if letter.replied else letter.status}"
                       f"</td><td>{letter.sent.isoformat()}</td><td>{10 + n * 7 % 50}</td></tr>")
        ctx.page(mailbox.detail[letter.number], detail_page(ctx, mailbox, letter))
    per = 5
    listing = f"""<div class="jact_main"><form id="searchForm" method="post" action="mailpublist.do?sysid={sysid}">
<input type="hidden" name="sysid" value="{sysid}">信件标题：<input type="text" name="keyword"> <button>查询</button></form>
<table class="jact_list" width="100%"><thead><tr><th>信件编号</th><th>信件标题</th><th>办结状态</th><th>来信时间</th><th>点击数</th></tr></thead>
<tbody id="mailBody"></tbody></table><div id="pagebar"></div></div>
<script type="text/javascript" src="/jact/front/js/jpage.js"></script>
<script type="text/javascript">
var dataStore = [];
$(function(){{ $('#pagebar').jpage({{ dataStore: dataStore, proxyUrl: 'dataproxy_mailpublist.do', perPage: {per},
  groupSize: 2, totalRecord: {len(records)}, ajaxParam: {{sysid: '{sysid}', mailstate: '', keyword: '', querycode: ''}} }}); }});
</script>"""
    ctx.page(mailbox.path, shell(ctx, mailbox, listing))
    ctx.dynamic(JACT_PROXY, Dynamic(jact_answer, (sysid, tuple(records))))
    ctx.file("/jact/front/js/jpage.js", b"/* jpage: posts to dataproxy_mailpublist.do, draws dataStore */\n",
             "application/javascript")


# -- JSON API, no detail pages --------------------------------------------------------------------
JSON_SCRIPT = """<script type="text/javascript">
(function () {{
  var body = document.getElementById('zxBody');
  function cell(text) {{ var td = document.createElement('td'); td.textContent = text || ''; return td; }}
  function load(page) {{
    fetch('{api}?page=' + page).then(function (r) {{ return r.json(); }}).then(function (res) {{
      res.data.list.forEach(function (item) {{
        var tr = document.createElement('tr'); tr.id = item.code;
        [item.code, item.title, item.statusName, item.createTime.substring(0, 10),
         item.replyTime ? item.replyTime.substring(0, 10) : ''].forEach(function (t) {{ tr.appendChild(cell(t)); }});
        body.appendChild(tr);
      }});
      if (res.data.pageNo < res.data.pages) {{ load(page + 1); }}
    }});
  }}
  load(1);
}})();
</script>"""


def serve_json(ctx: Context, mailbox: Mailbox) -> None:
    mailbox.path = f"/hdjl/{mailbox.key}/index.html"
    api, per = f"/api/{mailbox.key}/list", 4
    pages = [mailbox.letters[n:n + per] for n in range(0, len(mailbox.letters), per)] or [[]]
    for number, chunk in enumerate(pages, start=1):
        ctx.json(f"{api}?page={number}", {"code": 200, "msg": "success", "data": {
            "total": len(mailbox.letters), "pageNo": number, "pageSize": per, "pages": len(pages),
            "list": [{"code": letter.number, "title": letter.title, "statusName": letter.status,
                      "createTime": f"{letter.sent.isoformat()} 09:00:00",
                      "replyTime": f"{letter.replied.isoformat()} 15:00:00" if letter.replied else None,
                      "replyDept": letter.unit if letter.replied else None} for letter in chunk]}})
    listing = ('<table class="zx-list" width="100%"><thead><tr><th>编号</th><th>标题</th><th>状态</th>'
               '<th>提交时间</th><th>答复时间</th></tr></thead><tbody id="zxBody"></tbody></table>\n'
               + JSON_SCRIPT.format(api=api))
    ctx.page(mailbox.path, shell(ctx, mailbox, listing))


def serve_mailbox(ctx: Context, mailbox: Mailbox) -> None:
    if mailbox.shape == "table":
        serve_table(ctx, mailbox)
    elif mailbox.shape == "jact":
        serve_jact(ctx, mailbox, str(ctx.rng.randint(3, 150)))
    else:
        serve_json(ctx, mailbox)


def letter_url(mailbox: Mailbox, letter: Letter) -> str:
    """The path a finding about ``letter`` names: its own page, else the list page #number."""
    return mailbox.detail.get(letter.number) or f"{mailbox.path}#{letter.number}"
