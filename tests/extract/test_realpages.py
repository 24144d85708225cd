"""The facts ../shared/realpages/README.md lists, read from the real saved pages."""
import re
from datetime import date, datetime

import pytest

from crawlers.extract.article import column_name, extract_article, looks_like_article, page_title
from crawlers.extract.disclosure import parse_disclosure
from crawlers.extract.dom import parse_html
from crawlers.extract.encoding import decode_html
from crawlers.extract.footer import extract_identity
from crawlers.extract.links import extract_links
from crawlers.extract.listing import extract_dated_links
from crawlers.extract.hanweb import find_hanweb_proxy
from crawlers.extract.paging import find_list_pages
from tests.support.realpages import real_page

HANWEB_URL = "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html"
TRS_URL = "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml"
WECHAT_URL = "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=x"


def read(name: str) -> str:
    return decode_html(real_page(name).read_bytes(), "utf-8").text


@pytest.fixture(scope="module")
def hanweb():
    return parse_html(read("hanweb-article-zj-fgw.html"))


@pytest.fixture(scope="module")
def trs():
    return parse_html(read("trs-article-shanxi.html"))


def without_meta(html: str, *names: str) -> str:
    for name in names:
        html = re.sub(rf'<meta name="{name}"[^>]*>', "", html, flags=re.I)
    return html


# ---- hanweb-article-zj-fgw.html -------------------------------------------------------------

def test_hanweb_article_facts(hanweb):
    facts = extract_article(hanweb, HANWEB_URL)
    assert facts.title == "1-10月德清县固定资产投资结构趋稳趋优"
    # Visible 发布日期：2016-11-22; the meta PubDate of the same day gives the time of day.
    assert facts.published == datetime(2016, 11, 22, 9, 53)
    assert facts.published_source == "visible"
    assert facts.conflicts == ()
    assert facts.column_name == "投资运行"
    assert facts.source == "省发改委"
    assert facts.site_name == "浙江省发展和改革委员会"
    assert facts.meta["SiteName"] == "浙江省发展和改革委员会"
    assert "SiteIDCode" not in facts.meta  # present but empty on this page
    assert looks_like_article(hanweb)


def test_hanweb_visible_facts_without_the_meta_block():
    html = without_meta(read("hanweb-article-zj-fgw.html"), "PubDate", "ArticleTitle", "ColumnName",
                        "contentSource", "Maketime")
    facts = extract_article(html, "http://fgw.zj.gov.cn/a.html")
    assert facts.published == datetime(2016, 11, 22)  # 发布日期：2016-11-22
    assert facts.published_source == "visible"
    assert facts.column_name == "投资运行"  # #hiddenLocation col1_name
    assert facts.source == "省发改委"  # 信息来源：<!--…-->省发改委<!--…-->
    assert facts.title == "1-10月德清县固定资产投资结构趋稳趋优"


def test_hanweb_breadcrumb_names_the_column_too(hanweb):
    html = without_meta(read("hanweb-article-zj-fgw.html"), "ColumnName")
    html = re.sub(r'<div id="hiddenLocation".*?</div>', "", html, flags=re.S)
    assert column_name(html) == "投资运行"


def test_hanweb_footer_identity(hanweb):
    identity = extract_identity(hanweb)
    assert identity.site_code == "3300000020"
    assert identity.icp == "浙ICP备05018911号"
    assert identity.police_record == "浙公网安备 33010602009328号"
    assert identity.jiucuo
    assert "site_code=3300000020" in identity.jiucuo_url
    assert identity.conac  # bszs.conac.cn badge link


def test_hanweb_page_links_and_encoding():
    raw = real_page("hanweb-article-zj-fgw.html").read_bytes()
    decoded = decode_html(raw, "gbk")  # a header that lies: the bytes are UTF-8
    assert decoded.encoding == "utf-8"
    assert decoded.mismatch == "声明编码gbk与实际编码utf-8不符"
    links = {(link.url, link.tag) for link in extract_links(parse_html(decoded.text), HANWEB_URL)}
    assert ("http://fgw.zj.gov.cn/col/col1621004/index.html", "a") in links
    assert ("http://beian.miit.gov.cn/", "a") in links
    assert all(not url.startswith("javascript") for url, _ in links)


def test_hanweb_article_is_not_a_list(hanweb):
    assert find_list_pages(hanweb, HANWEB_URL).urls == []
    assert find_hanweb_proxy(read("hanweb-article-zj-fgw.html"), HANWEB_URL) is None
    assert parse_disclosure(hanweb) == {}


# ---- trs-article-shanxi.html ----------------------------------------------------------------

def test_trs_article_facts(trs):
    facts = extract_article(trs, TRS_URL)
    assert facts.title == "山西品牌丝路行（南美站）正式启动"
    assert facts.published == datetime(2019, 9, 18, 6, 23)
    assert facts.column_name == "山西要闻"
    assert facts.source == "山西日报"
    assert facts.site_name == "山西省人民政府门户网站"
    assert looks_like_article(trs)
    assert page_title(trs) == "山西品牌丝路行（南美站）正式启动 - 山西省人民政府门户网站"


def test_trs_visible_facts_without_the_meta_block():
    html = without_meta(read("trs-article-shanxi.html"), "PubDate", "ArticleTitle", "ColumnName",
                        "ContentSource")
    facts = extract_article(html, "http://www.shanxi.gov.cn/a.html")
    # The visible <i>时间：</i>2019-09-18 06:23, not the stale date in the span's alt attribute.
    assert facts.published == datetime(2019, 9, 18, 6, 23)
    assert facts.published_source == "visible"
    assert facts.column_name == "山西要闻"  # breadcrumb's unlinked last item
    assert facts.source == "山西日报"
    assert facts.title == "山西品牌丝路行（南美站）正式启动"


def test_trs_published_from_url_when_nothing_else_says():
    html = without_meta(read("trs-article-shanxi.html"), "PubDate")
    html = html.replace("<i>时间：</i>2019-09-18 06:23", "")
    facts = extract_article(html, TRS_URL)
    assert facts.published == datetime(2019, 9, 18) and facts.published_source == "url"


def test_trs_footer_identity(trs):
    identity = extract_identity(trs)
    assert identity.site_code == "1400000045"
    assert identity.icp == "晋ICP备12000773号"
    assert identity.police_record == "晋公网安备 14010502050691号"
    assert identity.organizer == "山西省人民政府办公厅"
    assert identity.jiucuo  # <script id="_jiucuo_" sitecode="1400000045" …>
    assert identity.jiucuo_url == "http://pucha.kaipuyun.cn/exposure/jiucuo.js"
    assert identity.conac


def test_trs_single_page_article_pager(trs):
    paging = find_list_pages(trs, TRS_URL)
    assert paging.kind == "trs" and paging.urls == [] and paging.total_pages == 1


def test_trs_links(trs):
    links = extract_links(trs, TRS_URL)
    urls = {link.url for link in links}
    assert "http://www.shanxi.gov.cn/yw/sxyw/201909/W020190918234243033577.jpg" in urls
    assert "http://www.shanxi.gov.cn/yw/" in urls  # breadcrumb ../../
    assert len({(link.url, link.tag) for link in links}) == len(links)


def test_trs_article_has_no_dated_homepage_links(trs):
    # No list rows with dates on an article page: nothing to mistake for homepage updates.
    assert extract_dated_links(trs, TRS_URL, date(2026, 11, 20)) == []


# ---- wechat-article.html ---------------------------------------------------------------------

def test_wechat_page_title_and_encoding():
    raw = real_page("wechat-article.html").read_bytes()
    decoded = decode_html(raw, None)
    assert decoded.encoding == "utf-8" and decoded.mismatch is None
    tree = parse_html(decoded.text)
    assert page_title(tree) == "三星 Galaxy S20 系列手机正式发布"
    assert extract_article(tree, WECHAT_URL).title == "三星 Galaxy S20 系列手机正式发布"
    assert not looks_like_article(tree)  # no government article markers
