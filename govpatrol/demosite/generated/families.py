"""The six CMS families: where their columns and articles live and how a list reaches the reader.

- ``trs``     TRS WCM: ``/{slug}/index.html``, ``index_1.html`` … written by a countPage or
              createPageHTML script; articles ``./YYYYMM/tYYYYMMDD_ID.html``; on some seeds the
              政务公开 columns live on an 信息公开 sub-host ``xxgk.<domain>``.
- ``hanweb``  大汉 Hanweb: ``/col/colN/index.html``, first records in an XML data island, the
              rest from ``/module/web/jpage/dataproxy.jsp``; articles ``/art/Y/M/D/art_N_ID.html``.
- ``gkmlpt``  every list drawn by script from ``/gkmlpt/api/all/{cat}?page=N&sid=…`` (JSON); the
              script is inline, in a separate file, or named by a ``data-api`` attribute.
- ``asp``     query pages: ``list.asp?cid=N&page=P``, articles ``show.asp?id=N`` (GBK on some seeds).
- ``static``  plain static pages: ``/{slug}/``, ``list_2.html`` …, articles ``/{slug}/YYYY/MMDD/ID.html``;
              or every list page pre-rendered in hidden blocks that a script pager shows one by one.
- ``spa``     a single-page front end: shells whose ``data-api`` attribute names a JSON API that
              ``/static/js/app.js`` reads (the homepage's blocks too).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Mapping

from govpatrol.demosite.generated.builder import Context
from govpatrol.demosite.generated.chrome import (breadcrumb, document, esc, header, list_rows, page_title,
                                                 site_meta, wrap)
from govpatrol.demosite.generated.content import Column, Item
from govpatrol.demosite.generated.site import JS, JSON, PORT_MARK, Dynamic, Resource
from govpatrol.demosite.generated.template import format_date

FAMILIES = ("trs", "hanweb", "gkmlpt", "asp", "static", "spa")
CHINA = timezone(timedelta(hours=8))
EMPTY_TEXT = ("暂无信息", "暂无数据", "没有相关信息", "")


def column_page(ctx: Context, column: Column, listing: str, trail: list[tuple[str, str | None]]) -> str:
    body = (f"{header(ctx.tpl, ctx.site, ctx.nav)}\n{breadcrumb([*trail, (column.name, None)])}\n"
            f'<div class="lm-name"><h2>{esc(column.name)}</h2></div>\n{wrap(ctx.tpl, listing, column.slug)}\n'
            f"{ctx.footer}")
    return document(page_title(ctx.tpl, column.name, ctx.site), site_meta(ctx.site, column.name), body)


def empty_note(ctx: Context, column: Column) -> str:
    text = EMPTY_TEXT[column.cid % len(EMPTY_TEXT)]
    return f'<div class="no-data">{text}</div>' if text else ""


def chunks(items: list[Item], size: int) -> list[list[Item]]:
    return [items[n:n + size] for n in range(0, len(items), size)] or [[]]


def rows(items: list[Item], href=lambda item: item.path) -> list[tuple[str, str, object]]:
    return [(item.title, href(item), item.day) for item in items]


def unix(item: Item) -> int:
    return int(datetime(item.day.year, item.day.month, item.day.day, 9, 30, tzinfo=CHINA).timestamp())


# -- TRS -----------------------------------------------------------------------------------------
COUNT_PAGE = """<div class="page"><script type="text/javascript">
var currentPage = {index};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {count}//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0){{document.write("<a href=\\"index.{ext}\\">首页</a>&nbsp;");
if(prevPage==0) document.write("<a href=\\"index.{ext}\\">上一页</a>&nbsp;");
else document.write("<a href=\\"index_"+prevPage+".{ext}\\">上一页</a>&nbsp;");}}
if(nextPage<countPage){{document.write("<a href=\\"index_"+nextPage+".{ext}\\">下一页</a>&nbsp;");
document.write("<a href=\\"index_"+(countPage-1)+".{ext}\\">尾页</a>");}}
</script></div>"""

CREATE_PAGE = """<div class="page"><script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){{
  if(_nPageCount == null || _nPageCount<=1){{ return; }}
  for(var i=0; i<_nPageCount; i++){{
    var sName = (i==0) ? _sPageName : _sPageName+"_"+i;
    if(i==_nCurrIndex) document.write("<span class=\\"current\\">"+(i+1)+"</span>&nbsp;");
    else document.write("<a href=\\""+sName+"."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;");
  }}
}}
createPageHTML({count}, {index}, "index", "{ext}");
</script></div>"""


def xxgk_host(ctx: Context) -> str:
    return "xxgk." + ctx.site.domain.removeprefix("www.")


def trs_paths(ctx: Context, column: Column) -> None:
    """TRS paths; with the template's 信息公开 host, the 政务公开 columns are absolute URLs there."""
    ext = ctx.tpl.extension
    base = ""
    if ctx.tpl.xxgk_host and column.category not in ("news", "notice"):
        base = f"http://{xxgk_host(ctx)}{PORT_MARK}"
    column.path = f"{base}/{column.slug}/index.{ext}"
    for item in column.items:
        item.path = f"{base}/{column.slug}/{item.day:%Y%m}/t{item.day:%Y%m%d}_{item.id}.{ext}"


def trs_serve(ctx: Context, column: Column, trail) -> str:
    ext, folder = ctx.tpl.extension, column.path.rsplit("/", 1)[0] + "/"
    pages = chunks(column.items, ctx.tpl.per_page)
    for index, chunk in enumerate(pages):
        listing = list_rows(ctx.tpl, rows(chunk, lambda item: "./" + item.path[len(folder):]))
        if not chunk:
            listing += empty_note(ctx, column)
        pager = (COUNT_PAGE if ctx.tpl.trs_pager == "countpage" else CREATE_PAGE).format(
            index=index, count=len(pages), ext=ext)
        address = column.path if index == 0 else f"{folder}index_{index}.{ext}"
        ctx.page(address, column_page(ctx, column, listing + "\n" + pager, trail))
    return f"markup, {ctx.tpl.trs_pager} pager, {len(pages)} page(s)"


# -- Hanweb --------------------------------------------------------------------------------------
PROXY = "/module/web/jpage/dataproxy.jsp"


def hanweb_paths(ctx: Context, column: Column) -> None:
    column.path = f"/col/col{column.cid}/index.html"
    for item in column.items:
        item.path = f"/art/{item.day.year}/{item.day.month}/{item.day.day}/art_{column.cid}_{item.id}.html"


def hanweb_record(item: Item, style: str) -> str:
    return (f'<li><a href="{item.path}" title="{esc(item.title)}" target="_blank">{esc(item.title)}</a>'
            f"<span>{format_date(item.day, style)}</span></li>")


def hanweb_proxy_answer(data: tuple, params: Mapping[str, str]) -> Resource:
    """dataproxy.jsp: records startrecord..endrecord (1-based) of the column named by columnid,
    or ``page``/``perpage`` in the GET form."""
    columns = dict(data)
    records = columns.get(params.get("columnid", ""), ())
    try:
        if "startrecord" in params:
            start = max(1, int(params["startrecord"]))
            end = int(params.get("endrecord") or start + 44)
        else:
            per = int(params.get("perpage") or 15)
            page = max(1, int(params.get("page") or 1))
            start, end = (page - 1) * per + 1, page * per
    except ValueError:
        start, end = 1, 0
    chosen = records[start - 1:max(start - 1, end)]
    body = "".join(f"<record><![CDATA[{record}]]></record>" for record in chosen)
    xml = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><totalrecord>{len(records)}</totalrecord>"
           f"<totalpage>1</totalpage><recordset>{body}</recordset></datastore>")
    return Resource(xml.encode("utf-8"), 200, "text/xml;charset=UTF-8")


def hanweb_serve(ctx: Context, column: Column, trail, proxy: dict[str, tuple[str, ...]]) -> str:
    per = ctx.tpl.per_page
    records = tuple(hanweb_record(item, ctx.tpl.date_style) for item in column.items)
    proxy[str(column.cid)] = records
    unit = 400000 + column.cid
    island = "".join(f"<record><![CDATA[{record}]]></record>" for record in records[:per])
    more = (f'<nextgroup><![CDATA[<a href="{PROXY}?page=2&amp;webid=3&amp;path=/&amp;columnid={column.cid}'
            f'&amp;unitid={unit}&amp;webname=&amp;permissiontype=0"></a>]]></nextgroup>') if len(records) > per else ""
    listing = (f'<div id="{unit}"><script type="text/xml"><datastore>{more}<recordset>{island}</recordset>'
               f"</datastore></script>\n<script type=\"text/javascript\">$(function(){{ $('#{unit}').jpage({{"
               f"dataStore: dataStore, totalRecord:{len(records)}, perPage:{per}, groupSize:3, "
               f"proxyUrl:'{PROXY}', columnid:'{column.cid}', unitid:'{unit}', webid:'3', path:'/'"
               "}); });</script></div>")
    if not records:
        listing += empty_note(ctx, column)
    ctx.page(column.path, column_page(ctx, column, listing, trail))
    return "hanweb data island + dataproxy.jsp"


# -- gkmlpt / JSON API ---------------------------------------------------------------------------
GKML_SCRIPT = "/gkmlpt/js/list.js"
GKML_JS = """(function () {
  function day(s) { return new Date((s + 8 * 3600) * 1000).toISOString().substring(0, 10); }
  var box = document.querySelector('[data-api]') || document.getElementById('gkmlList');
  var api = box.getAttribute('data-api') || ('/gkmlpt/api/all/' + window.CAT_ID + '?sid=' + window.SID);
  var page = parseInt(new URLSearchParams(location.search).get('page') || '1', 10);
  fetch(api + (api.indexOf('?') < 0 ? '?' : '&') + 'page=' + page).then(function (r) { return r.json(); })
    .then(function (data) {
      data.articles.forEach(function (item) {
        var li = document.createElement('li'), a = document.createElement('a'), s = document.createElement('span');
        a.href = item.url; a.title = item.title; a.textContent = item.title; s.textContent = day(item.display_publish_time);
        li.appendChild(a); li.appendChild(s); box.appendChild(li);
      });
      var pager = document.getElementById('gkmlPager'), pages = Math.ceil(data.total / data.limit);
      for (var n = 1; n <= pages; n++) {
        var link = document.createElement(n === page ? 'span' : 'a');
        if (n !== page) { link.href = '?page=' + n; }
        link.textContent = n; pager.appendChild(link);
      }
    });
})();
"""
SID = "755001"


def gkmlpt_paths(ctx: Context, column: Column) -> None:
    column.path = f"/{column.slug}/index.html"
    for item in column.items:
        item.path = f"/gkmlpt/content/{item.id % 10}/{column.cid}/post_{item.id}.html"


def gkmlpt_serve(ctx: Context, column: Column, trail) -> str:
    per, api = ctx.tpl.per_page, f"/gkmlpt/api/all/{column.cid}"
    pages = chunks(column.items, per)
    for number, chunk in enumerate(pages, start=1):
        answer = {"total": len(column.items), "page": number, "limit": per,
                  "articles": [{"id": item.id, "title": item.title, "url": item.path,
                                "display_publish_time": unix(item), "first_publish_time": unix(item),
                                "publisher_names": ctx.site.organizer} for item in chunk]}
        ctx.json(f"{api}?page={number}&sid={SID}", answer)
        if number == 1:  # the API's first page is also its answer without a page number
            ctx.json(f"{api}?sid={SID}", answer)
    loader = ctx.tpl.loader
    if loader == "data-api":
        box = f'<ul class="{ctx.tpl.list_class}" id="gkmlList" data-api="{api}?sid={SID}"></ul>'
        scripts = f'<script src="{GKML_SCRIPT}"></script>'
    elif loader == "external":
        box = f'<ul class="{ctx.tpl.list_class}" id="gkmlList"></ul>'
        scripts = (f'<script>window.CAT_ID = {column.cid}; window.SID = "{SID}";</script>\n'
                   f'<script src="{GKML_SCRIPT}"></script>')
    else:
        box = f'<ul class="{ctx.tpl.list_class}" id="gkmlList"></ul>'
        scripts = f"<script>window.CAT_ID = {column.cid}; window.SID = \"{SID}\";\n{GKML_JS}</script>"
    listing = f'<div id="app">{box}<div class="page" id="gkmlPager"></div></div>\n{scripts}'
    ctx.page(column.path, column_page(ctx, column, listing, trail))
    return f"json api ({loader} script), {len(pages)} page(s)"


# -- ASP / JSP query pages -----------------------------------------------------------------------
def asp_paths(ctx: Context, column: Column) -> None:
    column.path = f"/list.asp?cid={column.cid}"
    for item in column.items:
        item.path = f"/show.asp?id={item.id}"


def asp_serve(ctx: Context, column: Column, trail) -> str:
    pages = chunks(column.items, ctx.tpl.per_page)
    for number, chunk in enumerate(pages, start=1):
        listing = list_rows(ctx.tpl, rows(chunk, lambda item: item.path.lstrip("/")))
        if not chunk:
            listing += empty_note(ctx, column)
        links = []
        if number > 1:
            links.append(f'<a href="list.asp?cid={column.cid}&amp;page={number - 1}">上一页</a>')
        if number < len(pages):
            links += [f'<a href="list.asp?cid={column.cid}&amp;page={number + 1}">下一页</a>',
                      f'<a href="list.asp?cid={column.cid}&amp;page={len(pages)}">尾页</a>']
        pager = f'<div class="pages">共{len(column.items)}条 第{number}/{len(pages)}页 {" ".join(links)}</div>'
        address = column.path if number == 1 else f"{column.path}&page={number}"
        ctx.page(address, column_page(ctx, column, listing + pager, trail))
    return f"markup, query pager, {len(pages)} page(s)"


# -- plain static --------------------------------------------------------------------------------
def static_paths(ctx: Context, column: Column) -> None:
    column.path = f"/{column.slug}/"
    for item in column.items:
        item.path = f"/{column.slug}/{item.day.year}/{item.day:%m%d}/{item.id}.html"


HIDDEN_PAGER = """<div class="pager" id="jsPager"></div>
<script type="text/javascript">
(function () {
  var blocks = document.querySelectorAll('.page-block'), pager = document.getElementById('jsPager');
  blocks.forEach(function (block, n) {
    var a = document.createElement('a'); a.href = 'javascript:void(0)'; a.textContent = n + 1;
    a.onclick = function () { blocks.forEach(function (b, m) { b.style.display = m === n ? '' : 'none'; }); };
    pager.appendChild(a);
  });
})();
</script>"""


def static_serve(ctx: Context, column: Column, trail) -> str:
    pages = chunks(column.items, ctx.tpl.per_page)
    if ctx.tpl.static_pager == "hidden_blocks" and len(pages) > 1:
        # Every page is in the HTML; all but the first are hidden until the script's pager shows them.
        hidden = ' style="display:none"'
        blocks = "\n".join(f'<div class="page-block"{hidden if n else ""}>{list_rows(ctx.tpl, rows(chunk))}</div>'
                           for n, chunk in enumerate(pages))
        ctx.page(column.path, column_page(ctx, column, blocks + "\n" + HIDDEN_PAGER, trail))
        return f"markup, {len(pages)} hidden pre-rendered pages with a script pager"
    for number, chunk in enumerate(pages, start=1):
        listing = list_rows(ctx.tpl, rows(chunk))
        if not chunk:
            listing += empty_note(ctx, column)
        links = []
        if number > 1:
            links.append(f'<a href="{"./" if number == 2 else f"list_{number - 1}.html"}">上一页</a>')
        if number < len(pages):
            links.append(f'<a href="list_{number + 1}.html">下一页</a>')
        pager = f'<p class="pager">{" ".join(links)}</p>' if links else ""
        address = column.path if number == 1 else f"{column.path}list_{number}.html"
        ctx.page(address, column_page(ctx, column, listing + pager, trail))
    return f"markup, static pager, {len(pages)} page(s)"


# -- single-page app -----------------------------------------------------------------------------
SPA_API = "/api/v1/articles"
SPA_SCRIPT = "/static/js/app.js"
SPA_JS = """(function () {
  document.querySelectorAll('[data-api]').forEach(function (box) {
    var api = box.getAttribute('data-api'), size = box.getAttribute('data-size');
    function load(page) {
      var url = api + '&page=' + page + (size ? '&pageSize=' + size : '');
      fetch(url).then(function (r) { return r.json(); }).then(function (res) {
        res.data.list.forEach(function (item) {
          var row = document.createElement('li'), a = document.createElement('a'), s = document.createElement('span');
          a.href = item.url; a.textContent = item.title; a.title = item.title; s.className = 'time';
          s.textContent = item.publishTime.substring(0, 10); row.appendChild(a); row.appendChild(s); box.appendChild(row);
        });
        if (!size && res.data.pageNo < res.data.pages) { load(page + 1); }
      });
    }
    load(1);
  });
})();
"""


def spa_paths(ctx: Context, column: Column) -> None:
    column.path = f"/channel/{column.slug}.html"
    for item in column.items:
        item.path = f"/content/{item.day:%Y%m}/{item.id}.html"


def spa_record(item: Item) -> dict:
    return {"id": item.id, "title": item.title, "url": item.path, "publishTime": f"{item.day.isoformat()} 09:30:00"}


def spa_api_answer(data: tuple, params: Mapping[str, str]) -> Resource:
    """``/api/v1/articles?channel=…&page=N[&pageSize=M]``: a page of one channel's records."""
    channels = dict(data)
    records, per = channels.get(params.get("channel", ""), ((), 10))
    try:
        page, size = max(1, int(params.get("page") or 1)), max(1, int(params.get("pageSize") or per))
    except ValueError:
        page, size = 1, per
    chosen = records[(page - 1) * size:page * size]
    pages = max(1, -(-len(records) // size))
    body = {"code": 0, "msg": "ok", "data": {"total": len(records), "pageNo": page, "pageSize": size,
                                             "pages": pages, "list": [dict(record) for record in chosen]}}
    return Resource(json.dumps(body, ensure_ascii=False).encode("utf-8"), 200, JSON)


def spa_box(ctx: Context, column: Column, size: int | None = None) -> str:
    extra = f' data-size="{size}"' if size else ""
    return (f'<ul class="{ctx.tpl.list_class}" data-api="{SPA_API}?channel={column.slug}"{extra}>'
            '<li class="loading">加载中…</li></ul>')


def spa_serve(ctx: Context, column: Column, trail) -> str:
    listing = f'<div id="app">{spa_box(ctx, column)}</div>\n<script src="{SPA_SCRIPT}"></script>'
    ctx.page(column.path, column_page(ctx, column, listing, trail))
    return "data-api attribute read by an external script"


PATHS = {"trs": trs_paths, "hanweb": hanweb_paths, "gkmlpt": gkmlpt_paths, "asp": asp_paths,
         "static": static_paths, "spa": spa_paths}


def serve_columns(ctx: Context, family: str, columns: list[tuple[Column, list]]) -> None:
    """Add every column's list pages (and the family's shared APIs and scripts)."""
    proxy: dict[str, tuple[str, ...]] = {}
    for column, trail in columns:
        if family == "trs":
            column.how = trs_serve(ctx, column, trail)
        elif family == "hanweb":
            column.how = hanweb_serve(ctx, column, trail, proxy)
        elif family == "gkmlpt":
            column.how = gkmlpt_serve(ctx, column, trail)
        elif family == "asp":
            column.how = asp_serve(ctx, column, trail)
        elif family == "static":
            column.how = static_serve(ctx, column, trail)
        else:
            column.how = spa_serve(ctx, column, trail)
    if family == "hanweb":
        ctx.dynamic(PROXY, Dynamic(hanweb_proxy_answer, tuple(sorted(proxy.items()))))
    if family == "gkmlpt":
        ctx.file(GKML_SCRIPT, GKML_JS.encode("utf-8"), JS)
    if family == "spa":
        serve_spa_api(ctx, [column for column, _ in columns])


def serve_spa_api(ctx: Context, columns: list[Column]) -> None:
    data = tuple((column.slug, (tuple(tuple(spa_record(item).items()) for item in column.items), ctx.tpl.per_page))
                 for column in columns)
    ctx.dynamic(SPA_API, Dynamic(spa_api_answer, data))
    ctx.file(SPA_SCRIPT, SPA_JS.encode("utf-8"), JS)
