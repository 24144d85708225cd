"""Bytes to text for government pages, which often lie about their encoding.

Order of trust: byte-order mark, the HTTP header, ``<meta charset>``, then detection. When
the chosen encoding leaves replacement characters (a UTF-8 header on GBK bytes, the classic
case), UTF-8 and GB18030 are tried and the clean one is kept, with a note of the mismatch.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# GBK and GB2312 pages routinely use characters only GB18030 (their superset) decodes.
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030",
              "hz": "gb18030", "ascii": "utf-8", "latin-1": "windows-1252",
              "iso8859-1": "windows-1252", "cp1252": "windows-1252"}
# Single-byte Western encodings decode any bytes without complaint, so for Chinese pages
# they are never trusted without checking whether the bytes are really UTF-8 or GB18030.
_NEVER_FAILS = {"windows-1252"}
_FALLBACKS = ("utf-8", "gb18030")
# Python's escape codecs read backslashes as escapes: no page is written in them.
_ESCAPE_CODECS = {"unicode-escape", "raw-unicode-escape"}
_SNIFF_BYTES = 16384


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    mismatch: str | None = None


def decode_html(body: bytes, declared: str | None = None) -> Decoded:
    """Decode a page. ``declared`` is the charset of the HTTP Content-Type header, if any."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(name, errors="replace"), _label(name))
    label = declared if canonical_encoding(declared) else meta_charset(body)
    claimed = canonical_encoding(label)
    if claimed is None:
        return _detect(body)
    said = label.strip().strip("\"'").lower()  # the note quotes the page's own label
    if claimed != "utf-8" and not body.isascii():
        # Multi-byte GBK text is practically never valid UTF-8, while UTF-8 bytes often
        # decode as GB18030 mojibake without a single error: valid UTF-8 wins.
        as_utf8 = _strict(body, "utf-8")
        if as_utf8 is not None:
            return Decoded(as_utf8, "utf-8", f"声明编码{said}与实际编码utf-8不符")
    text = body.decode(claimed, errors="replace")
    suspicious = "\ufffd" in text or (claimed in _NEVER_FAILS and not body.isascii())
    if not suspicious:
        return Decoded(text, _label(claimed))
    for candidate in _FALLBACKS:
        if candidate == claimed:
            continue
        clean = _strict(body, candidate)
        if clean is not None:
            note = f"声明编码{said}与实际编码{candidate}不符"
            return Decoded(clean, candidate, note)
    if claimed in _NEVER_FAILS:
        return Decoded(text, _label(claimed))
    # Nothing decodes cleanly (a damaged page): keep whichever loses the fewest characters.
    best = min((claimed, *_FALLBACKS),
               key=lambda name: body.decode(name, errors="replace").count("\ufffd"))
    return Decoded(body.decode(best, errors="replace"), _label(best))


def meta_charset(body: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of the page declares."""
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def canonical_encoding(name: str | None) -> str | None:
    """Python codec name for a charset label, GBK family widened to gb18030; None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower())
        # Labels such as base64, zlib, idna or undefined name codecs that are no page
        # encoding: they refuse to decode arbitrary bytes (a NUL in a label is no name).
        b"\xff\\u<".decode(codec.name, errors="replace")
    except (LookupError, ValueError):  # UnicodeError is a ValueError
        return None
    if codec.name in _ESCAPE_CODECS:
        return None
    return _SUPERSETS.get(codec.name, codec.name)


def _detect(body: bytes) -> Decoded:
    for candidate in _FALLBACKS:
        text = _strict(body, candidate)
        if text is not None:
            return Decoded(text, candidate)
    best = min(_FALLBACKS, key=lambda name: body.decode(name, errors="replace").count("\ufffd"))
    return Decoded(body.decode(best, errors="replace"), best)


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def _label(name: str) -> str:
    return {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(name, name)
