import json
from datetime import date

import docx
import openpyxl
import pytest

from reports.writers import write_json, write_reports


def test_json_round_trips_with_chinese_as_is(report, tmp_path):
    path = write_json(report, tmp_path / "audit.json")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == report
    assert "某某市人民政府办公室" in text and "\\u" not in text
    assert text.startswith('{\n  "schema": "govpatrol.audit/1"')


def test_json_dash_writes_to_stdout(report, capsys):
    assert write_json(report, "-") is None
    assert json.loads(capsys.readouterr().out) == report


def test_json_dates_become_iso_strings(tmp_path):
    path = write_json({"as_of": date(2026, 11, 20)}, tmp_path / "a.json")
    assert json.loads(path.read_text(encoding="utf-8")) == {"as_of": "2026-11-20"}


def test_write_reports_writes_every_format(report, tmp_path):
    out = tmp_path / "new" / "folder"
    paths = write_reports(report, out)
    assert paths == {fmt: out / f"report.{fmt}" for fmt in ("json", "html", "docx", "xlsx")}
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == report
    assert "不合格" in paths["html"].read_text(encoding="utf-8")
    assert docx.Document(str(paths["docx"])).paragraphs[0].text.endswith("检查报告")
    assert "汇总" in openpyxl.load_workbook(paths["xlsx"]).sheetnames
    assert sorted(p.name for p in out.iterdir()) == ["report.docx", "report.html", "report.json",
                                                      "report.xlsx"]


def test_write_reports_only_the_formats_asked(report, tmp_path):
    assert set(write_reports(report, tmp_path, formats=("html",))) == {"html"}
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    with pytest.raises(ValueError, match="pdf"):
        write_reports(report, tmp_path, formats=("json", "pdf"))
    assert not (tmp_path / "report.json").exists()


def test_a_failed_write_keeps_the_previous_report(report, tmp_path):
    write_reports(report, tmp_path, formats=("json",))
    before = (tmp_path / "report.json").read_text(encoding="utf-8")
    report["stats"]["bad"] = object()  # fails halfway through serialising
    with pytest.raises(TypeError):
        write_reports(report, tmp_path, formats=("json",))
    with pytest.raises(TypeError):
        write_json(report, tmp_path / "report.json")
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind
