"""What a page says about itself: the words of a "not found" page (a soft 404 answers 200 but
says it does not exist) and the markers of a bot challenge.

These are raw facts, stored with each link check; how short a page must be to count, and
which words count, are the rulebook's (checks/links.py ``judge_answer``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

_NOT_FOUND = re.compile(r"页面不存在|页面未找到|找不到|不存在或已删除|已被删除|(?<![0-9A-Za-z])404(?![0-9A-Za-z])"
                        r"|Not Found", re.I)
_CHALLENGE = re.compile(r"\$_ts|_\$[a-z]{2}\(|cf-chl|challenge-platform|请开启JavaScript|安全验证|滑动验证")
CHALLENGE_WINDOW = 20000  # challenge scripts sit at the top of their page
_HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def visible_text(html: str) -> str:
    """The text a reader sees, roughly: tags, scripts and styles removed, spaces folded."""
    return _SPACE.sub(" ", _TAGS.sub(" ", _HIDDEN.sub(" ", html))).strip()


def says_not_found(html: str, max_chars: int = 600, phrases: list[str] | None = None) -> bool:
    """A short page whose text says the page does not exist."""
    text = visible_text(html)
    if len(text) > max_chars:
        return False
    if phrases:
        return bool(words_seen(text, phrases))
    return bool(_NOT_FOUND.search(text))


def words_seen(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in ``text``, each once, in the order given."""
    return [phrase for phrase in dict.fromkeys(phrases) if _phrase(phrase).search(text)]


@lru_cache(maxsize=256)
def _phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole word where it ends in letters or digits: "404" is not found in
    湘ICP备44049835号, a footer every short page carries."""
    before = r"(?<![0-9A-Za-z])" if phrase[:1].isascii() and phrase[:1].isalnum() else ""
    after = r"(?![0-9A-Za-z])" if phrase[-1:].isascii() and phrase[-1:].isalnum() else ""
    return re.compile(before + re.escape(phrase) + after, re.I)


def challenge_markers(html: str) -> list[str]:
    """The marks of an anti-bot interstitial (瑞数 412 script pages, Cloudflare, 安全验证)
    at the top of a page, each once."""
    return list(dict.fromkeys(match.group(0) for match in
                              _CHALLENGE.finditer(html[:CHALLENGE_WINDOW])))
