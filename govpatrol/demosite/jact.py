"""大汉 Hanweb JACT 政民互动: a letter list whose rows come from a script data service.

``/jact/front/mailpublist.do?sysid=6`` serves the table head and a jpage configuration but no
rows; the jpage script POSTs ``dataproxy_mailpublist.do?startrecord=S&endrecord=E&perpage=P
&groupSize=G`` (form: sysid, mailstate, starttime, endtime, keyword, orderfield, groupid,
querycode) and gets JavaScript back, ``dataStore = ["<tr>…</tr>", …];`` with the columns 编号,
标题, 办结状态, 日期 (来信), 点击数; past the end ``dataStore = [];``. Each letter has its page
``mailpubdetail.do?sysid=6&transactId=N`` (来信 table, then the reply table).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from govpatrol.demosite.letters import Letter, Mailbox
from govpatrol.demosite.markup import column_document, detail_document, esc
from govpatrol.demosite.web import Request, Response, Site, html_response

if TYPE_CHECKING:
    from govpatrol.demosite.portal import Portal

LIST = "/jact/front/mailpublist.do"
PROXY = "/jact/front/dataproxy_mailpublist.do"
DETAIL = "/jact/front/mailpubdetail.do"
SCRIPT = "/jact/front/js/jpage.js"
SYSID = "6"
PER_PAGE = 5
GROUP_SIZE = 2
TRAIL = [("互动交流", None)]
JS_STUB = b"/* Hanweb JACT jpage: posts the search form to dataproxy_mailpublist.do and draws dataStore */\n"


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _wrong_system(portal: Portal, request: Request) -> Response:
    return html_response(f"<html><body><p>系统参数错误：sysid={esc(request.param('sysid'))}</p></body></html>")


def list_page(portal: Portal, mailbox: Mailbox, request: Request) -> Response:
    if request.param("sysid") != SYSID:
        return _wrong_system(portal, request)
    listing = f"""<div class="jact_main"><div class="jact_search">
<form id="searchForm" name="searchForm" method="post" action="mailpublist.do?sysid={SYSID}">
<input type="hidden" name="sysid" value="{SYSID}"><input type="hidden" name="querycode" value="">
信件标题：<input type="text" name="keyword" value=""> <button type="submit">查询</button></form></div>
<table class="jact_list" width="100%"><thead><tr><th>信件编号</th><th>信件标题</th><th>办结状态</th><th>来信时间</th><th>点击数</th></tr></thead>
<tbody id="mailBody"></tbody></table>
<div id="pagebar"></div></div>
<script type="text/javascript" src="{SCRIPT}"></script>
<script type="text/javascript">
var dataStore = [];
$(function(){{
  $('#pagebar').jpage({{
    dataStore: dataStore, dataBefore: '<table>', dataAfter: '</table>', showMode: 'full',
    proxyUrl: 'dataproxy_mailpublist.do', perPage: {PER_PAGE}, groupSize: {GROUP_SIZE}, totalRecord: {len(mailbox.letters)},
    ajaxParam: {{sysid: '{SYSID}', mailstate: '', starttime: '', endtime: '', keyword: '', orderfield: '', groupid: '', querycode: ''}}
  }});
}});
</script>"""
    page = column_document(portal.identity, portal.nav, mailbox.name, listing, request.links, portal.key, TRAIL)
    return html_response(page)


def record(mailbox: Mailbox, letter: Letter) -> str:
    n = mailbox.letters.index(letter) + 1
    clicks = 11 + n * 7 % 53
    return (f"<tr><td>{letter.number}</td><td><a href='mailpubdetail.do?sysid={SYSID}&transactId={n}' "
            f"title='{esc(letter.title)}' target='_blank'>{esc(letter.title)}</a></td>"
            f"<td>{esc(letter.status)}</td><td>{letter.sent.isoformat()}</td><td>{clicks}</td></tr>")


def proxy_reply(mailbox: Mailbox, request: Request) -> Response:
    """The records startrecord..endrecord (1-based, inclusive) as a ``dataStore`` script."""
    if request.param("sysid") != SYSID:
        chosen: tuple[Letter, ...] = ()
    else:
        start = max(1, _int(request.param("startrecord"), 1))
        end = _int(request.param("endrecord"), start + PER_PAGE * GROUP_SIZE - 1)
        chosen = mailbox.letters[start - 1:max(start - 1, end)]
    strings = ",\n".join(json.dumps(record(mailbox, letter), ensure_ascii=False) for letter in chosen)
    body = f"dataStore = [{strings}];\n" if strings else "dataStore = [];\n"
    return Response(200, body.encode("utf-8"), "text/html;charset=UTF-8")


def detail_page(portal: Portal, mailbox: Mailbox, request: Request) -> Response:
    letter = mailbox.letter_for(_int(request.param("transactId"), 0))
    if letter is None or request.param("sysid") != SYSID:
        return html_response("<html><body><p>该信件不存在或未公开。</p></body></html>")
    reply = (f"""<table width="100%" class="jact_reply">
 <tr><td class="tit">回复内容：</td><td colspan="3">{esc(letter.reply)}</td></tr>
 <tr><td class="tit">回复时间：</td><td>{letter.replied.isoformat()} 16:30:00</td><td class="tit">回复单位：</td><td>{esc(letter.unit or "")}</td></tr>
</table>""" if letter.replied else '<div class="jact_noreply">该信件正在办理中，办理完毕后公开答复内容。</div>')
    content = f"""<div class="jact_main"><div class="jact_box"><div class="jact_box_font">
<table width="100%" class="jact_detail">
 <tr><td class="tit">信件编号：</td><td>{letter.number}</td><td class="tit">信件标题：</td><td>{esc(letter.title)}</td></tr>
 <tr><td class="tit">来信人：</td><td>{esc(letter.author)}</td><td class="tit">来信时间：</td><td>{letter.sent.isoformat()} 10:{letter.sent.day + 20:02d}:13</td></tr>
 <tr><td class="tit">办理状态：</td><td>{esc(letter.status)}</td><td class="tit">办理单位：</td><td>{esc(letter.unit or "")}</td></tr>
 <tr><td class="tit">来信内容：</td><td colspan="3">{esc(letter.content)}</td></tr>
</table>
{reply}
</div></div></div>"""
    trail = [*TRAIL, (mailbox.name, mailbox.path)]
    return html_response(detail_document(portal.identity, portal.nav, letter.title, content, request.links,
                                         portal.key, trail))


def add_routes(site: Site, portal: Portal, mailbox: Mailbox) -> None:
    site.add(LIST, lambda request: list_page(portal, mailbox, request))
    site.add(PROXY, lambda request: proxy_reply(mailbox, request))
    site.add(DETAIL, lambda request: detail_page(portal, mailbox, request))
    site.file(SCRIPT, JS_STUB, "application/javascript")
