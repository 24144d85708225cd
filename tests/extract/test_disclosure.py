from datetime import date

from crawlers.extract.disclosure import parse_disclosure

GOV_CN = """<html><body>
<div class="search"><select><option>标题</option><option>正文</option></select></div>
<table class="bd1"><tbody>
 <tr><td><b>索 引 号：</b></td><td>000014349/2018-00222</td><td><b>主题分类：</b></td><td class="zcwj_ztfl">卫生、体育\\医药管理</td></tr>
 <tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2018年12月21日</td></tr>
 <tr><td><b>标　　题：</b></td><td colspan="3">国务院关于某某的决定</td></tr>
 <tr><td><b>发文字号：</b></td><td>国发〔2018〕43号</td><td><b>发布日期：</b></td><td>2018年12月29日</td></tr>
</tbody></table>
<table class="bd1"><tr><td><b>主 题 词：</b></td><td></td></tr></table>
<table><tr><td class="b12c" id="UCAP-CONTENT"><p>正文。</p></td></tr></table>
</body></html>"""


def test_gov_cn_four_column_table():
    assert parse_disclosure(GOV_CN) == {
        "index_no": "000014349/2018-00222",
        "topic": "卫生、体育\\医药管理",
        "issuer": "国务院",
        "written": date(2018, 12, 21),
        "title": "国务院关于某某的决定",
        "doc_number": "国发〔2018〕43号",
        "published": date(2018, 12, 29),
    }


def test_strong_label_paragraphs_in_two_columns():
    html = """<div class="xxgk-info"><div class="left">
      <p><strong>索引号</strong>：11130400MB1234567X/2020-00123</p>
      <p><strong>发布机构</strong>：邯郸市人民政府办公室</p>
      <p><strong>文号</strong>：无</p></div>
      <div class="right"><p><strong>主题分类</strong>：综合政务</p>
      <p><strong>发布日期</strong>：2020年08月02日</p><p><strong>有效性</strong>：有效</p></div></div>
      <div class="TRS_Editor"><p>正文里提到索引号这个词，但它不是元数据。</p></div>"""
    assert parse_disclosure(html) == {
        "index_no": "11130400MB1234567X/2020-00123",
        "issuer": "邯郸市人民政府办公室",
        "doc_number": "无",
        "topic": "综合政务",
        "published": date(2020, 8, 2),
        "validity": "有效",
    }


def test_pipe_separated_text_row():
    html = """<div class="xxgk">索 引 号: | hedongquhd0101/2021-0000111 | 公开目录: | 政策文件 |
      成文日期: | 2021-03-31 | 发布日期: | 2021-04-01 | 发布机构: | 河东区人民政府办公室 |</div>"""
    assert parse_disclosure(html) == {
        "index_no": "hedongquhd0101/2021-0000111",
        "catalog": "政策文件",
        "written": date(2021, 3, 31),
        "published": date(2021, 4, 1),
        "issuer": "河东区人民政府办公室",
    }


def test_label_value_cells_without_colons():
    html = """<table class="detail"><tr><td>索引号</td><td>20191202-189769</td><td>分类</td><td>通知</td></tr>
      <tr><td>发布机构</td><td>齐齐哈尔市人民政府</td><td>生成日期</td><td>2019-12-02</td></tr>
      <tr><td>文号</td><td>齐政办发〔2019〕12号</td><td>上载日期</td><td>2019-12-03</td></tr>
      <tr><td>标题</td><td>关于某某事项的通知</td><td>有效性</td><td>有效</td></tr></table>"""
    assert parse_disclosure(html) == {
        "index_no": "20191202-189769",
        "topic": "通知",
        "issuer": "齐齐哈尔市人民政府",
        "written": date(2019, 12, 2),
        "doc_number": "齐政办发〔2019〕12号",
        "published": date(2019, 12, 3),
        "title": "关于某某事项的通知",
        "validity": "有效",
    }


def test_labels_and_values_in_one_text_with_full_width_spaces():
    html = """<div class="info"><span>索　引　号：000014349/2024-00001 发文字号：某政发〔2024〕1号</span>
      <span>成文日期：2024-01-02　发布日期：2024-01-03</span></div>"""
    assert parse_disclosure(html) == {
        "index_no": "000014349/2024-00001",
        "doc_number": "某政发〔2024〕1号",
        "written": date(2024, 1, 2),
        "published": date(2024, 1, 3),
    }


def test_empty_fields_and_unreadable_dates_are_left_out():
    html = """<table><tr><td>索引号：</td><td>A1/2024-1</td></tr><tr><td>发文字号：</td><td></td></tr>
      <tr><td>发布机构：</td><td>某局</td></tr><tr><td>成文日期：</td><td>待定</td></tr></table>"""
    assert parse_disclosure(html) == {"index_no": "A1/2024-1", "issuer": "某局"}


def test_ordinary_article_has_no_disclosure():
    html = """<div class="info"><span>发布时间：2024-01-02</span><span>来源：市政府</span>
      <p>标题：测试</p></div><div class="TRS_Editor">正文</div>"""
    assert parse_disclosure(html) == {}
    assert parse_disclosure("") == {}
