"""The parsers' per-page memory: visible text per element and answers per tree give what a
fresh computation gives, and are worked out once."""
from __future__ import annotations

from copy import deepcopy

from crawlers.extract.disclosure import metadata_blocks
from crawlers.extract.dom import parse_html, squash, text_pieces, tree_memo, visible_text

PAGE = ("<html><body><div id='a'>第一段<span style='display:none'>隐藏</span>"
        "<p>第二段</p></div><div class='meta'>索引号：001 发文机关：某市 成文日期：2026-11-01 "
        "发布日期：2026-11-02</div></body></html>")


def test_remembered_text_is_the_text():
    tree = parse_html(PAGE)
    for el in tree.iter():
        if isinstance(el.tag, str):
            fresh = squash("".join(text_pieces(el)))
            assert visible_text(el) == fresh
            assert visible_text(el) == fresh  # the second answer comes from memory
    assert "隐藏" not in visible_text(tree)
    # A copy edited before it is read gives its own text, not the original's.
    copy = deepcopy(tree.find("body"))
    copy[0].text = "改过"
    assert visible_text(copy).startswith("改过")


def test_tree_answers_are_worked_out_once():
    tree = parse_html(PAGE)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert tree_memo(tree, ("k",), compute) == 1
    assert tree_memo(tree, ("k",), compute) == 1 and len(calls) == 1
    assert tree_memo(parse_html(PAGE), ("k",), compute) == 2  # another tree asks again


def test_metadata_blocks_found_once_and_ruled_out_when_too_few_labels():
    tree = parse_html(PAGE)
    [block] = metadata_blocks(tree)
    assert block.get("class") == "meta" and metadata_blocks(tree)[0] is block
    assert metadata_blocks(parse_html("<html><body><p>发布日期：2026-11-02</p></body></html>")) == []
