"""The screenshots an audit stored are shown beside their findings in the HTML and DOCX
reports; the JSON and XLSX stay as they are."""
from __future__ import annotations

import base64
import json

import docx
import lxml.html

from reports.writers import write_reports
from tests.support.png import small_png

PNG = small_png()


def test_pictures_stand_beside_their_findings(report, tmp_path):
    shot = report["findings"][0]["url"]
    paths = write_reports(report, tmp_path, pictures={shot: PNG})
    page = lxml.html.fromstring(paths["html"].read_text(encoding="utf-8"))
    images = page.xpath("//li//figure[@class='shot']/img/@src")
    assert images == ["data:image/png;base64," + base64.b64encode(PNG).decode("ascii")]
    document = docx.Document(str(paths["docx"]))
    assert len(document.inline_shapes) == 1
    cell = next(row.cells[3] for table in document.tables for row in table.rows
                if len(row.cells) == 5 and row.cells[2].text == shot)
    assert "检查时拍下的页面截图" in cell.text
    stored = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert not {"screenshots", "pictures"} & set(stored)  # the JSON contract is unchanged


def test_without_pictures_nothing_is_shown(report, tmp_path):
    paths = write_reports(report, tmp_path, ["html", "docx"])
    assert "<figure" not in paths["html"].read_text(encoding="utf-8")
    assert len(docx.Document(str(paths["docx"])).inline_shapes) == 0
