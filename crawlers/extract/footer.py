"""The identity a government site must show in its footer (国办发〔2017〕47号).

网站标识码, ICP备案号, 公安机关备案号 and 主办单位 are read from the footer's visible text
(the whole page when no footer element is found); the 我为政府网站找错 entrance and the
党政机关标识 (conac) badge are scripts and links, looked for anywhere on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from crawlers.extract.dom import Doc, as_tree, class_words, contains, is_element, squash, visible_text
from crawlers.urls import try_normalize

_SITE_CODE = re.compile(r"网站标识码\s*[:：]?\s*((?:bm|BM)\d{8}|\d{10})(?!\d)")
# Every province short name that starts an ICP or 公网安备 number (both forms where two exist).
_PROVINCE = "[京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕吉闽贵黔粤青藏川蜀宁琼]"
_ICP = re.compile(rf"{_PROVINCE}\s*ICP\s*备\s*\d+\s*号(?:\s*-\s*\d+)?", re.I)
# 浙公网安备 33010602009328号, 冀公网安备 13010402001602 (no 号), 湘公安网备号 43…, and
# the bare 公安备案号：35012899001-19002 some sites print (kept with its label: it names no
# province).
_POLICE = re.compile(
    rf"{_PROVINCE}\s*公网安备\s*(?:号\s*[:：]?\s*)?\d{{14}}(?:\s*号)?"
    rf"|{_PROVINCE}\s*公安网备(?:案)?号?\s*[:：]?\s*\d{{10,14}}(?:\s*号)?"
    r"|公安(?:机关)?备案号\s*[:：]\s*\d[\d-]{5,}\d")
_ORGANIZER = re.compile(r"(?:网站)?主办(?:单位|方|机关)?\s*[:：]\s*")
_ORGANIZER_END = re.compile(
    r"\s|[|丨©]|版权|承办|协办|运维|运行维护|维护单位|技术支持|网站标识码|[\u4e00-\u9fff]{0,2}ICP|"
    r"[\u4e00-\u9fff]{1,2}公网安备|地址|电话|邮编|联系|备案|[:：]")
_FOOTER_WORDS = frozenset({"footer", "foot", "copyright", "copy", "bottom", "banquan", "bq",
                           "ft", "dibu", "fotter", "footbox"})
_JIUCUO_HREF = re.compile(r"jiucuo|site_code=|check_web/errorinfo|zfwzzc|/jcinfo/", re.I)
_JIUCUO_TEXT = re.compile(r"我为政府网站找错|政府网站找错|网站纠错|我要纠错|我要找错")


@dataclass(frozen=True)
class Identity:
    site_code: str | None
    icp: str | None
    police_record: str | None
    organizer: str | None
    jiucuo: bool
    jiucuo_url: str | None
    conac: bool


def extract_identity(doc: Doc, base_url: str | None = None) -> Identity:
    """Footer identity of a page. ``base_url`` makes the 找错 link absolute when given."""
    tree = as_tree(doc)
    text = _footer_text(tree)
    site_code = _SITE_CODE.search(text)
    icp = _ICP.search(text)
    police = _POLICE.search(text)
    jiucuo_url, jiucuo = _jiucuo(tree)
    if jiucuo_url and base_url:
        jiucuo_url = try_normalize(jiucuo_url, base_url) or jiucuo_url
    return Identity(
        site_code=site_code.group(1).lower() if site_code else None,
        icp=squash(icp.group(0)) if icp else None,
        police_record=squash(police.group(0)) if police else None,
        organizer=_organizer(text),
        jiucuo=jiucuo,
        jiucuo_url=jiucuo_url,
        conac=_has_conac(tree),
    )


def footer_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Outermost ``<footer>`` elements and blocks whose class or id names a footer."""
    found: list[HtmlElement] = []
    for el in tree.iter():
        if not is_element(el) or el.tag in ("html", "body"):
            continue
        if el.tag == "footer" or _footer_words(el):
            if not any(contains(outer, el) for outer in found):
                found.append(el)
    return found


def _footer_words(el: HtmlElement) -> bool:
    return bool(set(re.split(r"[\s_\-]+", class_words(el))) & _FOOTER_WORDS)


def _footer_text(tree: HtmlElement) -> str:
    footers = footer_elements(tree)
    text = " ".join(visible_text(el) for el in footers)
    if footers and (_SITE_CODE.search(text) or _ICP.search(text) or _POLICE.search(text)
                    or _ORGANIZER.search(text)):
        return text
    body = tree.find("body")
    return visible_text(body if body is not None else tree)


def _organizer(text: str) -> str | None:
    for label in _ORGANIZER.finditer(text):
        rest = text[label.end():label.end() + 80]
        end = _ORGANIZER_END.search(rest)
        value = (rest[:end.start()] if end else rest).strip()
        if value:
            return value
    return None


def _jiucuo(tree: HtmlElement) -> tuple[str | None, bool]:
    """(entrance URL, present) for the 找错 widget script or link."""
    for script in tree.iter("script"):
        src = script.get("src") or ""
        if script.get("id") == "_jiucuo_" or "jiucuo" in src.lower():
            return (squash(src) or None), True
    for link in tree.iter("a"):
        if not is_element(link):
            continue
        href = squash(link.get("href"))
        if (href and _JIUCUO_HREF.search(href)) or _JIUCUO_TEXT.search(
                squash(link.text_content()) or squash(link.get("title"))):
            usable = href and not href.lower().startswith(("javascript:", "#"))
            return (href if usable else None), True
    return None, False


def _has_conac(tree: HtmlElement) -> bool:
    for el in tree.iter("span", "div", "script", "a", "img"):
        if not is_element(el):
            continue
        if el.get("id") == "_ideConac":
            return True
        target = (el.get("src") or el.get("href") or "").lower()
        if "conac.cn" in target:
            return True
    return False
