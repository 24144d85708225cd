from datetime import date, datetime

import pytest

from checks.base import NotChecked, run_checks
from checks.interpretation import interpretation_late, interpretation_missing, interpretation_unlinked
from checks.observations import ColumnObs, ItemObs, LinkObs, Observations, PageObs
from checks.rulebook import load_rulebook
from checks.workdays import working_days_after

AS_OF = date(2026, 11, 20)
HOME = "http://www.example.gov.cn/"
POLICY_COLUMN = f"{HOME}zwgk/zcwj/index.html"
INTERP_COLUMN = f"{HOME}zwgk/zcjd/index.html"
NOTICE_COLUMN = f"{HOME}zwgk/tzgg/index.html"
RULES = load_rulebook()


def url(name: str) -> str:
    return f"{HOME}{name}.html"


def document(name: str, published: date | None, doc_number: str | None = "云政发〔2026〕9号",
             title: str | None = None, disclosure_date: date | None = None, status: int = 200) -> PageObs:
    facts = {}
    if doc_number is not None:
        shown = disclosure_date or published
        facts["disclosure"] = {"doc_number": doc_number, "index_no": "113399/2026-00012",
                               "published": shown.isoformat() if shown else None}
    return PageObs(url=url(name), kind="article", status=status, title=title or f"关于{name}的通知",
                   published=datetime.combine(published, datetime.min.time()) if published else None,
                   facts=facts)


def interp(name: str, published: date | None, title: str | None = None) -> PageObs:
    return PageObs(url=url(name), kind="article", status=200, title=title or f"《{name}》政策解读",
                   published=datetime(published.year, published.month, published.day, 9, 30) if published else None)


def column(column_url: str, category: str, *pages: PageObs, extra: list[ItemObs] = ()) -> ColumnObs:
    items = [ItemObs(page.title, page.url, page.published.date() if page.published else None) for page in pages]
    return ColumnObs(url=column_url, name={"policy": "政策文件", "interpretation": "政策解读",
                                          "notice": "通知公告", "news": "工作动态"}[category],
                     category=category, items=items + list(extra))


def links(*pairs: tuple[PageObs | str, PageObs | str]) -> list[LinkObs]:
    """(source, target) pairs -> one LinkObs per target carrying all its sources."""
    by_target: dict[str, LinkObs] = {}
    for source, target in pairs:
        source_url = source if isinstance(source, str) else source.url
        target_url = target if isinstance(target, str) else target.url
        link = by_target.setdefault(target_url, LinkObs(url=target_url, internal=True, outcome="ok"))
        link.sources.append(source_url)
    return list(by_target.values())


def site(pages=(), columns=(), link_list=()) -> Observations:
    return Observations(homepage=HOME, pages=[PageObs(url=HOME, kind="homepage", status=200), *pages],
                        columns=list(columns), links=list(link_list))


def standard_site(doc: PageObs, explanation: PageObs, *pairs) -> Observations:
    return site([doc, explanation],
                [column(POLICY_COLUMN, "policy", doc), column(INTERP_COLUMN, "interpretation", explanation)],
                links(*pairs))


def findings(obs: Observations):
    return {name: list(function(obs, RULES, AS_OF)) for name, function in (
        ("missing", interpretation_missing), ("unlinked", interpretation_unlinked), ("late", interpretation_late))}


# --- linked both ways ---------------------------------------------------------------------------------

def test_document_and_interpretation_linked_both_ways_next_day_pass():
    doc, explanation = document("doc", date(2026, 5, 14)), interp("jd", date(2026, 5, 15))
    obs = standard_site(doc, explanation, (doc, explanation), (explanation, doc))
    assert findings(obs) == {"missing": [], "unlinked": [], "late": []}


# --- missing --------------------------------------------------------------------------------------------

def test_document_without_any_interpretation_is_missing():
    doc = document("gas", date(2026, 4, 15))
    other_doc, explanation = document("doc", date(2026, 5, 14)), interp("jd", date(2026, 5, 15))
    # Every page's navigation links the interpretation column: a column is not an interpretation.
    obs = site([doc, other_doc, explanation],
               [column(POLICY_COLUMN, "policy", doc, other_doc), column(INTERP_COLUMN, "interpretation", explanation)],
               links((doc, INTERP_COLUMN), (other_doc, INTERP_COLUMN), (other_doc, explanation),
                     (explanation, other_doc), (HOME, explanation), (INTERP_COLUMN, explanation)))
    result = findings(obs)
    [missing] = result["missing"]
    assert (missing.check, missing.severity, missing.url) == ("interpretation_missing", "deduct", doc.url)
    assert missing.message == "政策文件“关于gas的通知”未发布解读或未关联解读"
    assert missing.evidence["document_published"] == "2026-04-15"
    assert missing.evidence["doc_number"] == "云政发〔2026〕9号"
    assert result["unlinked"] == [] and result["late"] == []


# --- linked one way ------------------------------------------------------------------------------------

def test_interpretation_links_the_document_but_not_back_names_the_document():
    doc, explanation = document("doc", date(2026, 1, 20)), interp("jd", date(2026, 1, 21))
    result = findings(standard_site(doc, explanation, (explanation, doc)))
    [finding] = result["unlinked"]
    assert (finding.severity, finding.url) == ("deduct", doc.url)
    assert finding.evidence["lacking"] == "document" and finding.evidence["interpretation"] == explanation.url
    assert finding.evidence["working_days"] == 1
    assert "未链接其解读" in finding.message and "\n" not in finding.message
    assert result["missing"] == []


def test_document_links_the_interpretation_but_not_back_names_the_interpretation():
    doc, explanation = document("doc", date(2026, 10, 20)), interp("jd", date(2026, 10, 21))
    result = findings(standard_site(doc, explanation, (doc, explanation)))
    [finding] = result["unlinked"]
    assert (finding.severity, finding.url, finding.page) == ("deduct", explanation.url, explanation.url)
    assert finding.evidence["lacking"] == "interpretation" and finding.evidence["document"] == doc.url
    assert result["missing"] == []


def test_interpretation_listed_but_not_read_is_not_judged_for_its_links():
    doc = document("doc", date(2026, 10, 20))
    listed = ItemObs("《doc》政策解读", url("jd"), date(2026, 10, 21))
    obs = site([doc], [column(POLICY_COLUMN, "policy", doc),
                       column(INTERP_COLUMN, "interpretation", extra=[listed])], links((doc, listed.url)))
    assert findings(obs) == {"missing": [], "unlinked": [], "late": []}


# --- late, across holidays ---------------------------------------------------------------------------

@pytest.mark.parametrize("published, interpreted, lag", [
    (date(2026, 3, 10), date(2026, 3, 13), 3),   # plain week: 3 working days, in time
    (date(2026, 9, 30), date(2026, 10, 9), 2),   # National Day off: 9 calendar days, 2 working days
    (date(2026, 2, 12), date(2026, 2, 24), 3),   # Spring Festival off, Saturday 02-14 worked
])
def test_interpretation_within_3_working_days_is_in_time(published, interpreted, lag):
    assert working_days_after(published, interpreted) == lag
    doc, explanation = document("doc", published), interp("jd", interpreted)
    assert findings(standard_site(doc, explanation, (doc, explanation), (explanation, doc)))["late"] == []


@pytest.mark.parametrize("published, interpreted, lag", [
    (date(2026, 3, 10), date(2026, 3, 18), 6),
    (date(2026, 10, 8), date(2026, 10, 13), 4),  # the make-up Saturday 10-10 counts
    (date(2026, 2, 12), date(2026, 2, 25), 4),
])
def test_interpretation_after_3_working_days_is_late(published, interpreted, lag):
    doc, explanation = document("doc", published), interp("jd", interpreted)
    [finding] = findings(standard_site(doc, explanation, (doc, explanation), (explanation, doc)))["late"]
    assert (finding.check, finding.severity, finding.url) == ("interpretation_late", "warn", doc.url)
    assert finding.evidence["working_days"] == lag and finding.evidence["limit_working_days"] == 3
    assert finding.evidence["document_published"] == published.isoformat()
    assert finding.evidence["interpretation_published"] == interpreted.isoformat()
    assert finding.evidence["interpretation"] == explanation.url
    assert f"第{lag}个工作日" in finding.message


def test_the_earliest_interpretation_decides_and_one_way_links_count_for_lateness():
    doc = document("doc", date(2026, 3, 10))
    early, later = interp("jd1", date(2026, 3, 11)), interp("jd2", date(2026, 3, 30), title="图解：doc")
    obs = site([doc, early, later], [column(POLICY_COLUMN, "policy", doc),
                                     column(INTERP_COLUMN, "interpretation", early, later)],
               links((doc, early), (early, doc), (later, doc), (doc, later)))
    assert findings(obs)["late"] == []
    slow = site([doc, later], [column(POLICY_COLUMN, "policy", doc)], links((later, doc)))
    [finding] = findings(slow)["late"]
    assert finding.evidence["interpretation"] == later.url


def test_document_date_comes_from_the_disclosure_table_and_interpretation_date_from_its_list():
    doc = document("doc", date(2026, 3, 20), disclosure_date=date(2026, 3, 10))
    undated = interp("jd", None)
    listed = ItemObs(undated.title, undated.url, date(2026, 3, 18))
    obs = site([doc, undated], [column(POLICY_COLUMN, "policy", doc),
                                column(INTERP_COLUMN, "interpretation", extra=[listed])],
               links((doc, undated), (undated, doc)))
    [finding] = findings(obs)["late"]
    assert finding.evidence["document_published"] == "2026-03-10"
    assert finding.evidence["interpretation_published"] == "2026-03-18"


def test_undated_pair_is_not_judged_late():
    doc, explanation = document("doc", None, doc_number=None), interp("jd", date(2026, 3, 30))
    assert findings(standard_site(doc, explanation, (doc, explanation), (explanation, doc)))["late"] == []


# --- what is a policy document, what is an interpretation ---------------------------------------------

def test_numbered_document_outside_policy_columns_is_a_policy_document_but_wu_is_not():
    numbered = document("notice1", date(2026, 5, 4), doc_number="云政办发〔2026〕21号")
    unnumbered = document("notice2", date(2026, 5, 4), doc_number="无")
    plain = document("notice3", date(2026, 5, 4), doc_number=None)
    obs = site([numbered, unnumbered, plain], [column(NOTICE_COLUMN, "notice", numbered, unnumbered, plain)])
    assert [f.url for f in findings(obs)["missing"]] == [numbered.url]


@pytest.mark.parametrize("title", ["图解：云溪市优化营商环境若干规定", "一图读懂《养老服务体系建设实施方案》",
                                   "市发展改革委负责人就《若干措施》答记者问"])
def test_interpretations_are_known_by_their_title_outside_interpretation_columns(title):
    doc, explanation = document("doc", date(2026, 5, 14)), interp("news1", date(2026, 5, 15), title=title)
    obs = site([doc, explanation], [column(POLICY_COLUMN, "policy", doc), column(f"{HOME}xw/", "news", explanation)],
               links((doc, explanation), (explanation, doc)))
    assert findings(obs) == {"missing": [], "unlinked": [], "late": []}


def test_an_interpretation_in_the_policy_column_is_not_a_document():
    doc, explanation = document("doc", date(2026, 5, 14)), interp("jd", date(2026, 5, 15))
    obs = site([doc, explanation], [column(POLICY_COLUMN, "policy", doc, explanation)],
               links((doc, explanation), (explanation, doc)))
    assert findings(obs) == {"missing": [], "unlinked": [], "late": []}


def test_a_news_article_linking_a_document_is_not_its_interpretation():
    doc = document("doc", date(2026, 5, 14), doc_number=None)
    news = PageObs(url=url("news"), kind="article", status=200, title="市政府常务会议研究部署有关工作",
                   published=datetime(2026, 5, 15))
    obs = site([doc, news], [column(POLICY_COLUMN, "policy", doc), column(f"{HOME}xw/", "news", news)],
               links((news, doc), (doc, news)))
    assert [f.url for f in findings(obs)["missing"]] == [doc.url]


# --- not checked ---------------------------------------------------------------------------------------

def test_site_without_policy_documents_is_not_checked():
    explanation = interp("jd", date(2026, 5, 15))
    obs = site([explanation], [column(INTERP_COLUMN, "interpretation", explanation)])
    for function in (interpretation_missing, interpretation_unlinked, interpretation_late):
        with pytest.raises(NotChecked, match="未发现政策文件"):
            list(function(obs, RULES, AS_OF))


def test_policy_column_whose_documents_were_not_read_is_not_checked():
    broken = document("doc", date(2026, 5, 14), status=404)
    obs = site([broken], [column(POLICY_COLUMN, "policy", broken)])
    with pytest.raises(NotChecked, match="未能读取"):
        list(interpretation_missing(obs, RULES, AS_OF))
    results = run_checks(obs, RULES, AS_OF, only=["interpretation_missing", "interpretation_late"])
    assert results.findings == [] and results.statuses["interpretation_missing"][0] == "not_checked"


def test_rulebook_deadline_applies(tmp_path):
    override = tmp_path / "rules.yaml"
    override.write_text("interpretation:\n  late_after_working_days: 5\n", encoding="utf-8")
    doc, explanation = document("doc", date(2026, 3, 10)), interp("jd", date(2026, 3, 18))
    obs = standard_site(doc, explanation, (doc, explanation), (explanation, doc))
    [finding] = interpretation_late(obs, load_rulebook(override), AS_OF)
    assert finding.evidence["limit_working_days"] == 5 and finding.evidence["working_days"] == 6
    assert list(interpretation_late(obs, RULES, date(2026, 3, 18)))  # as-of does not change lateness
