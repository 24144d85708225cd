"""What one page says, read by the same parsers the crawl uses (SPEC §6, ``govpatrol.page/1``).

``read_page`` turns a page's raw bytes and address into the facts dictionary that
``govpatrol page`` prints: encoding, kind, title, publication time and where it came from,
column, list items, paging, footer identity, 信息公开 fields, messages, links. It does no
network and judges nothing.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawlers.extract.article import (
    column_name, extract_article, looks_like_article, page_title, title_without_site,
)
from crawlers.extract.category import categorize
from crawlers.extract.disclosure import disclosure_dates, parse_disclosure
from crawlers.extract.dom import meta_get, meta_values, parse_html
from crawlers.extract.encoding import decode_html
from crawlers.extract.footer import extract_identity
from crawlers.extract.links import extract_links
from crawlers.extract.hanweb import find_hanweb_proxy, find_jact_proxy
from crawlers.extract.listing import (
    extract_dated_links, extract_list_items,
)
from crawlers.extract.mailbox import extract_message_rows, parse_message_detail
from crawlers.extract.paging import find_list_pages
from crawlers.extract.scripted import needs_script
from crawlers.extract.shape import column_shape
from crawlers.newmedia.wechat import parse_article

SCHEMA = "govpatrol.page/1"
# Addresses a site's homepage is served at: the root, or the root's index file.
_HOME_PATH = re.compile(r"^/?(?:(?:index|default|home|main)\.(?:s?html?|jsp|aspx?|php))?$", re.I)


def read_page(body: bytes, url: str, *, declared_charset: str | None = None,
              as_of: date | None = None, rendered: bool = False) -> dict:
    """The facts of one page. ``url`` is where it was served (links and URL dates resolve
    against it); ``declared_charset`` is the HTTP header's charset, if any."""
    as_of = as_of or date.today()
    decoded = decode_html(body, declared_charset)
    doc = parse_html(decoded.text)
    entries = extract_list_items(doc, url, as_of)
    kind = page_kind(doc, decoded.text, url, as_of)
    facts: dict = {
        "schema": SCHEMA, "url": url, "encoding": decoded.encoding,
        "encoding_mismatch": decoded.mismatch, "kind": kind, "title": page_title(doc),
        "published": None, "published_from": None, "published_conflict": [],
        "column": None, "items": [], "paging": {"kind": "none", "pages": []},
        "identity": _identity(doc, url), "disclosure": _disclosure(doc), "messages": [],
        "needs_browser": False, "rendered": rendered, "links": [],
        # Beyond SPEC's shape, always present so a reader never meets a missing key.
        "source": None, "site_name": None, "account": None, "dated_links": [],
    }
    if _is_wechat(url):
        _wechat_facts(facts, decoded.text, url)
    elif kind in ("article", "other"):
        _article_facts(facts, doc, url, as_of)
    if kind == "homepage":
        # A homepage has no main list; its dated links are what the update checks read.
        facts["dated_links"] = [_item(e) for e in extract_dated_links(doc, url, as_of)]
    elif kind in ("column", "mailbox"):
        facts["title"] = title_without_site(doc) or facts["title"]
        name = column_name(doc) or title_without_site(doc)
        facts["column"] = {"name": name, "category": categorize(name)}
        if kind == "mailbox":
            rows = extract_message_rows(doc, url, as_of)
            facts["messages"] = [_message(row) for row in rows]
            facts["items"] = [{"title": r.title, "url": r.url, "date": _iso(r.sent)} for r in rows]
        else:
            facts["items"] = [_item(e) for e in entries]
    facts["paging"] = _paging(doc, decoded.text, url)
    detail = parse_message_detail(doc, as_of) if kind in ("article", "other") else None
    if detail is not None:
        facts["messages"] = [{"number": detail.number, "url": url, "title": detail.title,
                              "sent": _iso(detail.sent), "replied": _iso(detail.replied),
                              "status": detail.status}]
    facts["needs_browser"] = not rendered and needs_script(doc) and not entries
    facts["links"] = [{"url": link.url, "tag": link.tag, "text": link.text}
                      for link in extract_links(doc, url)]
    return facts


def page_kind(doc: HtmlElement, html: str, url: str, as_of: date) -> str:
    """article | column | mailbox | homepage | other, by the tests the crawl applies."""
    parts = urlsplit(url)
    web = parts.scheme in ("http", "https")
    if web and _HOME_PATH.match(parts.path) and not parts.query:
        return "homepage"
    if (not web or parts.path.strip("/").count("/") == 0) and _homepage_meta_set(doc):
        return "homepage"
    if column_shape(doc, html, url, as_of).is_column:
        name = column_name(doc) or title_without_site(doc)
        return "mailbox" if categorize(name) == "mailbox" else "column"
    if looks_like_article(doc):
        return "article"
    return "other"


def _homepage_meta_set(doc: HtmlElement) -> bool:
    """The government meta set of a homepage: the site's names and code, with neither the
    column names every column page adds nor the article names of a content page."""
    metas = meta_values(doc)
    if not meta_get(metas, "SiteIDCode", "SiteDomain"):
        return False
    return not meta_get(metas, "ColumnName", "ColumnType", "ArticleTitle", "PubDate")


def _article_facts(facts: dict, doc: HtmlElement, url: str, as_of: date) -> None:
    article = extract_article(doc, url, as_of)
    facts["title"] = article.title or facts["title"]
    facts["published"] = _moment(article.published)
    # The 信息公开 table is part of what the reader sees.
    facts["published_from"] = {"table": "visible"}.get(article.published_source or "",
                                                       article.published_source)
    facts["published_conflict"] = [
        {"from": other.source, "value": _moment(other.value)} for other in article.conflicts]
    if article.column_name:
        facts["column"] = {"name": article.column_name,
                           "category": categorize(article.column_name)}
    facts["source"] = article.source
    facts["site_name"] = article.site_name or meta_get(meta_values(doc), "SiteName")


def _is_wechat(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == "mp.weixin.qq.com"


def _wechat_facts(facts: dict, text: str, url: str) -> None:
    """A 公众号 article: the new-media reader knows its script variables (``var ct``)."""
    info = parse_article(text, url)
    facts["kind"] = "article"
    facts["title"] = info.title or facts["title"]
    facts["account"] = info.account_name
    if info.published is not None:
        facts["published"] = _moment(info.published.replace(tzinfo=None))
        facts["published_from"] = "script"


def _identity(doc: HtmlElement, url: str) -> dict:
    identity = extract_identity(doc, url)
    return {"site_code": identity.site_code, "icp": identity.icp,
            "police": identity.police_record, "organizer": identity.organizer,
            "jiucuo": identity.jiucuo, "jiucuo_url": identity.jiucuo_url,
            "conac": identity.conac}


def _disclosure(doc: HtmlElement) -> dict | None:
    found = parse_disclosure(doc)
    if not found:
        return None
    # 发文日期 and 生成日期 are the day the document went public when no 发布日期 is shown.
    dates = disclosure_dates(doc)
    return {"index_no": found.get("index_no"), "doc_no": found.get("doc_number"),
            "written": _iso(dates.get("written")),
            "published": _iso(dates.get("published") or dates.get("issued")),
            "issuer": found.get("issuer"), "topic": found.get("topic")}


def _paging(doc: HtmlElement, html: str, url: str) -> dict:
    if find_hanweb_proxy(html, url) is not None:
        return {"kind": "hanweb-dataproxy", "pages": []}
    if find_jact_proxy(html, url) is not None:
        return {"kind": "api", "pages": []}
    paging = find_list_pages(doc, url)
    kind = paging.kind
    if kind == "trs":
        scripts = "\n".join(script.text or "" for script in doc.iter("script"))
        kind = "trs-createPageHTML" if "createPageHTML" in scripts else "countPage"
    return {"kind": kind, "pages": list(paging.urls), "total_pages": paging.total_pages}


def _item(entry) -> dict:
    return {"title": entry.title, "url": entry.url, "date": _iso(entry.date)}


def _message(row) -> dict:
    return {"number": row.number, "url": row.url, "title": row.title, "sent": _iso(row.sent),
            "replied": _iso(row.replied), "status": row.status}


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else (value or None)


def _moment(value: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM`` (seconds only when not zero) when the page gives a time, else
    the day alone."""
    if value is None:
        return None
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
