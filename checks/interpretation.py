"""政策解读: every policy document needs an interpretation, linked both ways, published in time.

A policy document is an article page listed in a policy column, or one whose 信息公开 table
carries a 发文字号 other than 无. An interpretation page is listed in an interpretation
column, or its title says 解读 / 图解 / 一图读懂 / 答记者问. A document and an interpretation
belong together when either page links to the other (the crawler records, for every link
target, the pages that carry it). Deadline: local practice, 3 working days after the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterator

from checks.base import Finding, NotChecked, rule
from checks.observations import ItemObs, Observations, PageObs
from checks.workdays import working_days_after

POLICY = "policy"
INTERPRETATION = "interpretation"
TITLE_WORDS = ("解读", "图解", "一图读懂", "答记者问")
NO_DOC_NUMBER = ("无", "")


@dataclass
class Interpretation:
    url: str
    title: str | None
    published: date | None
    page: PageObs | None  # None: listed but not read, so its own links are unknown


@dataclass
class PolicyDocument:
    page: PageObs
    published: date | None
    links_to: list[Interpretation] = field(default_factory=list)  # document -> interpretation
    linked_from: list[Interpretation] = field(default_factory=list)  # interpretation -> document

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def title(self) -> str:
        return self.page.title or self.page.url

    def related(self) -> list[Interpretation]:
        seen: dict[str, Interpretation] = {}
        for interp in self.links_to + self.linked_from:
            seen.setdefault(interp.url, interp)
        return sorted(seen.values(), key=lambda i: i.url)


def policy_documents(obs: Observations) -> list[PolicyDocument]:
    """The site's policy documents, each with the interpretations it links and is linked by.

    NotChecked when the run read no policy document at all.
    """
    interpretations = _interpretations(obs)
    sources_of = _carrying_pages(obs)
    listed_in_policy = {item.url for column in obs.columns if column.category == POLICY
                        for item in column.items if item.url}
    documents: list[PolicyDocument] = []
    for page in obs.pages:
        if not _readable_article(page) or page.url in interpretations:
            continue
        if page.url not in listed_in_policy and not _has_doc_number(page):
            continue
        document = PolicyDocument(page, _document_date(page))
        for interp in interpretations.values():
            if page.url in sources_of(interp.url):
                document.links_to.append(interp)
            if interp.url in sources_of(page.url):
                document.linked_from.append(interp)
        documents.append(document)
    if not documents:
        policy_columns = [c for c in obs.columns if c.category == POLICY]
        if policy_columns:
            raise NotChecked("政策文件栏目中的文件页面未能读取，无法检查政策解读"
                             " / no policy document page was read")
        raise NotChecked("网站未发现政策文件，无法检查政策解读 / no policy document found on the site")
    return sorted(documents, key=lambda d: d.url)


def _carrying_pages(obs: Observations) -> Callable[[str], set[str]]:
    """URL -> the pages that link to it, worked out only for the URLs asked about: a big
    site holds a hundred thousand link references, few of them to or from a document."""
    links = {link.url: link for link in obs.links}
    found: dict[str, set[str]] = {}

    def sources_of(url: str) -> set[str]:
        if url not in found:
            link = links.get(url)
            found[url] = set(link.sources) if link else set()
        return found[url]

    return sources_of


def _readable_article(page: PageObs) -> bool:
    return page.kind == "article" and page.error is None and (page.status is None or page.status < 400)


def _disclosure(page: PageObs) -> dict[str, Any]:
    facts = page.facts.get("disclosure")
    return facts if isinstance(facts, dict) else {}


def _has_doc_number(page: PageObs) -> bool:
    number = _disclosure(page).get("doc_number")
    return isinstance(number, str) and number.strip() not in NO_DOC_NUMBER


def _as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _document_date(page: PageObs) -> date | None:
    """发布日期 of the 信息公开 table, else the page's publication date."""
    return _as_day(_disclosure(page).get("published")) or _as_day(page.published)


def _has_title_word(title: str | None) -> bool:
    return bool(title) and any(word in title for word in TITLE_WORDS)


def _interpretations(obs: Observations) -> dict[str, Interpretation]:
    """Interpretation pages by URL: listed in an interpretation column, or so titled."""
    listed: dict[str, ItemObs] = {}
    for column in obs.columns:
        if column.category == INTERPRETATION:
            for item in column.items:
                if item.url:
                    listed.setdefault(item.url, item)
    not_pages = {obs.homepage} | {column.url for column in obs.columns}
    found: dict[str, Interpretation] = {}
    for page in obs.pages:
        if page.url in not_pages or not _readable_article(page):
            continue
        if page.url in listed or _has_title_word(page.title):
            item = listed.get(page.url)
            published = _as_day(page.published) or _as_day(_disclosure(page).get("published")) or (
                item.date if item else None)
            found[page.url] = Interpretation(page.url, page.title or (item.title if item else None),
                                             published, page)
    for url, item in listed.items():  # listed but not read: its own links are unknown
        if url not in found and url not in not_pages:
            found[url] = Interpretation(url, item.title, _as_day(item.date), None)
    return found


def _evidence(document: PolicyDocument, interp: Interpretation | None, **extra: Any) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "document": document.url,
        "document_title": document.page.title,
        "document_published": document.published.isoformat() if document.published else None,
        "doc_number": _disclosure(document.page).get("doc_number"),
    }
    if interp is not None:
        evidence.update({
            "interpretation": interp.url,
            "interpretation_title": interp.title,
            "interpretation_published": interp.published.isoformat() if interp.published else None,
        })
        if document.published and interp.published:
            evidence["working_days"] = working_days_after(document.published, interp.published)
    evidence.update(extra)
    return evidence


@rule("interpretation_missing", "deduct", "政策文件未解读")
def interpretation_missing(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    for document in policy_documents(obs):
        if document.related():
            continue
        yield Finding(
            check="interpretation_missing", severity="deduct", url=document.url, page=document.url,
            message=f"政策文件“{document.title}”未发布解读或未关联解读",
            evidence=_evidence(document, None))


@rule("interpretation_unlinked", "deduct", "解读未双向关联")
def interpretation_unlinked(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    for document in policy_documents(obs):
        outgoing = {interp.url for interp in document.links_to}
        incoming = {interp.url for interp in document.linked_from}
        for interp in document.related():
            if interp.url in outgoing and interp.url in incoming:
                continue
            if interp.url in incoming:  # the interpretation links the document, not back
                yield Finding(
                    check="interpretation_unlinked", severity="deduct", url=document.url,
                    page=document.url,
                    message=f"政策文件“{document.title}”未链接其解读“{interp.title or interp.url}”，未双向关联",
                    evidence=_evidence(document, interp, lacking="document"))
            elif interp.page is not None:  # read, and it does not link back
                yield Finding(
                    check="interpretation_unlinked", severity="deduct", url=interp.url,
                    page=interp.url,
                    message=f"解读“{interp.title or interp.url}”未链接其政策文件“{document.title}”，未双向关联",
                    evidence=_evidence(document, interp, lacking="interpretation"))


@rule("interpretation_late", "warn", "解读发布不及时")
def interpretation_late(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    limit: int = rules["interpretation"]["late_after_working_days"]
    for document in policy_documents(obs):
        dated = [interp for interp in document.related() if interp.published is not None]
        if document.published is None or not dated:
            continue
        first = min(dated, key=lambda interp: (interp.published, interp.url))
        lag = working_days_after(document.published, first.published)
        if lag <= limit:
            continue
        yield Finding(
            check="interpretation_late", severity="warn", url=document.url, page=document.url,
            message=(f"政策文件“{document.title}”({document.published.isoformat()}发布)的解读"
                     f"于{first.published.isoformat()}发布，晚于{limit}个工作日(第{lag}个工作日)"),
            evidence=_evidence(document, first, limit_working_days=limit))
