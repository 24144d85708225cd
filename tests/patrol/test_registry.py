"""The registry: YAML validation that names file, site and field; CSV/XLSX imports that are
all or nothing, with the table's line numbers; storing entries as Site and Account rows."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from govpatrol.registry.entries import RegistryError
from govpatrol.registry.sync import store_registry
from govpatrol.registry.tables import import_table
from govpatrol.registry.validation import load_registry, parse_registry, parse_registry_text
from govpatrol.registry.writing import write_registry
from storage import models as m
from tests.support.cli import run_cli

GOOD = """\
sites:
  - name: 某某市人民政府
    url: http://WWW.Example.gov.cn:80/
    organizer: 某某市人民政府办公室
    site_code: "3301000001"
    columns:
      - {url: /col/col123/index.html, category: news}
    accounts:
      - {platform: weibo, id: "1234567890", name: 某某发布}
      - {platform: wechat, feed: http://feeds.example/wechat/xxx.xml, name: 某某发布}
      - {platform: rss, feed: http://feeds.example/app-news.xml, name: 某某客户端}
  - name: 国家某某部
    url: www.bm.gov.cn
    site_code: BM01000001
platforms:
  weibo: {api_base: https://m.weibo.cn}
"""


def test_good_registry_is_normalised_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(GOOD, encoding="utf-8")
    registry = load_registry(path)
    first, second = registry.sites
    assert first.url == "http://www.example.gov.cn/"
    assert first.columns[0].url == "http://www.example.gov.cn/col/col123/index.html"
    assert [a.key for a in first.accounts] == [
        "1234567890", "http://feeds.example/wechat/xxx.xml", "http://feeds.example/app-news.xml"]
    assert second.url == "http://www.bm.gov.cn/" and second.site_code == "bm01000001"
    assert registry.platforms == {"weibo": {"api_base": "https://m.weibo.cn"}}

    copy = write_registry(registry, tmp_path / "copy.yaml")
    assert "'3301000001'" in copy.read_text(encoding="utf-8")  # stays a string, not a number
    again = load_registry(copy)
    assert again.sites == registry.sites and again.platforms == registry.platforms


def test_every_problem_names_file_site_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("""\
sites:
  - name: 好网站
    url: http://www.good.gov.cn/
  - name: 坏网站
    url: ftp://www.bad.gov.cn/
    site_code: 12345
    orgnizer: 错字
    columns:
      - {url: http://elsewhere.gov.cn/col/1.html, category: weather}
    accounts:
      - {platform: weibo, id: 某某发布}
      - {platform: wechat, name: 没有订阅地址}
      - {platform: tiktok, id: "1"}
  - url: http://www.good.gov.cn
""", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    problems = caught.value.problems
    where = f"{path}：第4行 第2个网站（坏网站）"
    expected = [
        (where, "orgnizer", "未知字段"),
        (where, "url", "网址无效"),
        (where, "site_code", "10位数字"),
        (where, "columns[1].category", "未知栏目类别 weather"),
        (where, "accounts[1].id", "数字 UID"),
        (where, "accounts[2].feed", "公众号需要 feed"),
        (where, "accounts[3].platform", "未知平台 tiktok"),
        (f"{path}：第14行 第3个网站", "name", "缺少网站名称"),
    ]
    for prefix, field, text in expected:
        assert any(p.startswith(prefix) and f"字段 {field}：" in p and text in p
                   for p in problems), (prefix, field, text, problems)
    assert any("第1个网站、第3个网站的首页网址重复" in p for p in problems)


def test_column_off_the_site_and_yaml_syntax_errors() -> None:
    with pytest.raises(RegistryError) as caught:
        parse_registry_text("sites:\n  - name: 甲\n    url: http://www.a.gov.cn/\n"
                            "    columns: [{url: 'http://www.b.gov.cn/col/1.html'}]\n", "a.yaml")
    assert "a.yaml：第2行 第1个网站（甲） 字段 columns[1].url：栏目不在本网站上" in str(caught.value)
    with pytest.raises(RegistryError) as caught:
        parse_registry_text("sites:\n  - name: 甲\n   url: [\n", "broken.yaml")
    assert str(caught.value).startswith("broken.yaml：第3行YAML 格式错误")
    with pytest.raises(RegistryError, match="sites 应为非空列表"):
        parse_registry_text("platforms: {}\n", "empty.yaml")


CSV_GOOD = (
    "某某市网站名单（2026年）,,,,,\n"  # a title row above the header, as offices write them
    "序号, 网站 名称 ,主办单位,首页网址（必填）,网站标识码,政务微博,微信公众号\n"
    "1,某某市人民政府,某某市人民政府办公室,www.example.gov.cn,3301000001,"
    "https://weibo.com/u/1234567890,http://feeds.example/wx.xml\n"
    "\n"
    '2,"某某市教育局\n（新版）",某某市教育局,http://jyj.example.gov.cn/,3301000002,,\n'
    "3,某某县人民政府,某某县人民政府办公室,http://www.county.gov.cn/,,,\n"
)


def test_csv_import_tolerates_gbk_spacing_titles_and_quoted_lines(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes(CSV_GOOD.encode("gb18030"))  # what Excel writes on Chinese Windows
    registry = import_table(path)
    assert [s.url for s in registry.sites] == [
        "http://www.example.gov.cn/", "http://jyj.example.gov.cn/", "http://www.county.gov.cn/"]
    city = registry.sites[0]
    assert (city.organizer, city.site_code) == ("某某市人民政府办公室", "3301000001")
    assert [(a.platform, a.key) for a in city.accounts] == [
        ("weibo", "1234567890"), ("wechat", "http://feeds.example/wx.xml")]
    assert registry.sites[1].name == "某某市教育局\n（新版）"


def test_csv_import_is_all_or_nothing_with_line_numbers(tmp_path: Path) -> None:
    text = CSV_GOOD + (
        "4,,某单位,http://www.noname.gov.cn/,,,\n"
        "5,坏网址网站,某单位,ftp://x,330100000X,某某发布,某某公众号\n"
        "6,重复网站,某单位,http://www.county.gov.cn,,,\n")
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(RegistryError) as caught:
        import_table(path)
    problems = caught.value.problems
    # The quoted cell spans lines 5 and 6, so the rows after it start at line 7.
    assert any(p.startswith(f"{path}：第8行") and "网站名称" in p and "缺少网站名称" in p
               for p in problems), problems
    line9 = [p for p in problems if p.startswith(f"{path}：第9行（坏网址网站）")]
    assert any("网址" in p and "网址无效" in p for p in line9), problems
    assert any("网站标识码" in p for p in line9), problems
    assert any("微博" in p and "无法识别微博 UID：某某发布" in p for p in line9), problems
    assert any("公众号" in p and "订阅网址" in p for p in line9), problems
    assert any("第7行、第10行的首页网址重复：http://www.county.gov.cn/" in p for p in problems)


def test_cli_import_writes_nothing_when_a_row_is_bad(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("网站名称,网址\n甲,http://www.a.gov.cn/\n乙,not a url at all\n", encoding="utf-8")
    out = tmp_path / "sites.yaml"
    db_url = f"sqlite:///{tmp_path / 'g.db'}"
    result = run_cli("registry", "import", str(bad), "--out", str(out), "--store",
                     "--database", db_url)
    assert result.returncode == 2, result.stderr
    assert "第3行（乙）" in result.stderr and "未导入任何内容" in result.stderr
    assert not out.exists()
    good = tmp_path / "good.csv"
    good.write_text("Site Name , URL ,Organizer\n甲,www.a.gov.cn,甲办\n", encoding="utf-8")
    result = run_cli("registry", "import", str(good), "--out", str(out), "--store",
                     "--database", db_url)
    assert result.returncode == 0, result.stderr
    assert load_registry(out).sites[0].url == "http://www.a.gov.cn/"
    from storage.db import Database

    db = Database(db_url)
    with db.session() as session:
        assert session.scalar(select(m.Site.organizer)) == "甲办"
    db.dispose()


def _workbook(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "网站名单"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_import_reads_number_cells_and_reports_rows(tmp_path: Path) -> None:
    header = ["序号", "网站名称", "主办单位", "网址", "网站标识码", "微博", "微博名称"]
    path = _workbook(tmp_path / "sites.xlsx", [
        ["某某市网站名单"], header,
        [1, "某某市人民政府", "市府办", "http://www.example.gov.cn/", 3301000001,
         "1234567890；2345678901", "某某发布；某某政务"],
    ])
    registry = import_table(path)
    site = registry.sites[0]
    assert site.site_code == "3301000001"  # a number cell, read back as the code
    assert [(a.key, a.name) for a in site.accounts] == [("1234567890", "某某发布"),
                                                         ("2345678901", "某某政务")]
    bad = _workbook(tmp_path / "bad.xlsx", [
        header,
        [1, "甲", "甲办", "http://www.a.gov.cn/", None, None, None],
        [2, "乙", "乙办", None, None, None, None],
    ])
    with pytest.raises(RegistryError) as caught:
        import_table(bad)
    assert caught.value.problems == [f"{bad}：第3行（乙） 网址：缺少首页网址"]
    with pytest.raises(RegistryError, match="未找到表头"):
        import_table(_workbook(tmp_path / "nohead.xlsx", [["甲", "乙"], ["1", "2"]]))
    with pytest.raises(RegistryError, match="没有名为 其他 的工作表"):
        import_table(path, sheet="其他")


def test_store_registry_creates_and_updates_sites_and_accounts(tmp_path: Path, db) -> None:
    registry = parse_registry_text(GOOD, "sites.yaml")
    with db.session() as session:
        assert store_registry(session, registry) == {"sites": 2, "accounts": 3}
    with db.session() as session:
        store_registry(session, registry)  # a second time changes nothing
        assert session.scalar(select(func.count()).select_from(m.Site)) == 2
        assert session.scalar(select(func.count()).select_from(m.Account)) == 3
        site = session.scalar(select(m.Site).where(m.Site.url == "http://www.example.gov.cn/"))
        assert site.site_code == "3301000001"
        assert site.options["columns"] == [
            {"url": "http://www.example.gov.cn/col/col123/index.html", "category": "news"}]
        weibo = session.scalar(select(m.Account).where(m.Account.platform == "weibo"))
        assert weibo.site_id == site.id and weibo.key == "1234567890"


def test_browser_can_be_forced_per_site_or_per_column() -> None:
    registry = parse_registry({"sites": [
        {"name": "甲市人民政府", "url": "http://www.jia.gov.cn/", "render": True},
        {"name": "乙县人民政府", "url": "http://www.yi.gov.cn/", "columns": [
            {"url": "/col/col12/index.html", "render": True},
            {"url": "/col/col13/index.html", "category": "news"}]},
    ]}, "inline.yaml")
    whole, one_column = registry.sites
    assert whole.force_render() == ["*"]
    assert one_column.force_render() == ["http://www.yi.gov.cn/col/col12/index.html"]
    again = parse_registry(registry.as_dict(), "again.yaml")  # written back and read again
    assert [s.force_render() for s in again.sites] == [s.force_render() for s in registry.sites]
    with pytest.raises(RegistryError) as bad:
        parse_registry({"sites": [{"name": "丙", "url": "http://www.bing.gov.cn/",
                                   "render": "yes"}]}, "bad.yaml")
    assert "render" in str(bad.value)
