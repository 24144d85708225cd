"""Pages that answer 200 but say they do not exist ("soft 404"), and bot challenges."""
from __future__ import annotations

import re

_NOT_FOUND = re.compile(r"页面不存在|页面未找到|找不到|不存在或已删除|已被删除|(?<![0-9A-Za-z])404(?![0-9A-Za-z])"
                        r"|Not Found", re.I)
_CHALLENGE = re.compile(r"\$_ts|_\$[a-z]{2}\(|cf-chl|challenge-platform|请开启JavaScript|安全验证|滑动验证")
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
        return any(_phrase(phrase).search(text) for phrase in phrases)
    return bool(_NOT_FOUND.search(text))


def _phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole word where it ends in letters or digits: "404" is not found in
    湘ICP备44049835号, a footer every short page carries."""
    before = r"(?<![0-9A-Za-z])" if phrase[:1].isascii() and phrase[:1].isalnum() else ""
    after = r"(?![0-9A-Za-z])" if phrase[-1:].isascii() and phrase[-1:].isalnum() else ""
    return re.compile(before + re.escape(phrase) + after, re.I)


def looks_like_challenge(status: int, html: str) -> bool:
    """An anti-bot interstitial (瑞数 412 script pages, Cloudflare, 安全验证) rather than the page."""
    if status not in (200, 202, 403, 412, 503):
        return False
    return bool(_CHALLENGE.search(html[:20000])) and len(visible_text(html)) < 400
