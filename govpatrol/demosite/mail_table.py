"""市长信箱 as a plain HTML table (编号 / 标题 / 状态 / 来信时间 / 回复时间 / 回复单位), each letter
on its own page in the older Hanweb ``table.viewform`` layout."""
from __future__ import annotations

from typing import TYPE_CHECKING

from govpatrol.demosite.letters import Letter, Mailbox
from govpatrol.demosite.listing import href_from
from govpatrol.demosite.markup import column_document, detail_document, esc
from govpatrol.demosite.web import Links, Site

if TYPE_CHECKING:
    from govpatrol.demosite.portal import Portal

TRAIL = [("互动交流", None)]


def list_page(portal: Portal, mailbox: Mailbox, links: Links) -> str:
    page_dir = mailbox.path.rsplit("/", 1)[0] + "/"
    rows = []
    for letter in mailbox.letters:
        href = href_from(page_dir, mailbox.detail_path(letter))
        rows.append(
            f'<tr><td>{letter.number}</td><td class="tl"><a href="{esc(href)}" title="{esc(letter.title)}" '
            f'target="_blank">{esc(letter.title)}</a></td><td>{esc(letter.status)}</td>'
            f"<td>{letter.sent.isoformat()}</td><td>{letter.replied.isoformat() if letter.replied else ''}</td>"
            f"<td>{esc(letter.unit or '') if letter.replied else ''}</td></tr>")
    listing = (f'<div class="mail-tip">来信选登（已公开信件{len(mailbox.letters)}件）</div>\n'
               '<table class="mail-list" width="100%">\n<tr><th>信件编号</th><th>信件标题</th><th>办理状态</th>'
               "<th>来信时间</th><th>回复时间</th><th>回复单位</th></tr>\n" + "\n".join(rows) + "\n</table>")
    return column_document(portal.identity, portal.nav, mailbox.name, listing, links, portal.key, TRAIL)


def detail_page(portal: Portal, mailbox: Mailbox, letter: Letter, links: Links) -> str:
    def row(label: str, value: str) -> str:
        return f"<tr><th>{label}</th><td>{esc(value)}</td></tr>"

    table = "".join([
        row("信件编号", letter.number), row("标题", letter.title), row("姓名", letter.author),
        row("提交时间", f"{letter.sent.isoformat()} 09:{letter.sent.day + 10:02d}"),
        row("内容", letter.content), row("处理状态", letter.status),
        row("回复单位", letter.unit if letter.replied else ""), row("回复内容", letter.reply),
        row("回复时间", letter.replied.isoformat() if letter.replied else ""),
        row("满意度", "满意" if letter.replied else "未评价"),
    ])
    content = (f'<div class="mail-detail"><h1>{esc(letter.title)}</h1>'
               f'<table class="viewform" width="100%">{table}</table>'
               f'<p><a href="{esc(mailbox.path)}">返回{esc(mailbox.name)}</a></p></div>')
    trail = [*TRAIL, (mailbox.name, mailbox.path)]
    return detail_document(portal.identity, portal.nav, letter.title, content, links, portal.key, trail)


def add_routes(site: Site, portal: Portal, mailbox: Mailbox) -> None:
    site.page(mailbox.path, lambda links: list_page(portal, mailbox, links))
    for letter in mailbox.letters:
        site.page(mailbox.detail_path(letter),
                  lambda links, letter=letter: detail_page(portal, mailbox, letter, links))
