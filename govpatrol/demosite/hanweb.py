"""大汉 Hanweb JCMS list shapes: the XML data island and the dataproxy.jsp paging service.

Page 1 of a column is server-rendered inside ``<script type="text/xml">`` (invisible to a plain
HTML parser); the rest comes from ``/module/web/jpage/dataproxy.jsp``, either as the POST form
the jpage script sends (startrecord/endrecord/perpage) or as the GET ``?page=N`` variant.
"""
from __future__ import annotations

from urllib.parse import quote

from govpatrol.demosite.clock import format_date
from govpatrol.demosite.markup import esc
from govpatrol.demosite.model import Column, Entry
from govpatrol.demosite.web import Links, Request, Response

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
WEB_ID = 1


def record_html(column: Column, entry: Entry, links: Links, here: str) -> str:
    day = format_date(entry.date, column.date_style) if entry.date else ""
    label = f'<font style="display:none" class="jd">{esc(entry.label)}</font>' if entry.label else ""
    tail = f'<span class="fr">{label}{day}</span>' if day or label else ""
    href = links.resolve(entry.href, here)
    return (f'<li class="cf"><a class="fl" href="{esc(href)}" title="{esc(entry.title)}" '
            f'target="_blank"><i></i>{esc(entry.title)}</a>{tail}</li>')


def record_xml(html: str) -> str:
    return f"<record><![CDATA[{html}]]></record>"


def total_pages(column: Column) -> int:
    return max(1, -(-len(column.entries) // column.per_page))


def proxy_query(column: Column, webname: str, page: int) -> str:
    return (f"page={page}&webid={WEB_ID}&path=/&columnid={column.column_id}&unitid={column.unit_id}"
            f"&webname={quote(webname)}&permissiontype=0")


def island(column: Column, webname: str, links: Links, here: str) -> str:
    """The list div: XML island with the first page of records, then the jpage call."""
    first = column.entries[:column.per_page]
    records = "\n".join(record_xml(record_html(column, entry, links, here)) for entry in first)
    next_group = (f'<a href="{DATAPROXY}?{esc(proxy_query(column, webname, 2))}"></a>'
                  if len(column.entries) > column.per_page else "")
    return f"""<div id="{column.unit_id}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[{next_group}]]></nextgroup>
<recordset>
{records}
</recordset></datastore></script>
<script language="javascript" src="/module/jslib/jquery/jpage/jpage.js"></script>
<script type="text/javascript">
$(document).ready(function(){{
  $('#{column.unit_id}').jpage({{
    totalRecord:{len(column.entries)}, perPage:{column.per_page}, groupSize:3, barPosition:'bottom',
    proxyUrl:'{DATAPROXY}',
    ajaxParam:{{col:1, appid:1, webid:{WEB_ID}, path:'/', columnid:{column.column_id}, sourceContentType:1,
      unitid:'{column.unit_id}', webname:'{esc(webname)}', permissiontype:0}}
  }});
}});
</script></div>"""


def hidden_location(trail: list[tuple[str, str]]) -> str:
    """#hiddenLocation: the column trail Hanweb prints for its own scripts."""
    spans = "".join(f'<span id="col{n}_name">{esc(name)}</span><span id="col{n}_url">{esc(url)}</span>'
                    for n, (name, url) in enumerate(trail, start=1))
    return (f'<div id="hiddenLocation" style="display:none;"><span id="ss_webid">{WEB_ID}</span>'
            f"{spans}</div>")


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def dataproxy_reply(request: Request, columns: dict[int, Column], webname: str, here: str) -> Response:
    """Answer one dataproxy.jsp call with the records asked for (XML, like the real service)."""
    column = columns.get(_int(request.param("columnid"), -1))
    if column is None:
        body = "<datastore><totalrecord>0</totalrecord><totalpage>0</totalpage><recordset></recordset></datastore>"
        return Response(200, body.encode(), "text/xml; charset=utf-8")
    per_page = max(1, _int(request.param("perpage"), column.per_page))
    total = len(column.entries)
    if request.param("page"):
        page = max(1, _int(request.param("page"), 1))
        start, end = (page - 1) * per_page + 1, page * per_page
    else:
        start = max(1, _int(request.param("startrecord"), 1))
        end = _int(request.param("endrecord"), start + per_page * 3 - 1)
    chosen = column.entries[start - 1:max(start - 1, end)]
    records = "\n".join(record_xml(record_html(column, entry, request.links, here)) for entry in chosen)
    pages = -(-total // per_page)
    next_group = ""
    if end < total:
        next_page = end // per_page + 1
        next_group = f'<a href="{DATAPROXY}?{esc(proxy_query(column, webname, next_page))}"></a>'
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<nextgroup><![CDATA[{next_group}]]></nextgroup>\n"
            f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n"
            f"<recordset>\n{records}\n</recordset>\n</datastore>\n")
    return Response(200, body.encode("utf-8"), "text/xml; charset=utf-8")
