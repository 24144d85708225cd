"""Pages whose list only a browser can show: script fetches the data and draws the rows.

Script can draw a list from an inline script, from a separate script file
(``<script src="…/list.js">``), from an API address written in a ``data-*`` attribute of the
list container, or through a front-end framework mounted on an empty element
(``<div id="app">`` with a Vue/React bundle). A parser sees nothing there; a browser sees the
list. ``find_list_api`` names the data address when the page writes it down, so the crawl can
read the data directly instead of rendering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawlers.extract.dom import Doc, as_tree, is_element, visible_text
from crawlers.urls import try_normalize

_DATA_LOADERS = re.compile(
    r"\bfetch\s*\(|\$\.(?:ajax|get|post|getJSON)\s*\(|XMLHttpRequest|axios\.|\.load\s*\("
    r"|new\s+Vue\b|createApp\s*\(|ReactDOM|layui\.(?:table|laypage)")
_LOADING_WORDS = ("加载中", "正在加载", "数据加载", "loading", "Loading")
_CONTAINER_WORDS = re.compile(r"list|news|data|content|result|tab|items?|rows?|con\b|app|box|mail|xx",
                              re.I)
_CONTAINER_TAGS = ("ul", "ol", "tbody", "table", "dl", "div", "section")
_NAV_WORDS = re.compile(r"nav|menu|header|footer|crumb", re.I)
# Third-party libraries, statistics and standard widgets: they never draw a site's list. Any
# other script file might (a site's own common.js may well fetch the list), so it counts.
_LIBRARY_SCRIPTS = re.compile(
    r"jquery|bootstrap|swiper|layer(?:\.min)?\.js|zepto|polyfill|html5shiv|respond(?:\.min)?\.js"
    r"|modernizr|superslide|jiucuo|conac|kaipuyun|cnzz|hm\.js|gtag|analytics|baidu|wza|barrier"
    r"|aria(?:\.min)?\.js|fxsjcj|share(?:\.min)?\.js|wx(?:_|-)?share|echarts|moment|lodash|vconsole",
    re.I)
# Attributes that name where a list's data comes from.
_API_ATTRIBUTES = ("data-api", "data-url", "data-src-api", "data-source", "data-list-url",
                   "data-href-api", "data-action", "data-json")
_DATA_PATH = re.compile(r"api|\.json\b|\.do\b|\.action\b|\.jsp\b|\.php\b|\.ashx\b|\.aspx?\b|ajax"
                        r"|list|data|query|page(?:no|num|size)?=", re.I)
# Elements a framework mounts on: empty until its bundle runs.
_MOUNT_IDS = re.compile(r"^(?:app|root|main-app|vue-app|react-root|__nuxt|__next)$", re.I)


# List APIs of CMS platforms whose address the page's own script writes (广东 gkmlpt).
_KNOWN_APIS = re.compile(r"/gkmlpt/api/all/\d+")
_CONCATENATION = re.compile(r"""(?:'[^'\n]*'|"[^"\n]*")(?:\s*\+\s*(?:[A-Za-z_$][\w$.]*|'[^'\n]*'|"[^"\n]*"))*""")


@dataclass(frozen=True)
class ListApi:
    """A list's data address as the page writes it, and where it was written (the attribute
    name, or ``script`` for a known CMS API in the page's script)."""

    url: str
    attribute: str


def scripts_load_data(doc: Doc) -> bool:
    """The page's own inline scripts fetch data after load (XHR, fetch, a front-end framework)."""
    tree = as_tree(doc)
    return any(_DATA_LOADERS.search(script.text or "") for script in tree.iter("script"))


def list_scripts(doc: Doc) -> list[str]:
    """Script files of the page that may draw content (libraries and widgets left out)."""
    tree = as_tree(doc)
    found = []
    for script in tree.iter("script"):
        src = (script.get("src") or "").strip()
        if src and not _LIBRARY_SCRIPTS.search(src.rsplit("/", 1)[-1]):
            found.append(src)
    return found


def framework_mount(doc: Doc) -> bool:
    """An empty mount element (``<div id="app">``) and a script bundle that fills it."""
    tree = as_tree(doc)
    body = tree.find("body")
    if body is None:
        return False
    mounts = [el for el in body.iter("div", "main", "section")
              if _MOUNT_IDS.match(el.get("id") or "") and not _has_content(el)]
    if not mounts:
        return False
    return scripts_load_data(tree) or bool(list_scripts(tree))


def find_list_api(doc: Doc, base_url: str) -> ListApi | None:
    """The API address a list container names in a ``data-*`` attribute, when its list is
    empty in the markup (the attribute is what the page's script reads); else the address of
    a known CMS list API written in the page's script."""
    tree = as_tree(doc)
    found = _attribute_api(tree, base_url)
    return found if found is not None else _known_script_api(tree, base_url)


def _known_script_api(tree, base_url: str) -> ListApi | None:
    """``fetch('/gkmlpt/api/all/2476?page=' + page + '&sid=755001')``: the literal pieces
    joined, a variable after ``page=`` read as page 1."""
    for script in tree.iter("script"):
        text = script.text or ""
        if not _KNOWN_APIS.search(text):
            continue
        for match in _CONCATENATION.finditer(text):
            expression = match.group(0)
            if not _KNOWN_APIS.search(expression):
                continue
            pieces = re.split(r"\s*\+\s*", expression)
            address = ""
            for piece in pieces:
                if piece[:1] in "'\"":
                    address += piece[1:-1]
                elif re.search(r"[?&][\w]*page\w*=$", address, re.I):
                    address += "1"
            url = try_normalize(address, base_url)
            if url is not None:
                return ListApi(url, "script")
    return None


def _attribute_api(tree, base_url: str) -> ListApi | None:
    for el in tree.iter(*_CONTAINER_TAGS, "main", "article"):
        if _has_content(el, rows_only=True):
            continue
        for attribute in _API_ATTRIBUTES:
            value = (el.get(attribute) or "").strip()
            if not value or value.startswith(("javascript:", "#")):
                continue
            if not _looks_like_data_address(value, attribute):
                continue
            url = try_normalize(value, base_url)
            if url is not None:
                return ListApi(url, attribute)
    return None


def needs_script(doc: Doc) -> bool:
    """True for a page whose scripts (inline, in a separate file, or a framework bundle) load
    data into an empty list container (or a "加载中" placeholder), or whose list container
    names a data address: a parser sees nothing there, a browser sees the list."""
    tree = as_tree(doc)
    if framework_mount(tree):
        return True
    empty = [el for el in tree.iter(*_CONTAINER_TAGS) if not _in_chrome(el) and _empty_container(el)]
    if any(_names_api(el) for el in empty):
        return True
    inline = scripts_load_data(tree)
    external = bool(list_scripts(tree))
    if not (inline or external):
        return False
    body = tree.find("body")
    text = visible_text(body if body is not None else tree)
    if any(word in text for word in _LOADING_WORDS):
        return True
    return bool(empty)


def _names_api(el) -> bool:
    return any((el.get(attribute) or "").strip() for attribute in _API_ATTRIBUTES)


def _looks_like_data_address(value: str, attribute: str) -> bool:
    """An address a list's data can come from: any address in ``data-api``; in the other
    attributes (also used for links and images) only one that reads like a data call."""
    if re.match(r"^[a-z][\w+.-]*:", value, re.I) and not value.lower().startswith(("http:", "https:")):
        return False
    if not re.match(r"^(?:https?://|/|\./|\.\./|[\w-]+[/.])", value):
        return False
    if attribute == "data-api":
        return True
    return bool(_DATA_PATH.search(urlsplit(value).path + "?" + urlsplit(value).query))


def _in_chrome(el) -> bool:
    for node in el.iterancestors():
        if _NAV_WORDS.search(f"{node.get('id', '')} {node.get('class', '')}"):
            return True
    return False


def _marker(el) -> str:
    return f"{el.get('id', '')} {el.get('class', '')}"


def _has_content(el, rows_only: bool = False) -> bool:
    if rows_only:
        return any(is_element(child) and child.tag in ("li", "tr", "dd", "a", "article")
                   for child in el.iter() if child is not el)
    return any(is_element(child) for child in el) or bool((el.text or "").strip())


def _empty_container(el) -> bool:
    # An empty list or table body is waiting for rows whatever its name; a div only when
    # its name says it holds a list (or it names the data address).
    if el.tag in ("div", "section", "table") and not (
            _CONTAINER_WORDS.search(_marker(el)) or _names_api(el)):
        return False
    return not _has_content(el)
