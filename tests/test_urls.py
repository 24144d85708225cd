import random

import pytest

from crawlers.urls import (
    BadURL, _join_simple, first_page_address, is_internal, normalize_url, site_domain, try_normalize,
)


@pytest.mark.parametrize("raw, expected", [
    ("HTTP://WWW.Example.GOV.cn:80/a/index.html#top", "http://www.example.gov.cn/a/index.html"),
    ("https://www.example.gov.cn:443", "https://www.example.gov.cn/"),
    ("http://www.example.gov.cn:8080/x?b=2&a=1", "http://www.example.gov.cn:8080/x?b=2&a=1"),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ("http://www.example.gov.cn/政务/公开.html", "http://www.example.gov.cn/%E6%94%BF%E5%8A%A1/%E5%85%AC%E5%BC%80.html"),
    ("http://www.example.gov.cn/a%20b", "http://www.example.gov.cn/a%20b"),
])
def test_normalize(raw, expected):
    assert normalize_url(raw) == expected


def test_relative_links_resolve_against_base():
    base = "http://www.example.gov.cn/xwzx/gzdt/index_1.html"
    assert normalize_url("./202611/t20261118_1.html", base) == \
        "http://www.example.gov.cn/xwzx/gzdt/202611/t20261118_1.html"
    assert normalize_url("../../jd/index.html", base) == "http://www.example.gov.cn/jd/index.html"


def test_fragment_kept_only_when_asked():
    url = "http://www.example.gov.cn/mail/list.html#12"
    assert normalize_url(url, keep_fragment=True).endswith("#12")
    assert "#" not in normalize_url(url)


@pytest.mark.parametrize("raw", ["mailto:a@b.cn", "javascript:void(0)", "ftp://x/y", "http://", "not a url",
                                 "http://host:99999/"])
def test_bad_urls(raw):
    with pytest.raises(BadURL):
        normalize_url(raw)
    assert try_normalize(raw) is None


def test_site_scope():
    home = "http://www.yunxi.gov.cn/"
    assert site_domain(home) == "yunxi.gov.cn"
    assert is_internal("http://fgw.yunxi.gov.cn/a.html", home)
    assert is_internal("http://yunxi.gov.cn/a.html", home)
    assert not is_internal("http://www.gov.cn/a.html", home)
    assert not is_internal("http://evilyunxi.gov.cn/", home)
    # A site addressed by IP is one host and port.
    assert is_internal("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/")
    assert not is_internal("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/")


@pytest.mark.parametrize("url, first", [
    ("http://a.gov.cn/zcjd/index.html?page=1", "http://a.gov.cn/zcjd/index.html"),
    ("http://a.gov.cn/list.asp?cid=7&pageNo=1", "http://a.gov.cn/list.asp?cid=7"),
    ("http://a.gov.cn/list.asp?cid=7&page=2", "http://a.gov.cn/list.asp?cid=7&page=2"),
    ("http://a.gov.cn/show.asp?id=1", "http://a.gov.cn/show.asp?id=1"),
])
def test_first_page_address_drops_only_a_page_one_query(url, first):
    assert first_page_address(url) == first


def test_plain_links_resolve_as_urllib_resolves_them():
    """Plain paths against a plain page address skip urllib's general parsing; the answer is
    the one the general path gives (``keep_fragment`` takes that path), dot segments, ports
    and roots included."""
    rng = random.Random(7)
    segments = ["..", ".", "", "a", "b.html", "t20261118_1.html", "x-y_z~", "...", "..a", "-"]
    bases = ["http://127.0.0.1:8080/a/1/12.html", "https://www.example.gov.cn", "http://h:80/",
             "https://h:443/x/", "http://h:0080/a/b/", "http://a-b.c/x/y/z.shtml", "http://h:65535/."]
    fast = 0
    for _ in range(4000):
        link = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 6)))
        link = ("/" + link) if rng.random() < 0.3 else link
        base = rng.choice(bases)
        fast += _join_simple(link.strip(), base) is not None
        assert normalize_url(link, base) == normalize_url(link, base, keep_fragment=True), (link, base)
    assert fast > 3000
    assert normalize_url("../../..", "http://h/a/b/c.html") == "http://h/"
    assert normalize_url("./", "http://h:8080/a/b.html") == "http://h:8080/a/"
    assert normalize_url("b/..", "http://h/a/") == "http://h/a/"
    assert try_normalize("a.html", "http://h:99999/") is None
