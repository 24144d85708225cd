import base64
from urllib.parse import quote

from crawlers.extract.dom import parse_html
from crawlers.extract.hanweb import HanwebProxy, ProxyRequest, find_hanweb_proxy, parse_proxy_total
from crawlers.extract.paging import MAX_PAGES, ListPaging, find_list_pages

LIST = "http://www.x.gov.cn/zwgk/tzgg/index.html"


def test_trs_script_variables_with_zero_based_index_pages():
    html = """<script>
    var currentPage = 0;//所在页从0开始
    var prevPage = currentPage-1//上一页
    var nextPage = currentPage+1//下一页
    var countPage = 67//共多少页
    document.write("<a href=\\"index_" + nextPage + ".html\\">下一页</a>");
    </script>"""
    paging = find_list_pages(html, LIST)
    assert paging.kind == "trs" and paging.total_pages == 67
    assert len(paging.urls) == 66
    assert paging.urls[:2] == ["http://www.x.gov.cn/zwgk/tzgg/index_1.html",
                               "http://www.x.gov.cn/zwgk/tzgg/index_2.html"]
    assert paging.urls[-1] == "http://www.x.gov.cn/zwgk/tzgg/index_66.html"


def test_trs_variables_take_the_extension_from_the_url():
    paging = find_list_pages("<script>var countPage = 3</script>",
                             "http://www.x.gov.cn/yw/index.shtml")
    assert paging.urls == ["http://www.x.gov.cn/yw/index_1.shtml",
                           "http://www.x.gov.cn/yw/index_2.shtml"]


def test_trs_multi_page_article_keeps_its_document_id():
    paging = find_list_pages("<script>var countPage = 3//共多少页</script>",
                             "http://www.x.gov.cn/yw/201909/t20190918_693227.shtml")
    assert paging.urls == ["http://www.x.gov.cn/yw/201909/t20190918_693227_1.shtml",
                           "http://www.x.gov.cn/yw/201909/t20190918_693227_2.shtml"]


def test_trs_create_page_html_call():
    paging = find_list_pages('<script>createPageHTML(67, 0, "index", "shtml");</script>',
                             "http://www.x.gov.cn/yw/")
    assert paging == ListPaging("trs", [f"http://www.x.gov.cn/yw/index_{n}.shtml"
                                        for n in range(1, 67)], 67)


def test_trs_create_page_html_from_a_later_page_leaves_out_page_one_and_itself():
    paging = find_list_pages('<script>createPageHTML(4, 2, "index", "html");</script>',
                             "http://www.x.gov.cn/zwgk/tzgg/index_2.html")
    assert paging.urls == ["http://www.x.gov.cn/zwgk/tzgg/index_1.html",
                           "http://www.x.gov.cn/zwgk/tzgg/index_3.html"]


def test_trs_create_page_html_with_a_container_argument_and_variables():
    html = """<script>var pageSum = 5; var cur = 0;
    createPageHTML('page_div', pageSum, cur, 'index', 'htm', 100);</script>"""
    paging = find_list_pages(html, LIST)
    assert paging.total_pages == 5
    assert paging.urls[0] == "http://www.x.gov.cn/zwgk/tzgg/index_1.htm"


def test_single_page_pager_has_no_urls():
    paging = find_list_pages('<script>createPageHTML(1,0,"t20190918_693227","shtml");</script>',
                             "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml")
    assert paging.urls == [] and paging.total_pages == 1


def test_function_definition_alone_is_not_a_pager():
    html = "<script>function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){}</script>"
    assert find_list_pages(html, LIST) == ListPaging("none", [], None)


def test_query_pager_links_with_last_page():
    html = """<div class="page"><a href="list.jsp?cid=5&page=1">1</a><a href="list.jsp?cid=5&page=2">2</a>
      <a href="list.jsp?cid=5&page=3">3</a><a href="list.jsp?cid=5&page=2">下一页</a>
      <a href="list.jsp?cid=5&page=12">尾页</a></div>"""
    paging = find_list_pages(html, "http://www.x.gov.cn/list.jsp?cid=5&page=1")
    assert paging.kind == "query" and paging.total_pages == 12
    assert paging.urls == [f"http://www.x.gov.cn/list.jsp?cid=5&page={n}" for n in range(2, 13)]


def test_query_keys_of_several_shapes():
    for key in ("pageNo", "PageIndex", "currPage", "pageNum"):
        html = f'<a href="?{key}=2">下一页</a><a href="?{key}=4">末页</a>'
        paging = find_list_pages(html, "http://www.x.gov.cn/col/list.do")
        assert paging.kind == "query"
        assert paging.urls == [f"http://www.x.gov.cn/col/list.do?{key}={n}" for n in (2, 3, 4)]


def test_hanweb_pagenum_links_keep_their_other_parameters():
    html = '<a href="index.html?uid=380055&pageNum=2">2</a><a href="index.html?uid=380055&pageNum=3">3</a>'
    paging = find_list_pages(html, "http://sthjt.x.gov.cn/col/col42150/index.html")
    assert paging.urls == ["http://sthjt.x.gov.cn/col/col42150/index.html?uid=380055&pageNum=2",
                           "http://sthjt.x.gov.cn/col/col42150/index.html?uid=380055&pageNum=3"]


def test_index_n_links_are_zero_based_and_the_last_page_fills_the_gap():
    html = """<div class="page"><a href="index_1.html">2</a><a href="index_2.html">3</a>
      <a href="index_1.html">下一页</a><a href="index_9.html">尾页</a></div>"""
    paging = find_list_pages(html, LIST)
    assert paging.kind == "links" and paging.total_pages == 10
    assert paging.urls == [f"http://www.x.gov.cn/zwgk/tzgg/index_{n}.html" for n in range(1, 10)]


def test_underscore_n_links_numbered_from_page_two():
    html = '<a href="list_2.html">下一页</a><a href="list_7.html">尾页</a>'
    paging = find_list_pages(html, "http://www.x.gov.cn/a/list.html")
    assert paging.urls == [f"http://www.x.gov.cn/a/list_{n}.html" for n in range(2, 8)]


def test_gov_cn_home_pages_start_at_zero():
    html = '<a href="home_1.htm">2</a><a href="home_2.htm">3</a><a href="home_90.htm">尾页</a>'
    paging = find_list_pages(html, "https://www.gov.cn/zhengce/zuixin/home_0.htm")
    assert paging.total_pages == 91 and len(paging.urls) == 90
    assert paging.urls[0] == "https://www.gov.cn/zhengce/zuixin/home_1.htm"
    assert paging.urls[-1] == "https://www.gov.cn/zhengce/zuixin/home_90.htm"


def test_written_page_count_extends_a_next_link():
    html = '<div class="page">共 5 页 <a href="?page=2">下一页</a></div>'
    paging = find_list_pages(html, "http://www.x.gov.cn/news/")
    assert paging.urls == [f"http://www.x.gov.cn/news/?page={n}" for n in (2, 3, 4, 5)]


def test_article_links_are_not_pager_links():
    html = """<ul><li><a href="./202401/t20240102_1234.html">一条通知</a></li>
      <li><a href="/art/2024/1/2/art_314_12.html">另一条</a></li></ul>"""
    assert find_list_pages(parse_html(html), LIST).kind == "none"


def test_base64_pager():
    pager = '<a href="index_1.html">2</a><a href="index_2.html">3</a><a href="index_4.html">尾页</a>'
    encoded = base64.b64encode(quote(pager).encode()).decode()
    html = f"""<div id="pages">{encoded}</div><script>var p = document.getElementById("pages");
      p.innerHTML = decodeURIComponent(window.atob(p.innerHTML));</script>"""
    paging = find_list_pages(html, LIST)
    assert paging.kind == "base64" and paging.total_pages == 5
    assert paging.urls == [f"http://www.x.gov.cn/zwgk/tzgg/index_{n}.html" for n in (1, 2, 3, 4)]


def test_page_count_is_capped():
    paging = find_list_pages("<script>createPageHTML(99999, 0, 'index', 'html');</script>", LIST)
    assert paging.total_pages == MAX_PAGES and len(paging.urls) == MAX_PAGES - 1


HANWEB_LIST = """<div id="4321"><script type="text/xml"><datastore>
  <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=314&unitid=424388&webname=%E6%B5%99%E6%B1%9F%E7%9C%81&permissiontype=0"></a>]]></nextgroup>
  <recordset><record><![CDATA[<li><a href="/art/2024/1/2/art_314_1.html">一</a><span>2024-01-02</span></li>]]></record></recordset>
  </datastore></script>
<script language="javascript">$(function(){ $('#4321').jpage({ dataStore: dataStore, dataBefore: '<ul>', dataAfter: '</ul>',
  totalRecord:835, perPage:15, groupSize:3, proxyUrl:'/module/web/jpage/dataproxy.jsp', barPosition:'bottom' }); });</script></div>"""


def test_find_hanweb_proxy_reads_nextgroup_and_script():
    proxy = find_hanweb_proxy(HANWEB_LIST, "http://www.x.gov.cn/col/col314/index.html")
    assert proxy is not None
    assert proxy.proxy_url == "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp"
    assert (proxy.columnid, proxy.unitid, proxy.webid, proxy.path) == ("314", "424388", "3", "/")
    assert proxy.webname == "浙江省"
    assert (proxy.perpage, proxy.total_record) == (15, 835)


def test_hanweb_proxy_requests_cover_the_records_after_the_island():
    proxy = find_hanweb_proxy(HANWEB_LIST, "http://www.x.gov.cn/col/col314/index.html")
    calls = proxy.requests(start_after=45)
    assert calls[0] == ProxyRequest(
        "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",
        "POST",
        {"col": "1", "appid": "1", "webid": "3", "path": "/", "columnid": "314",
         "sourceContentType": "1", "unitid": "424388", "webname": "浙江省", "permissiontype": "0"})
    assert calls[-1].url.endswith("startrecord=811&endrecord=835&perpage=15")
    assert len(calls) == 18  # 790 records, 45 per call
    assert proxy.requests(start_after=835) == []


def test_hanweb_proxy_from_script_only_and_unknown_total():
    html = """<script>$('#1').jpage({ perPage:20, proxyUrl:'/module/jpage/dataproxy.jsp',
      ajaxParam: {col:1, appid:1, webid:'7', path:'/', columnid:'999', sourceContentType:1, unitid:'55',
      webname:'某某县', permissiontype:0} });</script>"""
    proxy = find_hanweb_proxy(html, "http://www.x.gov.cn/col/col999/index.html")
    assert proxy == HanwebProxy(
        proxy_url="http://www.x.gov.cn/module/jpage/dataproxy.jsp", columnid="999", unitid="55",
        webid="7", path="/", webname="某某县", perpage=20, total_record=None,
        extra={"col": "1", "appid": "1", "sourceContentType": "1", "permissiontype": "0"})
    calls = proxy.requests(start_after=20)
    assert [call.url for call in calls] == [
        "http://www.x.gov.cn/module/jpage/dataproxy.jsp?startrecord=21&endrecord=80&perpage=20"]


def test_no_hanweb_proxy_on_other_pages():
    assert find_hanweb_proxy("<html><body><ul><li>x</li></ul></body></html>", LIST) is None


def test_parse_proxy_total():
    assert parse_proxy_total("<datastore><totalrecord>1928</totalrecord><totalpage>20</totalpage>") == 1928
    assert parse_proxy_total("<datastore></datastore>") is None
