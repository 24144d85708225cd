"""``govpatrol page`` as a user runs it: a saved file, a URL fetched through a local DNS
server from a local web server, rendering in Chromium, and bad input."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govpatrol.cli import app
from tests.support.dns_server import LocalDNS
from tests.support.http_servers import PageServer, Reply

HOST = "www.yunxi.gov.cn"
ARTICLE = """<html><head><title>关于开展安全检查的通知_云溪市人民政府</title>
<meta name="PubDate" content="2026-09-01 08:00"></head><body>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
<h1>关于开展安全检查的通知</h1><div class="info">发布日期：2026-11-18 09:30 来源：市应急局</div>
<div class="TRS_Editor"><p>正文。</p><a href="/files/a.pdf">附件</a></div>
<div class="footer">主办单位：云溪市人民政府 网站标识码：4300000001 湘ICP备12345678号
湘公网安备 43010202000001号</div></body></html>"""
COLUMN = """<html><head><title>通知公告 - 云溪市人民政府</title></head><body>
<div class="crumb"><a href="/">首页</a> &gt; 通知公告</div><ul class="list">
<li><a href="/tzgg/202611/t20261118_1.html">关于开展安全检查的通知</a><span>2026-11-18</span></li>
<li><a href="/tzgg/202610/t20261002_2.html">关于国庆假期安排的通知</a><span>2026-10-02</span></li>
<li><a href="/tzgg/202609/t20260903_3.html">关于秋季防火的通告</a><span>2026-09-03</span></li>
</ul><script>var currentPage = 0; var countPage = 3;</script></body></html>"""
GBK_PAGE = "<html><head><meta charset='gbk'><title>首页</title></head><body>云溪</body></html>"


def run(*args: str):
    return CliRunner().invoke(app, ["page", *args])


@pytest.fixture()
def site():
    pages = {"/tzgg/202611/t20261118_1.html": ARTICLE, "/tzgg/": COLUMN,
             "/old.html": Reply(status=302, headers={"Location": "/tzgg/"}),
             "/gbk.html": Reply(GBK_PAGE.encode("gbk"), content_type="text/html")}
    with PageServer(pages) as server, LocalDNS({HOST: {"A": ["127.0.0.1"]}}) as dns:
        yield server, dns


def test_a_saved_file_is_read_without_network(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(ARTICLE.encode("gb18030"))
    result = run(str(page), "--url", f"http://{HOST}/tzgg/202611/t20261118_1.html",
                 "--as-of", "2026-11-30", "--json", "-")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["schema"] == "govpatrol.page/1"
    assert facts["encoding"] == "gb18030"
    assert facts["kind"] == "article"
    assert facts["title"] == "关于开展安全检查的通知"
    assert (facts["published"], facts["published_from"]) == ("2026-11-18 09:30", "visible")
    assert facts["published_conflict"] == [{"from": "meta", "value": "2026-09-01 08:00"}]
    assert facts["column"] == {"name": "通知公告", "category": "notice"}
    assert facts["identity"]["site_code"] == "4300000001"
    assert facts["identity"]["police"] == "湘公网安备 43010202000001号"
    assert {"url": f"http://{HOST}/files/a.pdf", "tag": "attachment", "text": "附件"} in facts["links"]


def test_a_url_is_fetched_once_through_the_chosen_resolver(site):
    server, dns = site
    url = server.url("/tzgg/", hostname=HOST)
    result = run(url, "--nameserver", dns.address, "--as-of", "2026-11-30", "--json", "-")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["kind"] == "column" and facts["url"] == url
    assert facts["column"] == {"name": "通知公告", "category": "notice"}
    assert [item["date"] for item in facts["items"]] == ["2026-11-18", "2026-10-02", "2026-09-03"]
    assert facts["items"][0]["url"] == server.url("/tzgg/202611/t20261118_1.html", hostname=HOST)
    assert facts["paging"]["kind"] == "countPage"
    assert facts["paging"]["pages"] == [server.url(f"/tzgg/index_{n}.html", hostname=HOST)
                                        for n in (1, 2)]
    assert [r.path for r in server.requests] == ["/tzgg/"]
    assert (HOST, "A") in dns.queries


def test_redirects_and_the_served_charset(site):
    server, dns = site
    result = run(server.url("/old.html", hostname=HOST), "--nameserver", dns.address)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["url"] == server.url("/tzgg/", hostname=HOST)
    result = run(server.url("/gbk.html", hostname=HOST), "--nameserver", dns.address)
    assert json.loads(result.stdout)["encoding"] == "gb18030"


def test_a_failed_fetch_exits_1_with_one_line(site):
    server, dns = site
    result = run(server.url("/missing.html", hostname=HOST), "--nameserver", dns.address)
    assert result.exit_code == 1
    assert "HTTP 404" in result.output and "Traceback" not in result.output
    result = run("http://nowhere.yunxi.gov.cn/", "--nameserver", dns.address)
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["/no/such/file.html"],
    ["http://a..b/"],
    ["http://[::1"],
    ["--as-of", "2026-13-01", "http://www.yunxi.gov.cn/"],
    ["http://www.yunxi.gov.cn/", "--nameserver", "not-an-address"],
    ["http://www.yunxi.gov.cn/", "--url", "http://www.yunxi.gov.cn/a.html"],
    [__file__, "--render"],
])
def test_bad_input_exits_2_with_one_line(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0


def test_output_to_a_file(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(COLUMN, encoding="utf-8")
    out = tmp_path / "facts.json"
    result = run(str(page), "--url", f"http://{HOST}/tzgg/", "--json", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["kind"] == "column"


def test_render_reads_what_script_draws(site):
    server, dns = site
    server.pages["/js/"] = """<html><head><title>工作动态 - 云溪市人民政府</title></head><body>
      <ul id="list"></ul><script>
      var rows = [["市政府召开常务会议", "/gzdt/t20261120_9.html", "2026-11-20"],
                  ["市长调研重点项目", "/gzdt/t20261115_8.html", "2026-11-15"],
                  ["全市安全生产会议召开", "/gzdt/t20261101_7.html", "2026-11-01"]];
      fetch("/js/").then(function () {
        document.getElementById("list").innerHTML = rows.map(function (r) {
          return '<li><a href="' + r[1] + '">' + r[0] + '</a><span>' + r[2] + '</span></li>';
        }).join("");
      });</script></body></html>"""
    url = server.url("/js/", hostname=HOST)
    plain = json.loads(run(url, "--nameserver", dns.address).stdout)
    assert plain["needs_browser"] is True and plain["items"] == []
    result = run(url, "--render", "--nameserver", dns.address, "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["rendered"] is True and facts["needs_browser"] is False
    assert [item["title"] for item in facts["items"]] == [
        "市政府召开常务会议", "市长调研重点项目", "全市安全生产会议召开"]


MAILBOX = """<html><head><title>市长信箱 - 云溪市人民政府</title></head><body>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/hdjl/">互动交流</a> &gt; 市长信箱</div>
<table class="mail-list">
 <tr><th>编号</th><th>标题</th><th>状态</th><th>来信时间</th><th>回复时间</th></tr>
 <tr><td>2026110300012</td><td><a href="./detail.jsp?id=123">关于小区路灯长期不亮的问题</a></td>
     <td>已回复</td><td>2026-11-03</td><td>2026-11-05</td></tr>
 <tr><td>2026102000007</td><td><a href="./detail.jsp?id=124">咨询公积金提取办理流程</a></td>
     <td>办理中</td><td>2026-10-20</td><td></td></tr>
 <tr><td>2026101500003</td><td><a href="./detail.jsp?id=125">关于公交线路调整的建议</a></td>
     <td>已回复</td><td>2026-10-15</td><td>2026-10-30</td></tr>
</table></body></html>"""


def test_a_mailbox_list_shows_its_messages(tmp_path):
    page = tmp_path / "mail.html"
    page.write_text(MAILBOX, encoding="utf-8")
    result = run(str(page), "--url", f"http://{HOST}/hdjl/szxx/index.html", "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["kind"] == "mailbox"
    assert facts["column"] == {"name": "市长信箱", "category": "mailbox"}
    assert [(m["number"], m["sent"], m["replied"], m["status"]) for m in facts["messages"]] == [
        ("2026110300012", "2026-11-03", "2026-11-05", "已回复"),
        ("2026102000007", "2026-10-20", None, "办理中"),
        ("2026101500003", "2026-10-15", "2026-10-30", "已回复")]
    assert facts["messages"][0]["url"] == f"http://{HOST}/hdjl/szxx/detail.jsp?id=123"
