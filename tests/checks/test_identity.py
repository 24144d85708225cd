from datetime import date

import pytest

from checks.base import NotChecked
from checks.identity import identity_missing
from checks.observations import Observations, PageObs
from checks.rulebook import load_rulebook

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
RULES = load_rulebook()
COMPLETE = {"site_code": "3301000001", "icp": "浙ICP备12345678号-1",
            "police_record": "浙公网安备 33010002000001号", "organizer": "某某市人民政府办公室",
            "jiucuo": True, "jiucuo_url": None, "conac": False}


def check(identity, rules=RULES, **page):
    page = {"status": 200, **page}
    facts = {} if identity is None else {"identity": identity}
    obs = Observations(homepage=HOME, pages=[PageObs(url=HOME, kind="homepage", facts=facts, **page)])
    return list(identity_missing(obs, rules, AS_OF))


def test_complete_footer_is_not_a_finding():
    assert check(COMPLETE) == []


@pytest.mark.parametrize("element, value, label", [
    ("site_code", None, "网站标识码"),
    ("icp", "", "ICP备案号"),
    ("police_record", None, "公安机关备案号"),
    ("organizer", "  ", "主办单位"),
    ("jiucuo", False, "“我为政府网站找错”入口"),
])
def test_each_missing_element_is_named(element, value, label):
    [finding] = check({**COMPLETE, element: value})
    assert (finding.check, finding.severity, finding.url) == ("identity_missing", "deduct", HOME)
    assert finding.message == f"首页缺少{label}"
    assert finding.evidence["missing"] == [element]
    assert finding.evidence["missing_labels"] == [label]
    assert element not in finding.evidence["found"]


def test_several_missing_elements_make_one_finding():
    [finding] = check({**COMPLETE, "site_code": None, "jiucuo": False})
    assert finding.message == "首页缺少网站标识码、“我为政府网站找错”入口"
    assert finding.evidence["missing"] == ["site_code", "jiucuo"]
    assert finding.evidence["found"]["icp"] == COMPLETE["icp"]


def test_a_jiucuo_link_counts_as_the_entrance():
    assert check({**COMPLETE, "jiucuo": False,
                  "jiucuo_url": "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3301000001"}) == []


def test_empty_identity_lists_every_required_element():
    [finding] = check({})
    assert finding.evidence["missing"] == ["site_code", "icp", "police_record", "organizer", "jiucuo"]


def test_required_elements_follow_the_rulebook(tmp_path):
    override = tmp_path / "r.yaml"
    override.write_text("identity: {required: [site_code, conac]}", encoding="utf-8")
    rules = load_rulebook(override)
    [finding] = check({**COMPLETE, "icp": None}, rules)
    assert finding.evidence["missing"] == ["conac"]
    assert finding.message == "首页缺少党政机关网站标识"


@pytest.mark.parametrize("page", [{"status": 404}, {"status": None, "error": "dns"}])
def test_homepage_not_read_is_not_checked(page):
    with pytest.raises(NotChecked):
        check(COMPLETE, **page)


def test_no_homepage_page_or_no_identity_facts_is_not_checked():
    with pytest.raises(NotChecked):
        list(identity_missing(Observations(homepage=HOME), RULES, AS_OF))
    with pytest.raises(NotChecked):
        check(None)
