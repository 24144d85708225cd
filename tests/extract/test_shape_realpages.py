"""Column discovery on the real saved pages (../shared/realpages): articles are never columns,
the two real list pages are columns with all their items (75 of them behind a client-side
pager), as extra/facts.json lists them."""
from __future__ import annotations

import json
from datetime import date

import pytest

from crawlers.extract.dom import parse_html
from crawlers.extract.encoding import decode_html
from crawlers.extract.shape import LIST, page_shape
from tests.support.realpages import real_page

AS_OF = date(2026, 11, 20)


def facts() -> list[dict]:
    return json.loads(real_page("extra/facts.json").read_text(encoding="utf-8"))


def shape_of(name: str, url: str):
    doc = parse_html(decode_html(real_page(name).read_bytes(), None).text)
    return page_shape(doc, url, AS_OF)


@pytest.mark.parametrize("name", ["hanweb-article-zj-fgw.html", "trs-article-shanxi.html"])
def test_real_articles_are_not_columns(name):
    assert not shape_of(name, "http://www.example.gov.cn/a/t20190918_1.shtml").is_column


def test_real_pages_of_facts_json_are_told_apart():
    for fact in facts():
        if fact["kind"] not in ("article", "list"):
            continue
        found = shape_of("extra/" + fact["file"], fact["url"])
        if fact["kind"] == "article":
            assert not found.is_column, fact["file"]
        else:
            assert found.kind == LIST, fact["file"]
            got = [(e.title, e.date.isoformat() if e.date else None) for e in found.entries]
            want = [(" ".join(i["title"].split()), i["date"]) for i in fact["list_items"]]
            assert got == want, fact["file"]
