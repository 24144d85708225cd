import codecs

from crawlers.extract.encoding import canonical_encoding, decode_html, meta_charset

PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>通知公告</title></head><body>关于印发《某某办法》的通知 2026-11-18 䶮</body></html>")


def page(charset: str, encoding: str) -> bytes:
    return PAGE.format(charset=charset).encode(encoding)


def test_header_wins_when_it_is_right():
    decoded = decode_html(page("utf-8", "gb18030"), "gbk")
    assert decoded.encoding == "gb18030"
    assert "关于印发《某某办法》的通知" in decoded.text
    assert decoded.mismatch is None


def test_gbk_bytes_behind_a_lying_utf8_header():
    decoded = decode_html(page("gbk", "gb18030"), "utf-8")
    assert decoded.encoding == "gb18030"
    assert "通知公告" in decoded.text and "\ufffd" not in decoded.text
    assert decoded.mismatch == "声明编码utf-8与实际编码gb18030不符"


def test_utf8_bytes_behind_a_gbk_meta():
    decoded = decode_html(page("gb2312", "utf-8"), None)
    assert decoded.encoding == "utf-8"
    assert "关于印发" in decoded.text
    assert decoded.mismatch == "声明编码gb2312与实际编码utf-8不符"


def test_latin1_header_is_not_trusted_for_chinese_bytes():
    decoded = decode_html(page("gbk", "gb18030"), "ISO-8859-1")
    assert decoded.encoding == "gb18030"
    assert "通知公告" in decoded.text
    assert "iso-8859-1" in decoded.mismatch


def test_meta_charset_is_used_without_header():
    decoded = decode_html(page("GBK", "gb18030"), None)
    assert decoded.encoding == "gb18030" and decoded.mismatch is None
    assert "䶮" in decoded.text  # outside GBK proper: only GB18030 decodes it


def test_detection_without_any_declaration():
    bare = "<html><body>政府信息公开</body></html>"
    assert decode_html(bare.encode("gb18030")).encoding == "gb18030"
    assert decode_html(bare.encode("utf-8")).encoding == "utf-8"


def test_byte_order_mark_comes_first():
    decoded = decode_html(codecs.BOM_UTF8 + page("gbk", "utf-8"), "gbk")
    assert decoded.encoding == "utf-8" and decoded.mismatch is None
    assert decoded.text.startswith("<html>")


def test_damaged_page_keeps_the_least_damaged_decoding():
    body = page("utf-8", "utf-8")[:-20] + b"\xff\xfe" + b"</body></html>"
    decoded = decode_html(body, "utf-8")
    assert decoded.encoding == "utf-8"
    assert "关于印发" in decoded.text


def test_helpers():
    assert canonical_encoding("GB2312") == "gb18030"
    assert canonical_encoding("gbk") == "gb18030"
    assert canonical_encoding("UTF8") == "utf-8"
    assert canonical_encoding("no-such-charset") is None
    assert meta_charset(b'<meta charset="utf-8">') == "utf-8"
    assert meta_charset(b"<p>no meta</p>") is None
