"""The page parsers on generated government-page markup and bytes: none may raise.

Every parser the crawl and ``govpatrol page`` use reads pages nobody vetted, so an exception
on any input is a bug (a crashed crawl callback loses the page and hides a finding).
"""
from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crawlers.extract.article import extract_article, looks_like_article, title_without_site
from crawlers.extract.dates import date_from_url, find_date, parse_date, parse_datetime
from crawlers.extract.disclosure import disclosure_dates, parse_disclosure
from crawlers.extract.dom import parse_html
from crawlers.extract.encoding import canonical_encoding, decode_html, meta_charset
from crawlers.extract.footer import extract_identity
from crawlers.extract.links import extract_links
from crawlers.extract.hanweb import (
    find_hanweb_proxy, find_jact_proxy, parse_hanweb_records, parse_jact_datastore,
    parse_proxy_total,
)
from crawlers.extract.listing import (
    extract_dated_links, extract_list_items, list_heading, list_is_declared_empty,
)
from crawlers.extract.mailbox import extract_message_rows, parse_message_detail
from crawlers.extract.notfound import says_not_found
from crawlers.extract.page import SCHEMA, read_page
from crawlers.extract.paging import find_list_pages
from crawlers.extract.scripted import needs_script
from tests.fuzz.profile import fuzz
from tests.fuzz.strategies import (
    DECLARED, PAGE_URLS, SCRIPTS, TEXT, chinese_dates, government_pages, page_bytes,
)

AS_OF = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                  st.sampled_from([date(2026, 11, 20), date(2027, 1, 1)]))
KINDS = {"article", "column", "mailbox", "homepage", "other"}


@fuzz(500)
@given(body=page_bytes(), url=PAGE_URLS, declared=DECLARED, as_of=AS_OF,
       rendered=st.booleans())
def test_read_page_any_bytes(body, url, declared, as_of, rendered):
    facts = read_page(body, url, declared_charset=declared, as_of=as_of, rendered=rendered)
    assert facts["schema"] == SCHEMA and facts["kind"] in KINDS
    json.dumps(facts, ensure_ascii=False)  # what `govpatrol page` prints


@fuzz(400)
@given(text=st.one_of(chinese_dates(), TEXT,
                      st.lists(st.one_of(chinese_dates(), TEXT), max_size=6).map(" ".join)),
       as_of=AS_OF)
def test_dates(text, as_of):
    match = find_date(text, as_of)
    if match is not None:
        assert text[match.start:match.end] == match.text  # offsets into the text as given
    parse_date(text, as_of)
    parse_datetime(text, as_of)
    date_from_url("http://www.yx.gov.cn/" + text)


@fuzz(300)
@given(body=st.one_of(page_bytes(), st.binary(max_size=300)), declared=DECLARED)
def test_encoding(body, declared):
    decoded = decode_html(body, declared)
    assert isinstance(decoded.text, str) and decoded.encoding
    meta_charset(body)
    canonical_encoding(declared)


@fuzz(350)
@given(html=government_pages(), url=PAGE_URLS, as_of=AS_OF)
def test_tree_parsers(html, url, as_of):
    doc = parse_html(html)
    extract_identity(doc, url)
    parse_disclosure(doc)
    disclosure_dates(doc)
    extract_list_items(doc, url, as_of)
    extract_dated_links(doc, url, as_of)
    list_heading(doc, as_of)
    list_is_declared_empty(doc)
    find_list_pages(doc, url)
    find_list_pages(html, url)
    extract_message_rows(doc, url, as_of or date(2026, 11, 20))
    parse_message_detail(doc, as_of or date(2026, 11, 20))
    extract_article(doc, url, as_of)
    looks_like_article(doc)
    title_without_site(doc)
    extract_links(doc, url)
    needs_script(doc)


@fuzz(300)
@given(text=st.one_of(SCRIPTS, government_pages(), TEXT), url=PAGE_URLS, as_of=AS_OF)
def test_script_parsers(text, url, as_of):
    find_hanweb_proxy(text, url)
    find_jact_proxy(text, url)
    parse_proxy_total(text)
    parse_hanweb_records(text, url, as_of)
    parse_jact_datastore(text, url, as_of or date(2026, 11, 20))
    says_not_found(text)


BASES = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}{path}",
    st.sampled_from(["http", "https"]),
    st.sampled_from(["www.yx.gov.cn", "127.0.0.1", "[::1]", "例子.政务", "xn--fiqs8s.cn",
                     "a-b.c"]),
    st.sampled_from(["", ":8080", ":65535", ":1"]),
    st.sampled_from(["/", "", "/a/b/c.html?x=1#f", "/%zz/..//./", "/路径/页.html", "/;p?q"]))


@fuzz(150)
@given(base=BASES, html=government_pages())
def test_links_against_any_base(base, html):
    """Links resolve against page addresses of every shape the crawl serves."""
    doc = parse_html(html)
    extract_links(doc, base)
    extract_list_items(doc, base, date(2026, 11, 20))
    find_list_pages(doc, base)
    extract_identity(doc, base)
