"""Bad usage and input get exit status 2 and one clear line, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from checks.chinatime import china_today
from tests.support.cli import invoker_in


@pytest.fixture
def run(tmp_path, monkeypatch):
    return invoker_in(tmp_path, monkeypatch)


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


LONG_HOST = "http://" + "ab." * 84 + "cn/"  # 254 characters of host name
LONG_LABEL = "http://" + "a" * 64 + ".gov.cn/"
HUGE_HOST = "http://" + "a" * 5000 + ".gov.cn/"


@pytest.mark.parametrize("args, says", [
    (["audit", "http://www.example.gov.cn/", "--as-of", "0001-01-01"], "超出可用范围"),
    (["audit", "http://www.example.gov.cn/", "--as-of", "9999-12-31"], "超出可用范围"),
    (["audit", "http://www.example.gov.cn/", "--as-of", "1999-12-31"], "2000-01-01"),
    (["patrol", "--registry", "sites.yaml", "--as-of", "9999-12-31"], "超出可用范围"),
    (["notice", "--from", "0001-01-01", "--to", "0001-01-02", "--out", "n"], "--from"),
    (["notice", "--period", "9999-12", "--out", "n"], "--period"),
    (["notice", "--period", "2026-11", "--deadline", "9999-12-31", "--out", "n"], "--deadline"),
    (["audit", "http://[::1"], "网址无效"),
    (["audit", "htp://[/]"], "网址无效"),
    (["audit", "http://a..b/"], "空的标签"),
    (["audit", "http://www.exa mple.gov.cn/"], "无效字符"),
    (["audit", "www.exa mple.gov.cn"], "无效字符"),
    (["audit", LONG_HOST], "253"),
    (["audit", LONG_LABEL], "63"),
    (["audit", HUGE_HOST], "253"),
    (["probe", "http://news..yx.gov.cn/"], "网址无效"),
    (["history", "[x]"], "没有找到网站：[x]"),
    (["history", "[/]云溪市人民政府"], "没有找到网站：[/]云溪市人民政府"),
])
def test_hostile_input_exits_2_with_one_line(run, args, says):
    result = run(*args, "--database", "sqlite:///h.db") if args[0] in ("history", "notice") \
        else run(*args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert len(result.output) < 600  # one clear line, not a dump of the input


def test_huge_host_is_not_echoed_whole(run):
    result = run("audit", HUGE_HOST)
    assert result.exit_code == 2 and "a" * 200 not in result.output


def test_default_as_of_is_today_in_china_not_the_machine_date():
    # 17:00 UTC is already the next morning in Beijing.
    assert china_today(datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)).isoformat() == \
        "2026-11-21"
    assert china_today(datetime(2026, 11, 20, 15, 59, tzinfo=timezone.utc)).isoformat() == \
        "2026-11-20"
    # The CLI's default, on a machine whose clock runs twelve hours behind UTC.
    script = ("from datetime import date, datetime, timedelta, timezone\n"
              "from govpatrol.commands.common import parse_as_of\n"
              "china = datetime.now(timezone(timedelta(hours=8))).date()\n"
              "print(parse_as_of(None) == china)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "TZ": "Etc/GMT+12"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
