"""The notice written for real (screenshots through Chromium), read back from disk: the DOCX
with python-docx, the XLSX with openpyxl, the HTML as text, and what the database keeps."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm
from sqlalchemy import func, select

from checks.workdays import add_working_days
from govpatrol.notices.files import NothingInspected, write_notice
from reports.screenshots import screenshot_name
from storage import models as m
from tests.support.notice_period import PERIOD, ProblemPages, new_database, seed_period

DEADLINE = add_working_days(date(2026, 11, 30), 15)
DEADLINE_TEXT = f"{DEADLINE.year}年{DEADLINE.month}月{DEADLINE.day}日"


@dataclass
class Written:
    db: object
    ids: dict[str, int]
    base: str
    dead: str
    out: Path
    paths: dict[str, Path]


@pytest.fixture(scope="module")
def written(tmp_path_factory, problem_server, dead_base):
    directory = tmp_path_factory.mktemp("notice")
    db = new_database(directory)
    ids = seed_period(db, problem_server, dead_base)
    out = directory / "out"
    paths = write_notice(db, *PERIOD, out, issuer="某某市人民政府办公室")
    yield Written(db, ids, problem_server, dead_base, out, paths)
    db.dispose()


@pytest.fixture(scope="module")
def docx(written):
    return Document(str(written.paths["docx"]))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_every_file_is_written_and_no_temporary_is_left(written):
    assert {k: p.name for k, p in written.paths.items()} == {
        "docx": "notice.docx", "xlsx": "notice.xlsx", "html": "notice.html",
        "screenshots": "screenshots"}
    assert sorted(p.name for p in written.out.iterdir()) == [
        "notice.docx", "notice.html", "notice.xlsx", "screenshots"]


def test_screenshots_of_the_problem_pages_are_real(written):
    # A: its stale homepage; C: its blank column; E listens nowhere, so it has none.
    expected = {screenshot_name(written.base + "/"), screenshot_name(written.base + "/jt/col/blank/")}
    shots = list((written.out / "screenshots").iterdir())
    assert {p.name for p in shots} == expected
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 1000
    assert "/jt/col/blank/" in ProblemPages.requested


def test_docx_title_and_sections_in_order(docx):
    paragraphs = texts(docx)
    assert paragraphs[0] == "关于2026年11月政府网站和政务新媒体检查情况的通报"
    assert docx.paragraphs[0].style.name == "Title"
    assert paragraphs[1].startswith("按照《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）要求，"
                                    "某某市人民政府办公室对2026年11月政府网站和政务新媒体运行情况")
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、主要问题", "三、问题变化情况", "四、整改要求"]


def test_docx_overview_counts_and_pass_rates(docx):
    body = "\n".join(texts(docx))
    assert "本次共检查政府网站4个，其中合格2个、不合格2个，合格率50%。" in body
    assert "检查政务新媒体账号3个（微博1个、微信1个、客户端1个），其中合格2个、不合格1个，合格率66.67%。" in body
    assert "另有1个网站、1个政务新媒体账号检查未完成，未作判定，不计入检查数和合格率（名单见附件3）。" in body
    assert "检查发现存在问题的网站3个，其中出现单项否决情形的2个（名单见附件1）。" in body


def test_docx_main_problems_by_indicator_veto_first(docx):
    subheadings = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    problems = subheadings[:subheadings.index("（七）政务新媒体") + 1]
    assert problems == ["（一）首页不更新（单项否决）（1个网站）", "（二）栏目不更新（单项否决）（1个网站）",
                        "（三）栏目不更新（1个网站）", "（四）空白栏目（2个网站）",
                        "（五）链接不可用（1个网站）", "（六）网站标识缺失（1个网站）", "（七）政务新媒体"]
    paragraphs = texts(docx)
    first = paragraphs.index("（一）首页不更新（单项否决）（1个网站）")
    assert paragraphs[first + 1] == "1. 某某市人民政府：首页超过2周未更新（最新信息发布于2026-10-20）。"
    assert "1. 某某市自然资源局：空白栏目达5个以上。" in paragraphs


def test_docx_accounts_part_and_changes(docx):
    paragraphs = texts(docx)
    assert "出现单项否决情形：某某发布(微博)。" in paragraphs
    assert "出现扣分情形：某某交通(客户端)。" in paragraphs
    assert "（一）新发现问题（9个）" in paragraphs and "（二）重复出现问题（3个）" in paragraphs
    fixed = paragraphs.index("（三）已整改问题（2个）")
    assert paragraphs[fixed + 1:fixed + 3] == ["1. 某某市教育局：链接不可用1处",
                                               "2. 某某市交通运输局：IPv6支持1处"]


def test_docx_deadline_signature_and_attachment_list(docx):
    paragraphs = texts(docx)
    assert any(f"于{DEADLINE_TEXT}前将整改情况报送某某市人民政府办公室" in p for p in paragraphs)
    assert "附件：1. 问题网站名单" in paragraphs
    assert "某某市人民政府办公室" in paragraphs
    assert paragraphs.index("附件1") > paragraphs.index("四、整改要求")


def test_docx_problem_site_table_with_screenshots(written, docx):
    table = docx.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "网站名称", "主办单位", "网址", "问题描述", "截图"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == ["某某市人民政府", "某某市自然资源局", "某某市交通运输局"]
    assert rows[0][3] == written.base + "/"
    assert rows[0][4].startswith("出现单项否决情形（不合格）\n1. 首页不更新：首页超过2周未更新")
    assert "链接不可用：首页链接无法访问(HTTP 404)" in rows[0][4]
    assert "预警" not in rows[0][4] and "HTTP 403" not in rows[0][4]  # warnings stay out
    assert not rows[2][4].startswith("出现单项否决情形")
    assert rows[1][5] == "无截图"
    pictures = [len(row.cells[5]._tc.xpath(".//pic:pic")) for row in table.rows[1:]]
    assert pictures == [1, 0, 1]
    assert len(docx.inline_shapes) == 2
    assert all(abs(shape.width - Cm(5.6)) < Cm(0.01) for shape in docx.inline_shapes)


def test_docx_accounts_and_unfinished_lists(docx):
    veto, deduct, unfinished = docx.tables[1], docx.tables[2], docx.tables[3]
    assert [c.text for c in veto.rows[1].cells][1] == "某某发布(微博)"
    assert [c.text for c in deduct.rows[1].cells][1] == "某某交通(客户端)"
    assert [[c.text for c in row.cells][2] for row in unfinished.rows[1:]] == [
        "某某市卫生健康委员会", "某某卫健(微博)"]
    assert [c.text for c in unfinished.rows[1].cells][6] == "首页无法抓取：连接被拒绝"


def test_docx_layout_and_chinese_fonts(written, docx):
    sections = docx.sections
    assert len(sections) == 4  # the notice, then one landscape section per attachment
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert all(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height
               for s in sections[1:])

    def east_asian(style_name: str) -> str:
        return docx.styles[style_name].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asian("Title") == "方正小标宋简体"
    assert east_asian("Normal") == "仿宋"  # the body style adds size and spacing only
    body = docx.styles["通报正文"]
    assert body.base_style.name == "Normal" and body.font.size.pt == 16
    assert east_asian("Heading 1") == "黑体" and east_asian("Heading 2") == "楷体"
    with zipfile.ZipFile(written.paths["docx"]) as package:
        fonts = package.read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体".*?<w:altName w:val="宋体"/>', fonts, re.S)


def test_xlsx_summary_and_one_sheet_per_check(written):
    workbook = openpyxl.load_workbook(written.paths["xlsx"])
    names = workbook.sheetnames
    assert names[:2] == ["汇总", "检查对象"] and names[-1] == "问题变化"
    assert set(names[2:-1]) == {"首页不更新", "栏目不更新", "空白栏目", "链接不可用", "网站标识缺失",
                                "解读发布不及时", "新媒体不更新"}
    summary = {row[0]: row[1] for row in workbook["汇总"].iter_rows(values_only=True) if row[0]}
    assert summary["检查网站数"] == 4 and summary["合格网站数"] == 2
    assert summary["网站合格率"] == "50%" and summary["账号合格率"] == "66.67%"
    assert summary["未完成检查网站数"] == 1 and summary["整改期限"] == DEADLINE_TEXT
    assert summary["新发现问题数"] == 9 and summary["已整改问题数"] == 2

    links = workbook["链接不可用"]
    assert links.freeze_panes == "A2" and links.auto_filter.ref == "A1:J3"
    rows = list(links.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[5]) for r in rows] == [
        ("某某市人民政府", "扣分", written.base + "/missing.html"),
        ("某某市人民政府", "预警", "http://www.other.gov.cn/blocked.html")]  # every finding
    assert rows[0][8] == "新发现"
    blank = list(workbook["空白栏目"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in blank] == ["某某市交通运输局"] + ["某某市自然资源局"] * 5


def test_xlsx_subjects_and_changes(written):
    workbook = openpyxl.load_workbook(written.paths["xlsx"])
    subjects = list(workbook["检查对象"].iter_rows(min_row=2, values_only=True))
    verdicts = {row[2]: row[8] for row in subjects}
    assert verdicts["某某市人民政府"] == "不合格" and verdicts["某某市教育局"] == "合格"
    assert verdicts["某某市卫生健康委员会"] == "未完成检查" and verdicts["某某卫健"] == "未完成检查"
    assert "某某区人民政府" not in verdicts
    changes = list(workbook["问题变化"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in changes].count("重复出现") == 3
    assert ("已整改", "某某市教育局", "链接不可用") in [r[:3] for r in changes]
    assert workbook["问题变化"].freeze_panes == "A2"


def test_html_is_self_contained_with_the_same_content(written):
    html = written.paths["html"].read_text(encoding="utf-8")
    assert "<title>关于2026年11月政府网站和政务新媒体检查情况的通报</title>" in html
    assert "合格率50%" in html and "合格率66.67%" in html
    assert html.count('src="data:image/png;base64,') == 2
    assert not re.search(r'<(?:script|link)\b|src="http', html)
    sites = html[html.index('id="attachment-sites"'):]
    assert sites.index("某某市人民政府") < sites.index("某某市自然资源局") < sites.index("某某市交通运输局")
    assert "出现单项否决情形：某某发布(微博)。" in html
    assert f"于{DEADLINE_TEXT}前" in html


def test_the_notice_is_stored_and_named_cases_notified(written):
    with written.db.session() as session:
        notices = session.scalars(select(m.Notice).order_by(m.Notice.id)).all()
        assert len(notices) == 2
        notice = notices[-1]
        assert (notice.period_from, notice.period_to, notice.deadline) == (*PERIOD, DEADLINE)
        assert notice.out_dir == str(written.out.resolve())
        assert notice.summary["sites"]["checked"] == 4 and notice.summary["sites"]["rate"] == 0.5
        assert notice.summary["files"]["docx"] == "notice.docx"
        assert [written.base + "/missing.html" == p[2] for p in notice.summary["problems"]].count(True) == 1

        def case(key):
            return session.get(m.Case, written.ids[key])

        for key in ("case-new", "case-repeat", "case-home"):
            assert (case(key).state, case(key).deadline, case(key).notice_id) == \
                ("notified", DEADLINE, notice.id)
        assert case("case-closed").state == "closed" and case("case-closed").notice_id is None
        assert case("case-fixed").state == "fixed"


def test_writing_the_period_again_replaces_its_notice(written):
    again = write_notice(written.db, *PERIOD, written.out, screenshots=False,
                         title="关于11月份政府网站检查情况的通报", deadline=date(2026, 12, 31))
    assert "screenshots" not in again
    document = Document(str(again["docx"]))
    assert texts(document)[0] == "关于11月份政府网站检查情况的通报"
    assert len(document.inline_shapes) == 0
    with written.db.session() as session:
        count = session.scalar(select(func.count()).select_from(m.Notice)
                               .where(m.Notice.period_from == PERIOD[0]))
        assert count == 1
        assert session.get(m.Case, written.ids["case-new"]).deadline == date(2026, 12, 31)


def test_a_period_without_stored_runs_writes_nothing(written, tmp_path):
    with pytest.raises(NothingInspected, match="没有已存储的检查结果"):
        write_notice(written.db, date(2025, 1, 1), date(2025, 1, 31), tmp_path / "empty")
    assert not (tmp_path / "empty").exists()


def test_the_notice_is_dated_by_the_day_in_china(tmp_path, problem_server, dead_base):
    """16:05 UTC on 30 November is already 1 December in China (00:05 北京时间)."""
    db = new_database(tmp_path)
    try:
        seed_period(db, problem_server, dead_base)
        paths = write_notice(db, *PERIOD, tmp_path / "out", screenshots=False,
                             now=datetime(2026, 11, 30, 16, 5, tzinfo=timezone.utc))
        document = texts(Document(str(paths["docx"])))
        assert "2026年12月1日" in document and "2026年11月30日" not in document
        assert '<p class="sign">2026年12月1日</p>' in paths["html"].read_text(encoding="utf-8")
        before = write_notice(db, *PERIOD, tmp_path / "before", screenshots=False,
                              now=datetime(2026, 11, 30, 15, 55, tzinfo=timezone.utc))
        assert "2026年11月30日" in texts(Document(str(before["docx"])))
    finally:
        db.dispose()
