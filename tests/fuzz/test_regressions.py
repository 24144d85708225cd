"""Inputs the fuzz tests found to break a parser, kept as explicit cases."""
from __future__ import annotations

from datetime import date

import pytest

from crawlers.extract.encoding import canonical_encoding, decode_html
from crawlers.extract.page import read_page

PAGE = "<!DOCTYPE html><html><head><title>一</title></head><body>县政府".encode()


@pytest.mark.parametrize("label", ["gbk\x00", "base64", "zlib", "idna", "undefined",
                                   "punycode", "rot13", "unicode_escape",
                                   "raw_unicode_escape"])
def test_charset_labels_that_name_no_page_encoding(label):
    """A header or meta charset naming a non-text codec (or holding a NUL) is no charset:
    the page is decoded by detection instead of raising."""
    assert canonical_encoding(label) is None
    assert decode_html(PAGE, label).text.endswith("县政府")
    meta = f'<meta charset="{label}"><title>一</title>县政府'.encode()
    assert decode_html(meta).text.endswith("县政府")
    assert read_page(PAGE, "http://www.yx.gov.cn/", declared_charset=label,
                     as_of=date(2026, 11, 20))["title"] == "一"
