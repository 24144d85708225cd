"""``govpatrol notice`` on the command line: periods, exit statuses, files written."""
from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

import govpatrol.cli  # noqa: F401  (the other commands, so that subcommand names are needed)
import govpatrol.commands.notice  # noqa: F401  (registers ``notice``)
from govpatrol.commands.common import app
from govpatrol.commands.notice import parse_period
from govpatrol.commands.common import BadInput
from storage import models as m


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def database_option(period) -> list[str]:
    return ["--database", period.db.url]


def test_a_month_is_written_without_screenshots(runner, period, tmp_path):
    out = tmp_path / "notice"
    result = runner.invoke(app, ["notice", "--period", "2026-11", "--out", str(out),
                                 "--issuer", "某某市政务公开办", "--deadline", "2026-12-18",
                                 "--no-screenshots", *database_option(period)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["notice.docx", "notice.html", "notice.xlsx"]
    assert "通报已写出" in result.output and "notice.docx" in result.output
    document = Document(str(out / "notice.docx"))
    body = [p.text for p in document.paragraphs]
    assert body[0] == "关于2026年11月政府网站和政务新媒体检查情况的通报"
    assert any("于2026年12月18日前将整改情况报送某某市政务公开办" in text for text in body)
    with period.db.session() as session:
        stored = session.scalars(select(m.Notice).where(m.Notice.period_from == date(2026, 11, 1))).one()
        assert stored.deadline == date(2026, 12, 18) and stored.summary["issuer"] == "某某市政务公开办"


def test_from_and_to_with_a_title(runner, period, tmp_path):
    out = tmp_path / "notice"
    result = runner.invoke(app, ["notice", "--from", "2026-11-15", "--to", "2026-11-30",
                                 "--title", "关于下半月网站检查情况的通报", "--out", str(out),
                                 "--no-screenshots", *database_option(period)])
    assert result.exit_code == 0, result.output
    body = [p.text for p in Document(str(out / "notice.docx")).paragraphs]
    assert body[0] == "关于下半月网站检查情况的通报"
    # Site A's November 20 run is inside; the October runs are not.
    assert any("2026年11月15日至11月30日" in text for text in body)


@pytest.mark.parametrize("arguments, message", [
    (["--period", "2026-13"], "期间格式"),
    (["--period", "2026-11", "--from", "2026-11-01"], "只能选用一种"),
    (["--from", "2026-11-01"], "同时用 --from 和 --to"),
    (["--from", "2026-11-30", "--to", "2026-11-01"], "早于"),
    (["--from", "2026/11/01", "--to", "2026-11-30"], "--from 日期格式"),
    (["--period", "2026-11", "--deadline", "12月18日"], "--deadline 日期格式"),
])
def test_bad_usage_exits_2_with_a_clear_message(runner, period, tmp_path, arguments, message):
    out = tmp_path / "notice"
    result = runner.invoke(app, ["notice", *arguments, "--out", str(out), *database_option(period)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_period_with_nothing_stored_says_so_and_exits_0(runner, period, tmp_path):
    out = tmp_path / "notice"
    result = runner.invoke(app, ["notice", "--period", "2025-03", "--out", str(out),
                                 *database_option(period)])
    assert result.exit_code == 0
    assert "2025年3月没有已存储的检查结果，未生成通报" in result.output
    assert not out.exists()
    with period.db.session() as session:
        assert session.scalars(select(m.Notice).where(m.Notice.period_from == date(2025, 3, 1))).all() == []


def test_parse_period_gives_the_bounds():
    assert parse_period("2026-Q4", None, None) == (date(2026, 10, 1), date(2026, 12, 31))
    assert parse_period(None, "2026-11-02", "2026-11-02") == (date(2026, 11, 2), date(2026, 11, 2))
    with pytest.raises(BadInput):
        parse_period(None, None, None)
