"""Hostile YAML in every file the product reads: "billion laughs" aliases, repeated keys,
deep nesting. Each is refused with one line naming the file (and the line), exit 2, fast
and small, through the real commands."""
from __future__ import annotations

import os

import pytest
import yaml

from checks.yamlfile import MAX_ALIASES, load_yaml
from tests.support.measure import GOVPATROL, measure


def laughs(levels: int, width: int = 9) -> str:
    """The classic: each level a list of ``width`` aliases of the one before."""
    lines = ['l0: &l0 ["lol"' + ', "lol"' * (width - 1) + "]"]
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def few_laughs() -> str:
    """Under the alias count (5 levels of 10), still 100 000 strings once expanded."""
    return laughs(4, width=10)


@pytest.fixture
def env(tmp_path):
    values = {k: v for k, v in os.environ.items() if k != "GOVPATROL_CONFIG"}
    values["COLUMNS"] = "200"
    return values


REGISTRY_HEAD = "sites:\n  - name: 云溪市人民政府\n    url: http://www.yunxi.gov.cn/\n"


@pytest.mark.parametrize("body", [laughs(9), laughs(10), few_laughs()],
                         ids=["9-levels", "10-levels", "few-aliases"])
def test_registry_with_exploding_aliases_is_refused(tmp_path, env, body):
    path = tmp_path / "sites.yaml"
    path.write_text(REGISTRY_HEAD + "platforms_note: x\n" + body, encoding="utf-8")
    result = measure([GOVPATROL, "registry", "check", str(path)], cwd=tmp_path, env=env)
    assert result.code == 2, result.output
    assert "sites.yaml" in result.stderr and "别名" in result.stderr
    assert "Traceback" not in result.output
    assert result.cpu_seconds < 20 and result.max_rss_mb < 300, result


def test_repeated_sites_key_is_an_error_naming_the_line(tmp_path, env):
    path = tmp_path / "sites.yaml"
    path.write_text(REGISTRY_HEAD + "sites:\n  - name: 另一个\n    url: http://www.other.gov.cn/\n",
                    encoding="utf-8")
    result = measure([GOVPATROL, "registry", "check", str(path)], cwd=tmp_path, env=env)
    assert result.code == 2, result.output
    assert "第4行" in result.stderr and "sites" in result.stderr and "重复" in result.stderr
    result = measure([GOVPATROL, "patrol", "--registry", str(path)], cwd=tmp_path, env=env)
    assert result.code == 2 and "第4行" in result.stderr, result.output


def test_settings_file_with_aliases_or_repeated_keys_is_refused(tmp_path, env):
    settings = tmp_path / "govpatrol.yaml"
    for text, says in ((laughs(9), "别名"), ("database: sqlite:///a.db\ndatabase: x\n", "第2行")):
        settings.write_text(text, encoding="utf-8")
        result = measure([GOVPATROL, "probe", "http://www.yunxi.gov.cn/"], cwd=tmp_path,
                         env=env)
        assert result.code == 2, result.output
        assert "govpatrol.yaml" in result.stderr and says in result.stderr
        assert "Traceback" not in result.output


def test_rulebook_with_aliases_or_repeated_keys_is_refused(tmp_path, env):
    rules = tmp_path / "rules.yaml"
    for text, says in ((laughs(9), "别名"),
                       ("freshness:\n  homepage:\n    max_age_days: 14\n"
                        "freshness:\n  homepage:\n    max_age_days: 99\n", "第4行")):
        rules.write_text(text, encoding="utf-8")
        result = measure([GOVPATROL, "audit", "http://www.yunxi.gov.cn/", "--rulebook",
                          str(rules)], cwd=tmp_path, env=env)
        assert result.code == 2, result.output
        assert "rules.yaml" in result.stderr and says in result.stderr
        assert "Traceback" not in result.output


@pytest.mark.parametrize("text", [
    "[" * 3000 + "]" * 3000,
    "a: &x [*x]",
    "a: {b: 1, b: 2}",
    "- " + "*a " * (MAX_ALIASES + 1),
])
def test_loader_refuses_as_yaml_errors(text):
    with pytest.raises(yaml.YAMLError):
        load_yaml(text)


def test_loader_keeps_ordinary_anchors_and_merges():
    text = ("defaults: &d {render: auto, category: news}\n"
            "columns:\n  - {<<: *d, url: /a/}\n  - {<<: *d, url: /b/, render: browser}\n")
    data = load_yaml(text)
    assert data["columns"][1] == {"render": "browser", "category": "news", "url": "/b/"}
    assert data["columns"][0]["render"] == "auto"
