from pathlib import Path

import pytest
import yaml

from checks.rulebook import DEFAULT_RULEBOOK, RulebookError, load_rulebook


def write(tmp_path: Path, text: str, name: str = "override.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_carry_the_spec_thresholds():
    rules = load_rulebook()
    categories = rules["freshness"]["categories"]
    assert rules["freshness"]["homepage"]["max_age_days"] == 14
    assert categories["news"] == {"max_age_days": 14, "weekly_min": 2}
    assert [categories[c]["max_age_days"] for c in ("notice", "policy", "interpretation")] == [183] * 3
    assert [categories[c]["max_age_days"] for c in ("personnel", "planning", "other")] == [365] * 3
    assert rules["verdict"] == {"key_stale_min": 5, "stale_min": 10, "blank_min": 5,
                                "v4b_counts_news_weekly": False}
    assert rules["links"]["timeout_seconds"] == 15
    assert rules["links"]["max_redirects"] == 8
    assert rules["links"]["warn_statuses"] == [401, 403, 429]
    assert rules["identity"]["required"] == ["site_code", "icp", "police_record", "organizer", "jiucuo"]
    assert (rules["ipv6"]["second_level_min_ratio"], rules["ipv6"]["third_level_min_ratio"]) == (0.90, 0.85)
    availability = rules["availability"]
    assert (availability["window_days"], availability["min_probes_per_day"]) == (7, 20)
    assert (availability["veto_failure_ratio"], availability["warn_failure_ratio"]) == (0.05, 0.03)
    assert rules["messages"]["reply_working_days"] == 15
    assert rules["messages"]["veto_after_days"] == 90
    assert rules["interpretation"]["late_after_working_days"] == 3
    assert rules["newmedia"]["max_age_days"] == 14
    assert rules["newmedia"]["weekly_min"] == 2


def test_every_default_threshold_cites_a_source():
    """Each leaf key of the default file sits under a comment block (its source)."""
    lines = DEFAULT_RULEBOOK.read_text(encoding="utf-8").splitlines()
    leaves = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.endswith(":"):
            continue
        leaves += 1
        above = number - 1
        while above >= 0 and lines[above].strip() and not lines[above].strip().startswith("#"):
            if lines[above].strip().endswith(":"):
                break
            above -= 1
        assert above >= 0 and lines[above].strip().startswith("#"), f"no source comment for: {line}"
    assert leaves >= 25


def test_override_is_deep_merged(tmp_path):
    path = write(tmp_path, """
freshness:
  categories:
    news: {max_age_days: 10}
verdict:
  blank_min: 3
""")
    rules = load_rulebook(path)
    assert rules["freshness"]["categories"]["news"] == {"max_age_days": 10, "weekly_min": 2}
    assert rules["freshness"]["categories"]["notice"]["max_age_days"] == 183
    assert rules["verdict"]["blank_min"] == 3
    assert rules["verdict"]["stale_min"] == 10
    assert load_rulebook(str(path))["verdict"]["blank_min"] == 3


def test_overrides_do_not_leak_into_later_loads(tmp_path):
    rules = load_rulebook(write(tmp_path, "links: {warn_statuses: [403]}"))
    assert rules["links"]["warn_statuses"] == [403]
    rules["verdict"]["blank_min"] = 99
    fresh = load_rulebook()
    assert fresh["links"]["warn_statuses"] == [401, 403, 429]
    assert fresh["verdict"]["blank_min"] == 5


def test_int_is_accepted_for_a_ratio_and_stored_as_float(tmp_path):
    rules = load_rulebook(write(tmp_path, "ipv6: {second_level_min_ratio: 1}"))
    assert rules["ipv6"]["second_level_min_ratio"] == 1.0
    assert isinstance(rules["ipv6"]["second_level_min_ratio"], float)


def test_empty_override_changes_nothing(tmp_path):
    assert load_rulebook(write(tmp_path, "# nothing yet\n")) == load_rulebook()


def test_identity_required_may_add_the_conac_mark(tmp_path):
    rules = load_rulebook(write(tmp_path, "identity: {required: [site_code, conac]}"))
    assert rules["identity"]["required"] == ["site_code", "conac"]


@pytest.mark.parametrize("text, key", [
    ("colour: red", "colour"),
    ("freshness: {homepage: {max_age: 3}}", "freshness.homepage.max_age"),
    ("freshness: {categories: {weather: {max_age_days: 3}}}", "freshness.categories.weather"),
    ("verdict: {blank_minimum: 2}", "verdict.blank_minimum"),
])
def test_unknown_keys_are_refused_with_file_and_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(RulebookError) as error:
        load_rulebook(path)
    message = str(error.value)
    assert str(path) in message and key in message
    assert "未知" in message and "unknown key" in message


@pytest.mark.parametrize("text, key", [
    ("verdict: {blank_min: five}", "verdict.blank_min"),
    ("verdict: {blank_min: 2.5}", "verdict.blank_min"),
    ("verdict: {blank_min: true}", "verdict.blank_min"),
    ("verdict: {v4b_counts_news_weekly: 1}", "verdict.v4b_counts_news_weekly"),
    ("freshness: {homepage: 14}", "freshness.homepage"),
    ("links: {warn_statuses: 403}", "links.warn_statuses"),
    ("links: {warn_statuses: ['403']}", "links.warn_statuses[]"),
    ("ipv6: {third_level_min_ratio: high}", "ipv6.third_level_min_ratio"),
])
def test_wrong_types_are_refused_with_file_and_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(RulebookError) as error:
        load_rulebook(path)
    message = str(error.value)
    assert str(path) in message and key in message
    assert "应为" in message and "must be" in message


@pytest.mark.parametrize("text, words", [
    ("verdict: {stale_min: -1}", ("负数", "negative")),
    ("availability: {veto_failure_ratio: 5}", ("比例", "ratio")),
    ("identity: {required: [site_code, slogan]}", ("未知取值", "slogan")),
])
def test_out_of_range_values_are_refused(tmp_path, text, words):
    with pytest.raises(RulebookError) as error:
        load_rulebook(write(tmp_path, text))
    assert all(word in str(error.value) for word in words)


def test_invalid_yaml_is_a_rulebook_error_naming_the_line(tmp_path):
    path = write(tmp_path, "verdict:\n  blank_min: [1, 2\n")
    with pytest.raises(RulebookError) as error:
        load_rulebook(path)
    assert str(path) in str(error.value)
    assert "YAML" in str(error.value) and "行" in str(error.value)


def test_top_level_must_be_a_mapping(tmp_path):
    with pytest.raises(RulebookError, match="mapping"):
        load_rulebook(write(tmp_path, "- verdict\n- links\n"))


def test_missing_and_undecodable_files_are_rulebook_errors(tmp_path):
    with pytest.raises(RulebookError, match="cannot read rulebook"):
        load_rulebook(tmp_path / "absent.yaml")
    binary = tmp_path / "gbk.yaml"
    binary.write_bytes("verdict: {blank_min: 3}  # 空白".encode("gbk"))
    with pytest.raises(RulebookError, match="无法读取"):
        load_rulebook(binary)


def test_rulebook_error_is_a_value_error():
    assert issubclass(RulebookError, ValueError)


def test_default_file_is_plain_yaml():
    assert isinstance(yaml.safe_load(DEFAULT_RULEBOOK.read_text(encoding="utf-8")), dict)
