"""The 信息公开 metadata block of a policy document (索引号, 发文字号, 成文日期 …).

Layouts seen on real sites: gov.cn's four-column ``table.bd1``; ``<p><strong>索引号</strong>：…</p>``
rows; pipe-separated text rows (``索 引 号: | … | 公开目录: | …``); label and value cells
without colons. Labels come with spaces or full-width spaces (``索 引 号``, ``标　　题``).
The block is read as a stream of text pieces in which a label is followed by its value.
"""
from __future__ import annotations

import re
from datetime import date

from lxml.html import HtmlElement

from crawlers.extract.dates import parse_date
from crawlers.extract.dom import (
    Doc, as_tree, contains, hidden_within, is_element, raw_text, squash, text_pieces, tree_memo,
)

# label (without spaces) -> key; labels mapped to None only end the previous value.
LABELS: dict[str, str | None] = {
    "索引号": "index_no",
    "主题分类": "topic", "分类": "topic", "信息分类": "topic",
    "发文机关": "issuer", "发布机构": "issuer", "发布机关": "issuer", "发文单位": "issuer",
    "责任部门": "issuer",
    "成文日期": "written", "发文日期": "written", "生成日期": "written", "成文时间": "written",
    "标题": "title", "文件名称": "title",
    "发文字号": "doc_number", "文号": "doc_number", "发文文号": "doc_number",
    "发布日期": "published", "公开日期": "published", "上载日期": "published",
    "发布时间": "published",
    "公开目录": "catalog",
    "有效性": "validity",
    "主题词": None, "关键词": None, "体裁分类": None, "组配分类": None, "服务对象分类": None,
    "公开方式": None, "公开范围": None, "公开时限": None, "公开形式": None, "信息来源": None,
    "时效": None, "失效日期": None, "废止日期": None, "实施日期": None, "效力状态": None,
    "文件编号": None, "内容概述": None, "所属机构": None, "来源": None,
}
DATE_KEYS = ("written", "published")
# Keys only a metadata block carries (an ordinary article shows 发布时间 and 来源 too).
_DISTINCTIVE_KEYS = frozenset({"index_no", "doc_number", "issuer", "catalog", "written"})
_LABEL_PATTERN = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted(LABELS, key=len, reverse=True))
# A label followed by a colon inside a longer text: where one field ends and the next begins.
_LABEL_WITH_COLON = re.compile(rf"(?<![\u4e00-\u9fff])(?:{_LABEL_PATTERN})\s*[:：]")
_SPACES = re.compile(r"[\s\u3000]+")
# Every space a label may be written with, the zero-width ones included (squash folds them).
_NO_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DISTINCTIVE_LABELS = tuple(label for label, key in LABELS.items() if key in _DISTINCTIVE_KEYS)
_COLONS = ":："
_MIN_LABELS = 3  # a metadata block shows at least this many known labels


def parse_disclosure(doc: Doc) -> dict[str, str | date]:
    """Normalised 信息公开 fields of the page; {} when it has none.

    Keys: index_no, topic, issuer, written (date), title, doc_number ("无" kept as given),
    published (date), catalog, validity.
    """
    tree = as_tree(doc)
    found: dict[str, str | date] = {}
    for block in _metadata_blocks(tree):
        for key, value in _read_block(block).items():
            found.setdefault(key, value)
    return found


# Labels of the day a document was issued or its record generated. ``parse_disclosure`` files
# them under "written"; ``disclosure_dates`` keeps them apart, because a box without 发布日期
# shows them as the date the document went public.
_ISSUE_LABELS = frozenset({"发文日期", "生成日期"})


def disclosure_dates(doc: Doc) -> dict[str, date]:
    """The box's dates by what their labels say: written (成文日期), issued (发文日期,
    生成日期) and published (发布日期 …)."""
    tree = as_tree(doc)
    found: dict[str, date] = {}
    for block in _metadata_blocks(tree):
        pieces = _pieces(block)
        for index, piece in enumerate(pieces):
            is_label, key = _label_key(piece)
            if not is_label or key not in DATE_KEYS or index + 1 >= len(pieces):
                continue
            value = pieces[index + 1]
            if _label_key(value)[0]:
                continue
            day = parse_date(value.lstrip(_COLONS))
            if day is None:
                continue
            bare = _SPACES.sub("", piece).rstrip(_COLONS)
            found.setdefault("issued" if bare in _ISSUE_LABELS else key, day)
    return found


def metadata_blocks(doc: Doc) -> list[HtmlElement]:
    """The elements holding 信息公开 metadata (so other parsers can look past them)."""
    return _metadata_blocks(as_tree(doc))


def _label_key(piece: str) -> tuple[bool, str | None]:
    """(is a label, its key) for a text piece like "索 引 号：" or "发布机构"."""
    bare = _SPACES.sub("", piece).rstrip(_COLONS)
    if bare in LABELS:
        return True, LABELS[bare]
    return False, None


def _metadata_blocks(tree: HtmlElement) -> list[HtmlElement]:
    """Smallest elements that hold at least three distinct metadata labels (found once per
    tree: the article, the disclosure table and the page's shape all ask)."""
    return list(tree_memo(tree, ("metadata_blocks",), lambda: tuple(_find_metadata_blocks(tree))))


def _find_metadata_blocks(tree: HtmlElement) -> list[HtmlElement]:
    # A block's labels are among the labels of the whole page: a page whose text holds too
    # few has none, and most pages are told so in one pass over their text, instead of one
    # per label and ancestor. (Only for a whole document: the walk up from a label may leave
    # a subtree.)
    if tree.getparent() is None and not (_may_hold_block(tree) and _holds_block(_block_keys(tree))):
        return []
    blocks: list[HtmlElement] = []
    for el in tree.iter():
        if not is_element(el) or not _own_text_has_label(el) or hidden_within(el):
            continue
        node, steps = el, 0
        while node is not None and steps < 6:
            if _holds_block(_block_keys(node)):
                if not any(node is block or contains(block, node) for block in blocks):
                    blocks = [block for block in blocks if not contains(node, block)]
                    blocks.append(node)
                break
            node, steps = node.getparent(), steps + 1
    return blocks


def _may_hold_block(tree: HtmlElement) -> bool:
    """False when no text of the page, spaces left out, holds a distinctive key's label:
    then no piece of it can name one (told in one pass of C, before the pieces are cut)."""
    text = _NO_SPACES.sub("", raw_text(tree))
    return any(label in text for label in _DISTINCTIVE_LABELS)


def _holds_block(keys: set[str]) -> bool:
    return len(keys) >= _MIN_LABELS and bool(keys & _DISTINCTIVE_KEYS)


def _own_text_has_label(el: HtmlElement) -> bool:
    if el.tag in ("script", "style", "select", "option", "head"):
        return False
    own = [el.text or ""] + [child.tail or "" for child in el]
    return any(_LABEL_WITH_COLON.search(text) or _label_key(text)[1] for text in own if text)


def _block_keys(el: HtmlElement) -> set[str]:
    return {key for piece in _pieces(el) if (key := _label_key(piece)[1])}


def _pieces(el: HtmlElement) -> list[str]:
    """Text pieces of the block, split at pipes and at "label：" boundaries."""
    pieces: list[str] = []
    for raw in text_pieces(el):
        for part in re.split(r"[|｜]", raw):
            part = squash(part)
            if not part:
                continue
            cuts = [m.start() for m in _LABEL_WITH_COLON.finditer(part)] + [len(part)]
            if cuts[0] > 0:
                pieces.append(part[:cuts[0]].strip())
            for start, end in zip(cuts, cuts[1:]):
                pieces.extend(_label_and_rest(part[start:end]))
    return [piece for piece in pieces if piece]


def _label_and_rest(text: str) -> list[str]:
    """ "索引号：000014349/2018-00222" -> ["索引号：", "000014349/2018-00222"]."""
    for index, char in enumerate(text):
        if char in _COLONS:
            return [text[:index + 1].strip(), text[index + 1:].strip()]
    return [text.strip()]


def _read_block(block: HtmlElement) -> dict[str, str | date]:
    values: dict[str, str | date] = {}
    pieces = _pieces(block)
    for index, piece in enumerate(pieces):
        is_label, key = _label_key(piece)
        if not is_label or key is None or key in values:
            continue
        value = pieces[index + 1] if index + 1 < len(pieces) else ""
        if _label_key(value)[0]:
            continue  # an empty field: the next piece is already a label
        value = value.lstrip(_COLONS).strip()
        if not value:
            continue
        if key in DATE_KEYS:
            day = parse_date(value)
            if day is not None:
                values[key] = day
        else:
            values[key] = value
    return values
