"""Politeness levels: one mapping onto Scrapy's settings, read from the command line, the
settings file and the registry, and handed to the crawl."""
from __future__ import annotations

from datetime import date

import pytest

from crawlers.politeness import DEFAULT, LEVELS, parse_politeness, politeness_settings
from crawlers.runner import crawl_settings
from govpatrol.config import ConfigError, load_config
from govpatrol.inspection import InspectionOptions, open_run
from govpatrol.registry.entries import RegistryError
from govpatrol.registry.validation import parse_registry_text
from storage.db import Database
from storage.models import Run
from tests.support.cli import invoker_in


def test_levels_from_polite_to_fast():
    assert LEVELS == ("polite", "normal", "fast") and DEFAULT == "polite"
    polite, normal, fast = (politeness_settings(level) for level in LEVELS)
    assert polite["AUTOTHROTTLE_ENABLED"] is True
    assert polite["CONCURRENT_REQUESTS_PER_DOMAIN"] <= normal["CONCURRENT_REQUESTS_PER_DOMAIN"] \
        < fast["CONCURRENT_REQUESTS_PER_DOMAIN"] == 10
    assert polite["AUTOTHROTTLE_TARGET_CONCURRENCY"] < normal["AUTOTHROTTLE_TARGET_CONCURRENCY"]
    assert fast["AUTOTHROTTLE_ENABLED"] is False and fast["DOWNLOAD_DELAY"] == 0
    fast["DOWNLOAD_DELAY"] = 5  # a copy: the mapping itself stays as it is
    assert politeness_settings("fast")["DOWNLOAD_DELAY"] == 0


def test_level_names_are_checked():
    assert parse_politeness(" Fast ") == "fast"
    for bad in ("turbo", "", None, 3):
        with pytest.raises(ValueError, match="polite、normal、fast"):
            parse_politeness(bad)


def _config(**extra) -> dict:
    return {"run_id": 1, "database": "sqlite://", "homepage": "http://127.0.0.1/",
            "render": False, **extra}


@pytest.mark.parametrize("level", [None, "polite", "normal", "fast"])
def test_the_crawl_receives_the_level(level):
    # The settings the runner hands to Scrapy's CrawlerProcess.
    settings = crawl_settings(_config(**({"politeness": level} if level else {})))
    expected = politeness_settings(level or DEFAULT)
    for key, value in expected.items():
        assert settings[key] == value, key
    if level == "fast":
        assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 10
        assert not settings.getbool("AUTOTHROTTLE_ENABLED")
    else:
        assert settings.getbool("AUTOTHROTTLE_ENABLED")
    # A caller's own Scrapy settings still have the last word.
    settings = crawl_settings(_config(politeness=level,
                                      scrapy_settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1}))
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1


def test_a_crawl_with_a_bad_level_does_not_start():
    with pytest.raises(ValueError, match="turbo"):
        crawl_settings(_config(politeness="turbo"))


def test_settings_file_level(tmp_path):
    path = tmp_path / "govpatrol.yaml"
    path.write_text("politeness: normal\n", encoding="utf-8")
    assert load_config(path).politeness == "normal"
    path.write_text("{}\n", encoding="utf-8")
    assert load_config(path).politeness is None
    path.write_text("politeness: turbo\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="politeness"):
        load_config(path)


def test_registry_level_per_site():
    registry = parse_registry_text(
        "sites:\n  - {name: 甲市, url: http://a.gov.cn/, politeness: fast}\n"
        "  - {name: 乙市, url: http://b.gov.cn/}\n", "sites.yaml")
    first, second = registry.sites
    assert first.politeness == "fast" and second.politeness is None
    assert first.as_dict()["politeness"] == "fast" and "politeness" not in second.as_dict()
    with pytest.raises(RegistryError) as caught:
        parse_registry_text("sites:\n  - {name: 甲市, url: http://a.gov.cn/, politeness: turbo}\n",
                            "sites.yaml")
    assert "politeness" in str(caught.value) and "turbo" in str(caught.value)


@pytest.fixture
def run(tmp_path, monkeypatch):
    return invoker_in(tmp_path, monkeypatch)


def test_bad_level_on_the_command_line_exits_2(run, tmp_path):
    for args in (["audit", "http://www.example.gov.cn/", "--politeness", "turbo"],
                 ["patrol", "--registry", "sites.yaml", "--politeness", "turbo"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "--politeness" in result.output and "turbo" in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_bad_level_in_the_settings_file_or_registry_exits_2(run, tmp_path):
    (tmp_path / "govpatrol.yaml").write_text("politeness: turbo\n", encoding="utf-8")
    result = run("audit", "http://www.example.gov.cn/")
    assert result.exit_code == 2 and "govpatrol.yaml" in result.output \
        and "politeness" in result.output
    (tmp_path / "govpatrol.yaml").unlink()
    (tmp_path / "sites.yaml").write_text(
        "sites:\n  - {name: 甲市, url: http://a.gov.cn/, politeness: turbo}\n", encoding="utf-8")
    result = run("patrol", "--registry", "sites.yaml")
    assert result.exit_code == 2 and "politeness" in result.output and "turbo" in result.output


def test_the_run_records_its_level(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'runs.db'}")
    run_id = open_run(db, "http://a.gov.cn/", InspectionOptions(as_of=date(2026, 11, 30),
                                                                 politeness="fast"))
    with db.session() as session:
        assert session.get(Run, run_id).settings["politeness"] == "fast"
    db.dispose()
