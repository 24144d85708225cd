"""List markup for TRS-style column pages: entry lines, the three list shapes, JS pagers."""
from __future__ import annotations

from govpatrol.demosite.clock import format_date
from govpatrol.demosite.markup import esc
from govpatrol.demosite.model import Column, Entry
from govpatrol.demosite.web import Links


def href_from(page_dir: str, href: str) -> str:
    """How a TRS template writes a link: relative below the page's folder, absolute elsewhere."""
    if href.startswith(page_dir):
        return "./" + href[len(page_dir):]
    return href


def shown_title(column: Column, title: str) -> str:
    if column.truncate and len(title) > column.truncate:
        return title[:column.truncate - 2] + "..."
    return title


def entry_html(column: Column, entry: Entry, href: str) -> str:
    """One list line in the column's markup; undated entries simply have no date cell."""
    day = format_date(entry.date, column.date_style) if entry.date else ""
    link = (f'<a href="{esc(href)}" title="{esc(entry.title)}" target="_blank">'
            f"{esc(shown_title(column, entry.title))}</a>")
    if column.markup == "table":
        return (f'<tr><td class="tl">{link}</td><td>{esc(entry.doc_no or "")}</td>'
                f"<td>{day}</td></tr>")
    if column.markup == "rows":
        return f'<li class="xxgk-comm-line clearfix"><span>{link}</span><span>{day}</span></li>'
    label = f'<font style="display:none" class="jd">{esc(entry.label)}</font>' if entry.label else ""
    tail = f'<span class="fr">{label}{day}</span>' if day or label else ""
    return f"<li>{link}{tail}</li>"


SCRIPT_LIST = """<ul class="list" id="list-{key}"></ul>
<script type="text/javascript">
fetch('{data}').then(function (r) {{ return r.json(); }}).then(function (data) {{
  var list = document.getElementById('list-{key}');
  data.list.forEach(function (item) {{
    var li = document.createElement('li'), a = document.createElement('a'), day = document.createElement('span');
    a.href = item.url; a.title = item.title; a.target = '_blank'; a.textContent = item.title;
    day.className = 'fr'; day.textContent = item.date;
    li.appendChild(a); li.appendChild(day); list.appendChild(li);
  }});
}});
</script>"""


def script_list_data(column: Column, links: Links, here: str) -> dict:
    """The JSON a script-built list fetches: every entry, with its site-absolute path."""
    return {"total": len(column.entries),
            "list": [{"title": entry.title, "url": links.resolve(entry.href, here),
                      "date": entry.date.isoformat() if entry.date else ""} for entry in column.entries]}


def list_html(column: Column, entries: list[Entry], page_dir: str, links: Links, here: str) -> str:
    if column.markup == "script":  # a browser sees the list, a parser an empty <ul>
        return SCRIPT_LIST.format(key=column.key, data=column.data_path)
    if not entries:
        return f'<ul class="list"></ul>\n<div class="no-data">{esc(column.empty_text)}</div>'
    lines = "\n".join(entry_html(column, entry, href_from(page_dir, links.resolve(entry.href, here)))
                      for entry in entries)
    if column.markup == "table":
        return (f'<table class="listAll" width="100%">\n<tr><th>标题</th><th>文号</th><th>发布日期</th></tr>\n'
                f"{lines}\n</table>")
    if column.markup == "rows":
        return f'<ul class="xxgk-list">\n{lines}\n</ul>'
    return f'<ul class="list">\n{lines}\n</ul>'


def countpage_pager(index: int, count: int, extension: str) -> str:
    """The TRS pager written by document.write from currentPage/countPage variables."""
    return f"""<div class="page"><script type="text/javascript">
var currentPage = {index};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {count}//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0){{
  document.write("<a href=\\"index.{extension}\\">首页</a>&nbsp;");
  if(prevPage==0) document.write("<a href=\\"index.{extension}\\">上一页</a>&nbsp;");
  else document.write("<a href=\\"index_"+prevPage+".{extension}\\">上一页</a>&nbsp;");
}} else {{ document.write("首页&nbsp;上一页&nbsp;"); }}
if(nextPage<countPage){{
  document.write("<a href=\\"index_"+nextPage+".{extension}\\">下一页</a>&nbsp;");
  document.write("<a href=\\"index_"+(countPage-1)+".{extension}\\">尾页</a>");
}} else {{ document.write("下一页&nbsp;尾页"); }}
</script></div>"""


CREATE_PAGE_HTML = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  for(var i=0; i<_nPageCount; i++){
    var sName = (i==0) ? _sPageName : _sPageName+"_"+i;
    if(i==nCurrIndex) document.write("<span class=\\"current\\">"+(i+1)+"</span>&nbsp;");
    else document.write("<a href=\\""+sName+"."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;");
  }
}
</script>"""


def createpage_pager(index: int, count: int, stem: str, extension: str) -> str:
    """The TRS library pager: createPageHTML(pages, current, "index", "shtml")."""
    return (f'<div class="page">{CREATE_PAGE_HTML}\n<script type="text/javascript">'
            f'createPageHTML({count}, {index}, "{stem}", "{extension}");</script></div>')


def pager_html(column: Column, index: int) -> str:
    if column.pager == "countpage":
        return countpage_pager(index, column.page_count(), column.extension)
    if column.pager == "createpage":
        return createpage_pager(index, column.page_count(), "index", column.extension)
    return ""
