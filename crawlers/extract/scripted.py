"""Pages whose list only a browser can show: script fetches the data and draws the rows."""
from __future__ import annotations

import re

from crawlers.extract.dom import Doc, as_tree, visible_text

_DATA_LOADERS = re.compile(
    r"\bfetch\s*\(|\$\.(?:ajax|get|post|getJSON)\s*\(|XMLHttpRequest|axios\.|\.load\s*\("
    r"|new\s+Vue\b|createApp\s*\(|ReactDOM|layui\.(?:table|laypage)")
_LOADING_WORDS = ("加载中", "正在加载", "数据加载", "loading", "Loading")
_CONTAINER_WORDS = re.compile(r"list|news|data|content|result|tab|items?|rows?|con\b|app|box|mail|xx",
                              re.I)
_CONTAINER_TAGS = ("ul", "ol", "tbody", "table", "dl", "div", "section")
_NAV_WORDS = re.compile(r"nav|menu|header|footer|crumb", re.I)


def scripts_load_data(doc: Doc) -> bool:
    """The page's own scripts fetch data after load (XHR, fetch, a front-end framework)."""
    tree = as_tree(doc)
    return any(_DATA_LOADERS.search(script.text or "") for script in tree.iter("script"))


def needs_script(doc: Doc) -> bool:
    """True for a page whose scripts load data into an empty list container (or a
    "加载中" placeholder): a parser sees nothing there, a browser sees the list."""
    tree = as_tree(doc)
    if not scripts_load_data(tree):
        return False
    body = tree.find("body")
    text = visible_text(body if body is not None else tree)
    if any(word in text for word in _LOADING_WORDS):
        return True
    return any(_empty_container(el) for el in tree.iter(*_CONTAINER_TAGS)
               if not _in_chrome(el))


def _in_chrome(el) -> bool:
    for node in el.iterancestors():
        if _NAV_WORDS.search(f"{node.get('id', '')} {node.get('class', '')}"):
            return True
    return False


def _empty_container(el) -> bool:
    # An empty list or table body is waiting for rows whatever its name; a div only when
    # its name says it holds a list.
    marker = f"{el.get('id', '')} {el.get('class', '')}"
    if el.tag in ("div", "section", "table") and not _CONTAINER_WORDS.search(marker):
        return False
    has_children = any(isinstance(child.tag, str) for child in el)
    return not has_children and not (el.text or "").strip()
