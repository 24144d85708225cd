from pathlib import Path

from rich.console import Console

from reports.terminal import TOP_FINDINGS, print_summary


def _summary(report, **kwargs) -> str:
    console = Console(record=True, width=160, color_system=None)
    print_summary(report, console, **kwargs)
    return console.export_text()


def test_summary_has_verdict_counts_and_top_findings(report):
    text = _summary(report)
    assert "检查结论：不合格" in text
    assert "发现问题 9 条  单项否决 2  扣分 5  预警 2" in text
    assert "首页最新信息发布于2026-10-30，超过2周未更新" in text
    for label in ("首页不更新", "留言未答复", "链接不可用", "解读发布不及时"):
        assert label in text
    row = next(line for line in text.splitlines() if line.startswith("留言未答复"))
    assert [cell.strip() for cell in row.split("│")[1:]] == ["1", "1", "", "2"]
    for finding in report["findings"]:
        assert finding["message"] in text
    lines = text.splitlines()
    first_veto = next(i for i, line in enumerate(lines) if line.startswith("[单项否决]"))
    first_warn = next(i for i, line in enumerate(lines) if line.startswith("[预警]"))
    assert first_veto < first_warn
    assert "未检查：IPv6支持（站点域名无法通过IPv6解析服务器查询）" in text
    assert "未检查页面：超出抓取页面上限 12，抓取超时 3，robots协议禁止抓取 1" in text


def test_summary_is_short_for_many_findings(report):
    base = report["findings"][3]
    report["findings"] = [dict(base, url=f"http://www.example.gov.cn/m{i}.html",
                               message=f"链接{i}无法访问[bold]") for i in range(40)]
    text = _summary(report)
    shown = [line for line in text.splitlines() if line.startswith("[扣分]")]
    assert len(shown) == TOP_FINDINGS
    assert f"另有 {40 - TOP_FINDINGS} 条" in text
    assert "链接0无法访问[bold]" in text  # brackets are text, not markup
    assert len(text.splitlines()) < 40


def test_summary_names_the_written_reports(report):
    text = _summary(report, paths={"html": Path("/tmp/out/report.html"),
                                   "xlsx": Path("/tmp/out/report.xlsx")})
    assert "HTML报告：/tmp/out/report.html" in text
    assert "Excel报告：/tmp/out/report.xlsx" in text


def test_summary_of_a_clean_site():
    text = _summary({"site": {"url": "http://www.a.gov.cn/"}, "verdict": {"result": "pass"},
                     "findings": []})
    assert "检查结论：合格" in text and "发现问题 0 条" in text
