import lxml.html

from reports.html import render_audit_html
from tests.support.sample_report import HOSTILE


def _doc(report):
    html = render_audit_html(report)
    return html, lxml.html.fromstring(html)


def test_header_names_the_site_and_the_verdict(report):
    html, doc = _doc(report)
    info = {th.text_content(): td.text_content().strip()
            for th, td in (row.xpath("./th|./td") for row in doc.xpath("//table[@class='info']/tr"))}
    assert info["主办单位"] == "某某市人民政府办公室"
    assert info["网站标识码"] == "3301000001"
    assert info["网址"] == "http://www.example.gov.cn/"
    assert info["监测时间点"] == "2026-11-20"
    assert info["检查时间"] == "2026-11-20 02:00:00 至 2026-11-20 02:03:10"
    assert info["检查结论"] == "不合格"
    reasons = [li.text_content() for li in doc.xpath("//ol[@class='reasons']/li")]
    assert reasons == report["verdict"]["details"]


def test_reasons_fall_back_to_labels_without_details(report):
    del report["verdict"]["details"]
    _, doc = _doc(report)
    reasons = [li.text_content() for li in doc.xpath("//ol[@class='reasons']/li")]
    assert reasons[:2] == ["首页不更新", "留言未答复"] and "空白栏目" in reasons[2]


def test_every_finding_message_and_url_is_shown_with_a_link(report):
    _, doc = _doc(report)
    items = doc.xpath("//ol[@class='findings']/li")
    assert len(items) == len(report["findings"])
    messages = {li.xpath(".//span[@class='message']")[0].text_content() for li in items}
    assert messages == {f["message"] for f in report["findings"]}
    hrefs = set(doc.xpath("//section[@id='findings']//a/@href"))
    for finding in report["findings"]:
        assert finding["url"] in hrefs
        if finding["page"]:
            assert finding["page"] in hrefs
    # Evidence lists of pages become links too, and long lists fold away.
    broken = next(f for f in report["findings"] if f["url"].endswith("missing.html"))
    assert set(broken["evidence"]["pages"]) <= hrefs
    assert doc.xpath("//details/summary")[0].text_content() == "共8条"


def test_groups_are_ordered_veto_first(report):
    _, doc = _doc(report)
    order = [div.get("id").removeprefix("check-") for div in doc.xpath("//div[@class='group']")]
    assert order == ["homepage_stale", "message_unanswered", "stale_column", "blank_column",
                     "broken_link", "identity_missing", "interpretation_late"]
    first_badges = [div.xpath(".//h3/span")[0].text_content() for div in doc.xpath("//div[@class='group']")]
    assert first_badges == ["单项否决"] * 2 + ["扣分"] * 4 + ["预警"]


def test_evidence_is_readable(report):
    _, doc = _doc(report)
    group = doc.xpath("//div[@id='check-stale_column']")[0]
    evidence = dict(zip((dt.text_content() for dt in group.xpath(".//dt")),
                        (dd.text_content() for dd in group.xpath(".//dd"))))
    assert evidence == {"栏目类别": "通知公告类", "最近更新": "2026-03-02", "未更新天数": "263",
                        "栏目层级": "1", "判定规则": "通知公告类一级栏目183天内应有更新"}
    link_group = doc.xpath("//div[@id='check-broken_link']")[0].text_content()
    assert "首页不可用链接" in link_group and "全站不可用链接" in link_group


def test_hostile_strings_are_escaped(report):
    report["findings"][0]["url"] = "javascript:alert(1)"
    report["findings"][1]["message"] = '"><img src=x onerror=alert(1)>'
    html, doc = _doc(report)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert not doc.xpath("//script") and not doc.xpath("//img")
    assert HOSTILE in doc.xpath("//h1")[0].text_content()
    assert not [h for h in doc.xpath("//a/@href") if not h.startswith(("http", "#"))]
    assert "javascript:alert(1)" in doc.xpath("//span[@class='url']/text()")


def test_page_is_self_contained(report):
    _, doc = _doc(report)
    assert doc.xpath("//style")
    assert not doc.xpath("//link[@rel='stylesheet'] | //script[@src] | //img[@src] | //iframe")
    assert doc.get("lang") == "zh-CN"


def test_columns_table_marks_stale_and_blank_rows(report):
    _, doc = _doc(report)
    rows = doc.xpath("//section[@id='columns']//tbody/tr")
    cells = [[td.text_content().strip() for td in row.xpath("./td")] for row in rows]
    assert cells[0] == ["工作动态", "动态要闻类", "240", "2026-11-18", "3", ""]
    assert cells[1][-1] == "不更新" and cells[2][-1] == "空白"
    assert cells[2][3] == "—"
    assert [row.get("class") for row in rows] == [None, "marked", "marked", None]


def test_unchecked_and_extras_have_their_sections(report):
    _, doc = _doc(report)
    unchecked = doc.xpath("//section[@id='unchecked']")[0].text_content()
    assert "IPv6支持" in unchecked and "站点域名无法通过IPv6解析服务器查询" in unchecked
    assert "新媒体不更新" in unchecked
    for reason, count in (("超出抓取页面上限", "12"), ("抓取超时", "3"), ("robots协议禁止抓取", "1")):
        row = doc.xpath(f"//section[@id='unchecked']//tr[td[1]='{reason}']/td[2]")[0]
        assert row.text_content() == count
    statuses = doc.xpath("//section[@id='checks']")[0].text_content()
    assert "已检查" in statuses and "未检查" in statuses
    assert doc.xpath("//section[@id='extra-ipv6']/h2")[0].text_content() == "IPv6检测"
    assert "否" in doc.xpath("//section[@id='extra-ipv6']")[0].text_content()
    assert "0.0%" in doc.xpath("//section[@id='extra-availability']")[0].text_content()
    assert "已完成" in doc.xpath("//section[@id='extra-run']")[0].text_content()


def test_unknown_extras_and_evidence_keys_show_as_key_value(report):
    report["dns"] = {"nameserver": "127.0.0.1:5353"}
    report["findings"][0]["evidence"]["hops"] = [{"target": "http://a.gov.cn/", "status": 301}]
    _, doc = _doc(report)
    assert "nameserver" in doc.xpath("//section[@id='extra-dns']")[0].text_content()
    table = doc.xpath("//table[@class='records']")[0]
    assert [th.text_content() for th in table.xpath(".//th")] == ["target", "状态"]
    assert table.xpath(".//a/@href") == ["http://a.gov.cn/"]


def test_minimal_report_renders_without_optional_parts():
    minimal = {"schema": "govpatrol.audit/1", "site": {"url": "http://www.a.gov.cn/"},
               "as_of": "2026-11-20", "verdict": {"result": "pass", "reasons": []},
               "stats": {}, "columns": [], "findings": []}
    _, doc = _doc(minimal)
    assert doc.xpath("//span[contains(@class, 'verdict')]")[0].text_content() == "合格"
    assert "未发现问题" in doc.xpath("//section[@id='findings']")[0].text_content()
    assert not doc.xpath("//section[@id='unchecked'] | //section[@id='checks'] "
                         "| //section[starts-with(@id, 'extra-')]")
