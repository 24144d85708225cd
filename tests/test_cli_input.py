"""Bad usage and input get exit status 2 and one clear line, never a traceback."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from govpatrol.cli import app


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVPATROL_CONFIG", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.mark.parametrize("args, says", [
    (["audit", "ftp://www.example.gov.cn/"], "网址无效"),
    (["audit", "http://"], "网址无效"),
    (["audit", "http://www.example.gov.cn/", "--as-of", "2026-13-40"], "--as-of"),
    (["audit", "http://www.example.gov.cn/", "--nameserver", "dns.example.cn"], "IP地址"),
    (["audit", "http://www.example.gov.cn/", "--nameserver", "127.0.0.1:99999"], "端口"),
    (["audit", "http://www.example.gov.cn/", "--database", "nosuchdb://x"], "无法打开数据库"),
    (["patrol", "--registry", "missing.yaml"], "missing.yaml"),
    (["probe"], "--registry"),
    (["notice", "--period", "2026-14", "--out", "notice"], "期间"),
])
def test_bad_input_exits_2_with_a_message(run, args, says):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output


def test_broken_rulebook_names_the_file_and_key(run, tmp_path):
    (tmp_path / "rules.yaml").write_text("freshness:\n  homepage:\n    max_age_days: soon\n",
                                         encoding="utf-8")
    result = run("audit", "http://www.example.gov.cn/", "--rulebook", "rules.yaml")
    assert result.exit_code == 2
    assert "rules.yaml" in result.output and "max_age_days" in result.output


def test_broken_registry_lists_its_problems(run, tmp_path):
    (tmp_path / "sites.yaml").write_text(
        "sites:\n  - name: 某市\n    url: not a url\n    site_code: '12'\n", encoding="utf-8")
    result = run("patrol", "--registry", "sites.yaml")
    assert result.exit_code == 2
    assert "sites.yaml" in result.output and "site_code" in result.output


def test_settings_file_is_read_and_checked(run, tmp_path):
    (tmp_path / "govpatrol.yaml").write_text("nameservers: [dns.example.cn]\n", encoding="utf-8")
    result = run("probe", "http://www.example.gov.cn/")
    assert result.exit_code == 2 and "IP地址" in result.output  # the file's value was used
    (tmp_path / "govpatrol.yaml").write_text("colour: blue\n", encoding="utf-8")
    result = run("probe", "http://www.example.gov.cn/")
    assert result.exit_code == 2 and "govpatrol.yaml" in result.output and "colour" in result.output
