"""Soft 404: a short page that says it does not exist — said in words, not by a number that
happens to hold the digits."""
import pytest

from crawlers.extract.notfound import challenge_markers, says_not_found, words_seen

FOOTER = "主办单位：清平市人民政府办公室 湘ICP备44049835号 湘公网安备 43040402000404号"


@pytest.mark.parametrize("page, expected", [
    (f"<title>404</title><p>您访问的页面不存在</p><p>{FOOTER}</p>", True),
    ("<h1>404 Not Found</h1>", True),
    ("<p>错误 404：找不到该页面</p>", True),
    (f"<title>联系我们</title><p>电话 0731-4040404</p><p>{FOOTER}</p>", False),
    (f"<title>网站声明</title><p>{FOOTER}</p>", False),
])
def test_not_found_in_words_only(page, expected):
    assert says_not_found(page) is expected


@pytest.mark.parametrize("phrases", [["404"], ["404", "页面不存在"]])
def test_rulebook_phrases_match_whole_numbers(phrases):
    assert says_not_found(f"<p>{FOOTER}</p>", phrases=phrases) is False
    assert says_not_found("<h1>HTTP 404</h1>", phrases=phrases) is True


def test_the_words_seen_are_raw_facts_whatever_the_length():
    text = "市数据局部署“404”错误页面专项整治。" * 100 + FOOTER
    assert words_seen(text, ["页面不存在", "404", "Not Found", "404"]) == ["404"]
    assert words_seen(FOOTER, ["404"]) == []
    assert words_seen("HTTP not found", ["Not Found"]) == ["Not Found"]


def test_challenge_markers_are_read_at_the_top_of_the_page():
    page = "<script>var $_ts={};</script><p>安全验证</p><p>安全验证</p>"
    assert challenge_markers(page) == ["$_ts", "安全验证"]
    assert challenge_markers("<p>x</p>" * 5000 + "安全验证") == []
