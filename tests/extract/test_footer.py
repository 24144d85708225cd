import pytest

from crawlers.extract.footer import Identity, extract_identity

GOV_CN_FOOTER = """<html><body><div class="main">正文</div>
<div class="footer_copyright">
 <p>主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</p>
 <p>版权所有：中国政府网　中文域名：中国政府网.政务</p>
 <p>网站标识码bm01000001　<a href="https://beian.miit.gov.cn/#/Integrated/index">京ICP备05070218号</a>　
  <img src="/images/2018guohui03.png"/><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010202000001">京公网安备11010202000001号</a></p></div>
<span><a href="https://www.gov.cn/home/2014-02/23/content_5046259.htm">联系我们</a></span><span><a href="https://www.gov.cn/fuwu/jiucuopage.html">网站纠错</a></span>
</body></html>"""


def test_gov_cn_footer():
    assert extract_identity(GOV_CN_FOOTER) == Identity(
        site_code="bm01000001", icp="京ICP备05070218号", police_record="京公网安备11010202000001号",
        organizer="国务院办公厅", jiucuo=True, jiucuo_url="https://www.gov.cn/fuwu/jiucuopage.html",
        conac=False)


def test_local_footer_with_widgets():
    html = """<html><body><div id="footer"><p>主办单位：某某市人民政府办公室 承办：某某市大数据中心</p>
      <p>网站标识码：1304000009 冀ICP备12345678号-1 冀公网安备 13040202000123号</p>
      <span id="_ideConac"></span><script src="http://dcs.conac.cn/js/05/107/0000/41468768/CA0510.js"></script>
      <script id="_jiucuo_" sitecode="1304000009" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
      </div></body></html>"""
    assert extract_identity(html) == Identity(
        site_code="1304000009", icp="冀ICP备12345678号-1", police_record="冀公网安备 13040202000123号",
        organizer="某某市人民政府办公室", jiucuo=True,
        jiucuo_url="https://zfwzgl.www.gov.cn/exposure/jiucuo.js", conac=True)


def test_footer_missing_every_element():
    html = """<html><body><div class="footer"><p>版权所有 © 某某市人民政府</p><a href="/map.html">网站地图</a></div>
      </body></html>"""
    assert extract_identity(html) == Identity(None, None, None, None, False, None, False)


def test_each_element_is_found_alone():
    assert extract_identity('<div class="footer">网站标识码：3300000020</div>').site_code == "3300000020"
    assert extract_identity('<div class="footer">网站标识码BM64130001</div>').site_code == "bm64130001"
    assert extract_identity('<div class="footer">备案号：浙ICP备05018911号</div>').icp == "浙ICP备05018911号"
    assert extract_identity('<div class="footer">浙公网安备 33010602009328号</div>').police_record == \
        "浙公网安备 33010602009328号"
    assert extract_identity('<div class="footer">网站主办：某某县人民政府|联系电话：1234</div>').organizer == \
        "某某县人民政府"
    assert extract_identity('<div class="footer">主办：某某局&nbsp;©&nbsp;版权所有</div>').organizer == "某某局"
    assert extract_identity('<div><a href="javascript:;" onclick="go()">我为政府网站找错</a></div>').jiucuo
    assert extract_identity('<a href="https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfo/abc">纠错</a>').jiucuo
    assert extract_identity('<a href="http://bszs.conac.cn/sitename?method=show&id=1"><img src="/red.png"></a>').conac


def test_wrong_lengths_are_not_identity():
    html = '<div class="footer">网站标识码：33000000 浙公网安备 3301060200号</div>'
    identity = extract_identity(html)
    assert identity.site_code is None and identity.police_record is None


def test_whole_page_is_searched_when_there_is_no_footer_element():
    html = "<html><body><div>正文</div><p>网站标识码：4300000077 湘ICP备00000001号</p></body></html>"
    identity = extract_identity(html)
    assert (identity.site_code, identity.icp) == ("4300000077", "湘ICP备00000001号")


def test_relative_jiucuo_link_is_made_absolute_with_a_base_url():
    html = '<div class="footer"><a href="/jiucuo.html?site_code=3300000020">我为政府网站找错</a></div>'
    assert extract_identity(html).jiucuo_url == "/jiucuo.html?site_code=3300000020"
    assert extract_identity(html, "http://www.x.gov.cn/a/").jiucuo_url == \
        "http://www.x.gov.cn/jiucuo.html?site_code=3300000020"


@pytest.mark.parametrize("prefix", ["滇", "黔", "蜀", "陇", "云", "贵"])
def test_every_province_short_name_starts_an_icp_number(prefix):
    html = (f"<html><body><div class='footer'>{prefix}ICP备05012345号-2 "
            f"{prefix}公网安备 53010202000123号</div></body></html>")
    identity = extract_identity(html)
    assert identity.icp == f"{prefix}ICP备05012345号-2"
    assert identity.police_record and identity.police_record.startswith(prefix)
