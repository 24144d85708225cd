import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from reports.docx_report import write_audit_docx
from tests.support.sample_report import HOSTILE


def _read(report, tmp_path):
    path = write_audit_docx(report, tmp_path / "report.docx")
    return docx.Document(str(path))


def _rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_title_basic_info_and_verdict(report, tmp_path):
    document = _read(report, tmp_path)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"某某市人民政府{HOSTILE}检查报告"
    assert document.paragraphs[0].style.name == "Title"
    info = dict(_rows(document.tables[0]))
    assert info["网站标识码"] == "3301000001"
    assert info["网址"] == "http://www.example.gov.cn/"
    assert info["检查结论"] == "不合格"
    assert info["检查时间"] == "2026-11-20 02:00:00 至 2026-11-20 02:03:10"
    assert "检查结论：不合格" in paragraphs
    assert "1. 首页最新信息发布于2026-10-30，超过2周未更新" in paragraphs
    assert "共发现问题9条，其中单项否决2条，扣分5条，预警2条。" in paragraphs


def test_findings_tables_grouped_by_check_veto_first(report, tmp_path):
    document = _read(report, tmp_path)
    groups = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert groups == ["（一）首页不更新（共1条）", "（二）留言未答复（共2条）", "（三）栏目不更新（共1条）",
                      "（四）空白栏目（共1条）", "（五）链接不可用（共2条）", "（六）网站标识缺失（共1条）",
                      "（七）解读发布不及时（共1条）"]
    finding_tables = [t for t in document.tables
                      if _rows(t)[0] == ["序号", "问题描述", "网址", "证据", "严重程度"]]
    assert [len(t.rows) - 1 for t in finding_tables] == [1, 2, 1, 1, 2, 1, 1]
    messages = _rows(finding_tables[1])
    assert messages[1][0] == "1" and messages[1][4] == "单项否决"
    assert messages[1][1].startswith("留言“关于小区停车难的问题”超过3个月未答复\n所在页面：")
    assert messages[2][2] == "http://www.example.gov.cn/hd/list.html#1002"
    assert messages[2][4] == "扣分"
    every_url = {row[2] for table in finding_tables for row in _rows(table)[1:]}
    assert every_url == {f["url"] for f in report["findings"]}
    broken = _rows(finding_tables[4])[1]
    assert "状态: 404" not in broken[1]  # the evidence has a column of its own
    assert "状态：404" in broken[3] and "范围：首页不可用链接" in broken[3]
    assert "……另有3条" in broken[3]  # 8 pages: the first 5, then the count of the rest


def test_table_widths_fit_their_content(report, tmp_path):
    document = _read(report, tmp_path)
    findings = next(t for t in document.tables if _rows(t)[0][:2] == ["序号", "问题描述"])
    grid = [column.width for column in findings.columns]
    number, description, url, evidence, severity = grid
    assert abs(sum(grid) - Cm(17)) < Cm(0.05)  # the page's text width
    assert number < Cm(1.5) and severity < Cm(2.2)  # narrow columns take what they need
    assert min(description, url, evidence) > 2 * number
    assert len(set(grid)) > 2  # not equal columns
    for row in findings.rows:  # Word reads each cell's width, LibreOffice the grid
        assert [cell.width for cell in row.cells] == grid
    info = document.tables[0]
    label, value = [column.width for column in info.columns]
    assert label < Cm(3) < Cm(12) < value


def test_columns_table_and_unchecked(report, tmp_path):
    document = _read(report, tmp_path)
    columns = next(t for t in document.tables if _rows(t)[0][0] == "栏目")
    assert _rows(columns)[1:] == [
        ["工作动态", "动态要闻类", "240", "2026-11-18", "3", ""],
        ["通知公告", "通知公告类", "35", "2026-03-02", "0", "不更新"],
        ["规划计划", "规划计划类", "0", "—", "0", "空白"],
        ["人事任免", "人事类", "12", "2026-06-01", "0", ""],
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本情况", "二、检查结论", "三、发现问题", "四、栏目情况", "五、未检查事项",
                        "六、IPv6检测", "七、可用性监测", "八、检查任务"]
    unchecked = dict(row for t in document.tables for row in _rows(t) if len(row) == 2)
    assert unchecked["IPv6支持"] == "站点域名无法通过IPv6解析服务器查询"
    assert unchecked["未检查页面（超出抓取页面上限）"] == "12个"
    assert unchecked["状态"] == "已完成"


def test_styles_use_a_chinese_font(report, tmp_path):
    document = _read(report, tmp_path)
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over it


def test_report_without_findings_or_columns(tmp_path):
    document = _read({"site": {"name": "某局网站"}, "verdict": {"result": "pass"}}, tmp_path)
    text = [p.text for p in document.paragraphs]
    assert text[0] == "某局网站检查报告"
    assert "未发现问题。" in text and "未识别到栏目。" in text
    assert "检查结论：合格" in text
