"""The renderers fed with findings the real check functions produced (no hand-written evidence)."""
from datetime import date

import lxml.html
import openpyxl

from checks.base import run_checks
from checks.observations import ColumnObs, ItemObs, LinkObs, Observations, PageObs
from checks.rulebook import load_rulebook
from checks.summary import column_summary
from checks.verdict import judge
from reports.html import render_audit_html
from reports.xlsx_report import write_audit_xlsx

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"


def _report() -> dict:
    news = ColumnObs(url=HOME + "col/news/", name="工作动态", category="news",
                     items=[ItemObs("常务会议", HOME + "art/1.html", date(2026, 10, 1))])
    blank = ColumnObs(url=HOME + "col/plan/", name="规划计划", category="planning", items=[])
    obs = Observations(
        homepage=HOME,
        pages=[PageObs(url=HOME, kind="homepage", status=200,
                       facts={"identity": {"site_code": "3301000001", "organizer": "某某县政府办公室"}})],
        homepage_items=[ItemObs("常务会议", HOME + "art/1.html", date(2026, 10, 1))],
        columns=[news, blank],
        links=[LinkObs(url=HOME + "missing.html", internal=True, outcome="broken", reason="http",
                       status=404, sources=[HOME])],
    )
    rules = load_rulebook()
    results = run_checks(obs, rules, AS_OF, only=["homepage_stale", "stale_column", "blank_column",
                                                 "broken_link", "identity_missing"])
    verdict = judge(results.findings, obs.columns, rules)
    return {
        "schema": "govpatrol.audit/1", "site": {"url": HOME, "name": "某某县人民政府"},
        "as_of": AS_OF.isoformat(), "verdict": verdict.as_dict(), "stats": {"pages": 1},
        "columns": [column_summary(c, AS_OF) for c in obs.columns],
        "findings": [f.as_dict() for f in results.findings],
        "checks": {k: {"status": s, "reason": r} for k, (s, r) in results.statuses.items()},
    }


def test_check_evidence_reads_in_chinese_in_html():
    report = _report()
    checks = {f["check"] for f in report["findings"]}
    assert {"homepage_stale", "stale_column", "blank_column", "broken_link",
            "identity_missing"} <= checks
    doc = lxml.html.fromstring(render_audit_html(report))
    stale = doc.xpath("//div[@id='check-stale_column']")[0].text_content()
    assert "判定规则动态要闻类栏目2周内应有更新" in stale
    assert "未更新天数50" in stale and "age_days" not in stale
    assert "首页不可用链接" in doc.xpath("//div[@id='check-broken_link']")[0].text_content()
    identity = doc.xpath("//div[@id='check-identity_missing']")[0].text_content()
    assert "公安机关备案号" in identity and "网站标识码3301000001" in identity
    order = [div.get("id") for div in doc.xpath("//div[@class='group']")]
    assert order[0] == "check-homepage_stale"
    assert doc.xpath("//span[contains(@class, 'verdict')]")[0].text_content() == "不合格"
    assert "首页不更新" in doc.xpath("//ol[@class='reasons']")[0].text_content()


def test_check_evidence_in_xlsx(tmp_path):
    report = _report()
    workbook = openpyxl.load_workbook(write_audit_xlsx(report, tmp_path / "r.xlsx"))
    assert {"首页不更新", "栏目不更新", "空白栏目", "链接不可用", "网站标识缺失"} <= set(workbook.sheetnames)
    evidence = workbook["链接不可用"]["E2"].value.splitlines()
    assert "状态: 404" in evidence and "范围: 首页不可用链接" in evidence
    assert f"所在页面: {HOME}" in evidence
    assert not [line for line in evidence if line.endswith(("—", "无"))]  # empty values left out
