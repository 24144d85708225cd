import openpyxl

from reports.xlsx_report import FINDING_HEADER, write_audit_xlsx


def _read(report, tmp_path):
    path = write_audit_xlsx(report, tmp_path / "report.xlsx")
    return openpyxl.load_workbook(path)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_one_sheet_per_check_between_summary_and_columns(report, tmp_path):
    workbook = _read(report, tmp_path)
    assert workbook.sheetnames == ["汇总", "首页不更新", "留言未答复", "栏目不更新", "空白栏目",
                                   "链接不可用", "网站标识缺失", "解读发布不及时", "栏目"]


def test_check_sheets_hold_their_findings_with_filter_and_frozen_header(report, tmp_path):
    workbook = _read(report, tmp_path)
    sheet = workbook["链接不可用"]
    rows = _rows(sheet)
    assert rows[0] == list(FINDING_HEADER)
    assert [r[:4] for r in rows[1:]] == [
        ["扣分", "首页链接无法访问(HTTP 404)", "http://www.example.gov.cn/missing.html",
         "http://www.example.gov.cn/"],
        ["预警", "链接访问受限(HTTP 403)", "http://www.other.gov.cn/blocked.html",
         "http://www.example.gov.cn/art/2026/11/1/art_1_1.html"],
    ]
    assert rows[1][4].splitlines()[:2] == ["状态: 404", "范围: 首页不可用链接"]
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].hyperlink.target == "http://www.example.gov.cn/missing.html"
    total = sum(workbook[name].max_row - 1 for name in workbook.sheetnames[1:-1])
    assert total == len(report["findings"])
    assert len(_rows(workbook["留言未答复"])) == 3


def test_summary_sheet(report, tmp_path):
    sheet = _read(report, tmp_path)["汇总"]
    values = {row[0]: row[1] for row in _rows(sheet) if row[0]}
    assert values["网站名称"] == report["site"]["name"]
    assert values["网站标识码"] == "3301000001"
    assert values["检查结论"] == "不合格"
    assert values["判定依据"].splitlines() == report["verdict"]["details"]
    assert values["抓取页面数"] == 812 and values["用时（秒）"] == 190.2
    assert values["发现问题"] == 9 and values["单项否决"] == 2 and values["预警"] == 2
    assert values["未检查：IPv6支持"] == "站点域名无法通过IPv6解析服务器查询"
    assert values["未检查页面（抓取超时）"] == 3
    assert values["可用性监测：探测次数"] == 3
    assert values["检查任务：状态"] == "已完成"
    counts = {row[0]: row[1:6] for row in _rows(sheet) if row[5]}
    assert counts["检查项"] == ["单项否决", "扣分", "预警", "合计", "工作表"]
    assert counts["留言未答复"] == [1, 1, 0, 2, "留言未答复"]


def test_columns_sheet(report, tmp_path):
    sheet = _read(report, tmp_path)["栏目"]
    rows = _rows(sheet)
    assert rows[0] == ["栏目", "类别", "条目数", "最近更新", "近7天新增", "状态", "网址"]
    assert rows[2] == ["通知公告", "通知公告类", 35, "2026-03-02", 0, "不更新",
                       "http://www.example.gov.cn/col/col2/index.html"]
    assert rows[3][5] == "空白" and rows[1][5] is None
    assert sheet.auto_filter.ref == "A1:G5" and sheet.freeze_panes == "A2"


def test_hostile_text_stays_text(report, tmp_path):
    report["findings"][0]["message"] = '=HYPERLINK("http://evil.example/","点此")'
    report["findings"][1]["message"] = "栏目\x00名称\x1b含控制字符"
    report["findings"][0]["check"] = "future/check:id"
    workbook = _read(report, tmp_path)
    assert "future_check_id" in workbook.sheetnames
    cell = workbook["future_check_id"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert workbook["栏目不更新"]["B2"].value == "栏目名称含控制字符"
