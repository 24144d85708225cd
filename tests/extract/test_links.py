from crawlers.extract.dom import parse_html
from crawlers.extract.links import FoundLink, extract_links, is_attachment

BASE = "http://www.x.gov.cn/zwgk/tzgg/index.html"


def test_kinds_of_links():
    html = """<html><body>
      <a href="./202604/t20260409_1404577.html">关于某某的通知</a>
      <a href="/files/办法.PDF">附件：办法</a>
      <a href="att.docx"><img src="/img/doc.png" alt="下载"></a>
      <img src="/images/logo.png" alt="标志">
      <iframe src="/frame/weather.html" title="天气"></iframe>
      <frameset><frame src="top.html"></frameset>
      <embed src="/media/intro.swf"><object data="/media/map.svg"></object>
      <map><area href="/map/area1.html" alt="区域一"></map>
    </body></html>"""
    found = {(link.url, link.tag) for link in extract_links(html, BASE)}
    assert ("http://www.x.gov.cn/zwgk/tzgg/202604/t20260409_1404577.html", "a") in found
    assert ("http://www.x.gov.cn/files/%E5%8A%9E%E6%B3%95.PDF", "attachment") in found
    assert ("http://www.x.gov.cn/zwgk/tzgg/att.docx", "attachment") in found
    assert ("http://www.x.gov.cn/img/doc.png", "img") in found
    assert ("http://www.x.gov.cn/images/logo.png", "img") in found
    assert ("http://www.x.gov.cn/frame/weather.html", "iframe") in found
    assert ("http://www.x.gov.cn/media/intro.swf", "embed") in found
    assert ("http://www.x.gov.cn/media/map.svg", "object") in found
    assert ("http://www.x.gov.cn/map/area1.html", "a") in found


def test_frames_of_a_frameset_page():
    html = '<html><frameset><frame src="top.html"><frame src="/main.html"></frameset></html>'
    urls = [(link.url, link.tag) for link in extract_links(html, BASE)]
    assert urls == [("http://www.x.gov.cn/zwgk/tzgg/top.html", "frame"),
                    ("http://www.x.gov.cn/main.html", "frame")]


def test_skips_scripts_mail_phone_and_anchors():
    html = """<a href="javascript:void(0)">打印</a><a href="mailto:a@x.gov.cn">邮件</a>
      <a href="tel:12345">电话</a><a href="#">顶部</a><a href="#top">顶部</a><a>无链接</a>
      <a href="  ">空</a><a href="ftp://x.gov.cn/a">ftp</a><img src="data:image/png;base64,AAAA">
      <a href="http://www.gov.cn/">中国政府网</a>"""
    assert extract_links(html, BASE) == [FoundLink("http://www.gov.cn/", "a", "中国政府网")]


def test_base_href_is_respected():
    html = '<html><head><base href="http://cdn.x.gov.cn/site/"></head><body><a href="a.html">一</a></body></html>'
    assert extract_links(html, BASE)[0].url == "http://cdn.x.gov.cn/site/a.html"


def test_deduplicates_on_url_and_tag_and_normalises():
    html = """<a href="HTTP://WWW.X.GOV.CN:80/a.html#p2">一</a><a href="/a.html">二</a>
      <img src="/a.html"><a href="/a.html?x=1">三</a>"""
    links = extract_links(html, BASE)
    assert [(link.url, link.tag) for link in links] == [
        ("http://www.x.gov.cn/a.html", "a"),
        ("http://www.x.gov.cn/a.html", "img"),
        ("http://www.x.gov.cn/a.html?x=1", "a"),
    ]
    assert links[0].text == "一"


def test_link_text_falls_back_to_title_and_image_alt():
    html = '<a href="/a.html" title="标题"></a><a href="/b.html"><img src="/b.png" alt="图片说明"></a>'
    texts = {link.url: link.text for link in extract_links(html, BASE) if link.tag == "a"}
    assert texts == {"http://www.x.gov.cn/a.html": "标题", "http://www.x.gov.cn/b.html": "图片说明"}


def test_accepts_a_parsed_tree_and_whitespace_in_hrefs():
    tree = parse_html('<a href="\n  /c.html \n">三</a>')
    assert extract_links(tree, BASE)[0].url == "http://www.x.gov.cn/c.html"


def test_is_attachment():
    for name in ("a.pdf", "a.DOC", "a.xlsx", "a.wps", "a.et", "a.zip", "a.rar", "a.7z", "a.ofd",
                 "a.pptx", "a.txt", "a.csv"):
        assert is_attachment(f"http://x.gov.cn/files/{name}")
    assert not is_attachment("http://x.gov.cn/a.html")
    assert not is_attachment("http://x.gov.cn/pdf/")
    assert not is_attachment("http://x.gov.cn/down.jsp?file=a.pdf")
