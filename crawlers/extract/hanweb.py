"""Hanweb (大汉) and its JACT mailboxes: the formats their list pages load their rows in.

- A Hanweb column page carries its first list page in a ``<script type="text/xml">`` data
  island (``<datastore><recordset><record><![CDATA[<li>…</li>]]></record>``), which a plain
  HTML parser sees only as script text; its later pages come from ``dataproxy.jsp``, asked
  by POST for a range of records, whose reply is the same XML. ``find_hanweb_proxy`` reads
  the call from the page's ``jpage`` script or ``<nextgroup>`` link, ``parse_proxy_total``
  the total a reply states, ``parse_hanweb_records`` the rows of an island or a reply.
- A JACT mailbox list (``mailpublist.do``) asks ``dataproxy_mailpublist.do`` for its
  messages, a group of pages at a time; the reply (or the page's own script) holds
  ``dataStore = ['<tr>…</tr>', …]``. ``find_jact_proxy`` reads the call,
  ``parse_jact_datastore`` the messages.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from checks.replies import is_mailbox_status_answered
from crawlers.extract.dates import parse_date
from crawlers.extract.dom import as_tree, is_element, squash, visible_text
from crawlers.extract.mailbox import (
    MessageRow, first_link, header_fields, row_cells, row_from_cells,
)
from crawlers.extract.paging import MAX_PAGES
from crawlers.extract.rows import ROW_TAGS, ListEntry, read_row
from crawlers.urls import try_normalize

_RECORD = re.compile(r"<record\b[^>]*>(.*?)</record>", re.S | re.I)
_CDATA = re.compile(r"^\s*<!\[CDATA\[(.*)\]\]>\s*$", re.S)


# ---- data islands and dataproxy.jsp replies -------------------------------------------------

def is_island(script: HtmlElement) -> bool:
    """A script element that holds a data island rather than code."""
    text = script.text or ""
    return "<datastore" in text.lower() or (
        "xml" in (script.get("type") or "").lower() and "<record" in text.lower())


def island_texts(tree: HtmlElement) -> list[str]:
    """The XML of every data island of a page."""
    return [script.text or "" for script in tree.iter("script") if is_island(script)]


def _record_row(fragment: str) -> HtmlElement | None:
    """The row element one record holds (a ``<li>``, a ``<tr>`` …), or the wrapper of its
    markup when it holds several elements."""
    fragment = fragment.strip()
    if not fragment:
        return None
    parent = "table" if re.match(r"<t[rd]\b", fragment, re.I) else "div"
    try:
        wrapper = lxml.html.fragment_fromstring(fragment, create_parent=parent)
    except (lxml.etree.ParserError, ValueError):
        return None
    children = [child for child in wrapper if is_element(child)]
    if len(children) == 1 and children[0].tag in ROW_TAGS:
        return children[0]
    return wrapper


def parse_hanweb_records(xml_text: str, base_url: str, as_of: date | None) -> list[ListEntry]:
    """Rows of a Hanweb data island or ``dataproxy.jsp`` reply, in record order."""
    entries: list[ListEntry] = []
    for raw in _RECORD.findall(xml_text or ""):
        cdata = _CDATA.match(raw)
        fragment = cdata.group(1) if cdata else html_lib.unescape(raw)
        row_element = _record_row(fragment)
        if row_element is None:
            continue
        row = read_row(row_element, base_url, as_of)
        if row is not None and (row.href or row.match) and not row.is_nav:
            entries.append(row.entry())
    return entries


def has_records(xml_text: str) -> bool:
    """Whether an island (or a reply) holds any record at all."""
    return _RECORD.search(xml_text or "") is not None


# ---- dataproxy.jsp calls ---------------------------------------------------------------------

@dataclass(frozen=True)
class ProxyRequest:
    url: str
    method: str
    formdata: dict[str, str]


@dataclass
class HanwebProxy:
    """What a Hanweb ``jpage`` list needs to fetch its later records from dataproxy.jsp."""

    proxy_url: str
    columnid: str
    unitid: str | None = None
    webid: str | None = None
    path: str = "/"
    webname: str = ""
    perpage: int = 15
    total_record: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    group_size: int = 3  # list pages per call, as the jpage script asks for them

    def requests(self, start_after: int) -> list[ProxyRequest]:
        """POST calls for the records after the first ``start_after`` (the island's).

        Without a known total only the next group is asked for; its reply carries
        ``totalrecord`` (see ``parse_proxy_total``) for the rest.
        """
        per = max(self.perpage, 1)
        span = per * max(self.group_size, 1)
        limit = self.total_record if self.total_record is not None else start_after + span
        limit = min(limit, MAX_PAGES * per)
        calls = []
        start = start_after + 1
        while start <= limit:
            end = min(start + span - 1, limit)
            url = f"{self.proxy_url}?startrecord={start}&endrecord={end}&perpage={per}"
            calls.append(ProxyRequest(url, "POST", self.formdata()))
            start = end + 1
        return calls

    def learn_total(self, reply: str) -> bool:
        """A first call made without the total learns it from the reply: True when it did,
        so that ``requests`` now reaches every record (calls already made are asked again
        only by their key, which the spider skips)."""
        total = parse_proxy_total(reply)
        if total is None or self.total_record is not None:
            return False
        self.total_record = total
        return True

    def formdata(self) -> dict[str, str]:
        form = {"col": "1", "appid": "1", "webid": self.webid or "", "path": self.path,
                "columnid": self.columnid, "sourceContentType": "1",
                "unitid": self.unitid or "", "webname": self.webname, "permissiontype": "0"}
        form.update(self.extra)
        return {key: value for key, value in form.items() if value is not None}


_NEXTGROUP = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</nextgroup>", re.S | re.I)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_CONFIG_PAIR = re.compile(
    r"""\b(?P<key>[A-Za-z_]\w*)\s*:\s*(?:'(?P<q1>[^']*)'|"(?P<q2>[^"]*)"|(?P<bare>[\w./-]+))""")
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_NAMED_FIELDS = {"columnid", "unitid", "webid", "path", "webname", "perpage", "totalrecord",
                 "proxyurl", "groupsize", "page", "startrecord", "endrecord"}
_FORM_KEYS = {"col", "appid", "sourcecontenttype", "permissiontype"}


def find_hanweb_proxy(html: str, url: str) -> HanwebProxy | None:
    """The dataproxy parameters of a Hanweb list page, or None when it has no such list."""
    params: dict[str, str] = {}
    proxy_path: str | None = None
    nextgroup = _NEXTGROUP.search(html or "")
    if nextgroup:
        href = _HREF.search(nextgroup.group(1))
        if href:
            link = html_lib.unescape(href.group(1))
            proxy_path = urlsplit(link).path or None
            params.update({k.lower(): (k, v) for k, v in parse_qsl(urlsplit(link).query,
                                                                  keep_blank_values=True)})
    config = _script_config(html or "")
    for key, value in config.items():
        params.setdefault(key.lower(), (key, value))
    proxy_path = _value(params, "proxyurl") or proxy_path
    columnid = _value(params, "columnid")
    if not proxy_path or not columnid:
        return None
    total = _value(params, "totalrecord")
    if total is None:
        island_total = _TOTAL_RECORD.search(html or "")
        total = island_total.group(1) if island_total else None
    extra = {original: value for lowered, (original, value) in params.items()
             if lowered in _FORM_KEYS}
    return HanwebProxy(
        proxy_url=try_normalize(proxy_path, url) or urljoin(url, proxy_path),
        columnid=columnid,
        unitid=_value(params, "unitid"),
        webid=_value(params, "webid"),
        path=_value(params, "path") or "/",
        webname=_value(params, "webname") or "",
        perpage=_int(_value(params, "perpage"), 15),
        total_record=_int(total, None),
        extra=extra,
        group_size=_int(_value(params, "groupsize"), 3),
    )


def parse_proxy_total(xml_text: str) -> int | None:
    """``<totalrecord>`` of a dataproxy reply."""
    match = _TOTAL_RECORD.search(xml_text or "")
    return int(match.group(1)) if match else None


def _script_config(html: str) -> dict[str, str]:
    """key: value pairs of the jpage script configuration (outside the XML island)."""
    config: dict[str, str] = {}
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I):
        if "<datastore" in script.lower():
            continue
        if not re.search(r"proxyUrl|dataproxy|totalRecord", script, re.I):
            continue
        for match in _CONFIG_PAIR.finditer(script):
            value = match["q1"] if match["q1"] is not None else (
                match["q2"] if match["q2"] is not None else match["bare"])
            config.setdefault(match["key"], value)
    return config


def _value(params: dict[str, tuple[str, str]], key: str) -> str | None:
    found = params.get(key)
    return found[1] if found and found[1] != "" else None


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---- JACT mailboxes --------------------------------------------------------------------------

JACT_COLUMNS = ("number", "title", "status", "sent", "ignored")
_DATASTORE = re.compile(r"\bdataStore\s*=\s*\[")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def parse_jact_datastore(text: str, base_url: str, as_of: date) -> list[MessageRow]:
    """Rows of every ``dataStore = [...]`` in a JACT dataproxy reply or a page's inline script.

    Cells follow ``JACT_COLUMNS`` (编号, 标题, 办结状态, 日期, 点击数) unless a header row, in the
    data or in the page around it, names them. ``dataStore = [];`` gives [].
    """
    fragments: list[str] = []
    for match in _DATASTORE.finditer(text or ""):
        fragments.extend(_js_strings_until_bracket(text, match.end()))
    if not fragments:
        return []
    fields: list[str] | tuple[str, ...] | None = _page_header(text)
    rows: list[MessageRow] = []
    for fragment in fragments:
        for tr in _fragment_rows(fragment):
            header = header_fields(tr)
            if header is not None:
                fields = header
                continue
            cells = row_cells(tr)
            if len(cells) < 2:
                continue
            order = fields or (JACT_COLUMNS if len(cells) == len(JACT_COLUMNS)
                               else _guess_fields(cells, as_of))
            row = row_from_cells(cells, order, base_url, as_of)
            if row is not None:
                rows.append(row)
    return rows


def _js_strings_until_bracket(text: str, start: int) -> list[str]:
    """The string literals of a JavaScript array literal whose body begins at ``start``."""
    strings: list[str] = []
    i, n = start, len(text)
    while i < n:
        char = text[i]
        if char == "]":
            break
        if char in "\"'":
            value, i = _js_string(text, i)
            strings.append(value)
            continue
        i += 1
    return strings


def _js_string(text: str, start: int) -> tuple[str, int]:
    quote, out, i = text[start], [], start + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\" and i + 1 < len(text):
            code = text[i + 1]
            if code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2:i + 6]):
                out.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            if code == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
                out.append(chr(int(text[i + 2:i + 4], 16)))
                i += 4
                continue
            out.append(_ESCAPES.get(code, code))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out), len(text)


def _fragment_rows(fragment: str) -> list[HtmlElement]:
    try:
        table = lxml.html.fragment_fromstring(f"<table>{fragment}</table>")
    except (lxml.etree.ParserError, ValueError):
        return []
    return [tr for tr in table.iter("tr")]


def _page_header(text: str) -> list[str] | None:
    """The header row of a message table in the HTML around an inline script."""
    if "<th" not in text.lower() and "<tr" not in text.lower():
        return None
    outside = re.sub(r"<script\b.*?</script>", "", text, flags=re.S | re.I)
    tree = as_tree(outside)
    for tr in tree.iter("tr"):
        fields = header_fields(tr)
        if fields is not None:
            return fields
    return None


def _guess_fields(cells: list[HtmlElement], as_of: date) -> list[str]:
    """Fields of a row with no header and an unusual cell count, read from the cell contents."""
    fields: list[str] = []
    for cell in cells:
        text = squash(visible_text(cell))
        if first_link(cell) is not None and "title" not in fields:
            fields.append("title")
        elif is_mailbox_status_answered(text) is not None and "status" not in fields:
            fields.append("status")
        elif parse_date(text, as_of) is not None and len(text) <= 20:
            fields.append("sent" if "sent" not in fields else "replied")
        elif re.fullmatch(r"[A-Za-z0-9-]{6,}", text) and "number" not in fields:
            fields.append("number")
        else:
            fields.append("ignored")
    return fields


MAX_JACT_GROUPS = 200  # data calls a mailbox is read through at most
# The search form every JACT list posts with its data call.
JACT_FORM_KEYS = ("sysid", "mailstate", "starttime", "endtime", "keyword", "orderfield", "groupid",
                  "querycode")


@dataclass
class JactProxy:
    """How a JACT list page asks ``dataproxy_mailpublist.do`` for its rows, a group at a time."""

    url: str  # the proxy URL without its query
    formdata: dict[str, str] = field(default_factory=dict)
    perpage: int = 15
    group_size: int = 3
    total: int | None = None  # records, when the page says

    @property
    def group_records(self) -> int:
        return max(self.perpage, 1) * max(self.group_size, 1)

    @property
    def groups(self) -> int | None:
        """Groups needed for ``total`` records (None when the total is not known)."""
        if self.total is None:
            return None
        return -(-self.total // self.group_records)

    def has_group(self, group: int) -> bool:
        """Whether group ``group`` (0-based) may hold records: below the total's groups when
        the page states a total, and below ``MAX_JACT_GROUPS`` always."""
        return group < MAX_JACT_GROUPS and (self.groups is None or group < self.groups)

    def request(self, group: int) -> ProxyRequest:
        """The POST for group ``group`` (0-based): records group*span+1 … (group+1)*span."""
        start = group * self.group_records + 1
        end = start + self.group_records - 1
        url = (f"{self.url}?startrecord={start}&endrecord={end}"
               f"&perpage={max(self.perpage, 1)}&groupSize={max(self.group_size, 1)}")
        form = {key: self.formdata.get(key, "") for key in JACT_FORM_KEYS}
        form.update({k: v for k, v in self.formdata.items() if k not in form})
        return ProxyRequest(url, "POST", form)


_JACT_PROXY_PATH = re.compile(r"""[\w./-]*dataproxy_mailpublist\.do""")
_JACT_CONFIG_PAIR = re.compile(
    r"""\b(?P<key>[A-Za-z_]\w*)\s*:\s*(?:'(?P<q1>[^']*)'|"(?P<q2>[^"]*)"|(?P<bare>-?\d+))""")


def find_jact_proxy(html: str, url: str) -> JactProxy | None:
    """The dataproxy call of a JACT list page (``mailpublist.do``), or None when it has none."""
    if not html or "dataproxy_mailpublist" not in html:
        return None
    config: dict[str, str] = {}
    proxy_path: str | None = None
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I):
        if "dataproxy_mailpublist" not in script and "jpage" not in script.lower():
            continue
        for match in _JACT_CONFIG_PAIR.finditer(script):
            value = next(v for v in (match["q1"], match["q2"], match["bare"]) if v is not None)
            config.setdefault(match["key"].lower(), value)
        path = _JACT_PROXY_PATH.search(script)
        if path and proxy_path is None:
            proxy_path = path.group(0)
    proxy_path = config.get("proxyurl") or proxy_path
    if not proxy_path:
        return None
    proxy_url = try_normalize(proxy_path.split("?", 1)[0], url)
    if proxy_url is None:
        return None
    form = _hidden_inputs(html)
    for key in JACT_FORM_KEYS:
        if key in config:
            form[key] = config[key]
    if not form.get("sysid"):
        query = dict(parse_qsl(urlsplit(url).query))
        form["sysid"] = query.get("sysid", "")
    return JactProxy(url=proxy_url, formdata={k: form.get(k, "") for k in JACT_FORM_KEYS},
                     perpage=_int(config.get("perpage"), 15),
                     group_size=_int(config.get("groupsize"), 3),
                     total=_int(config.get("totalrecord"), None))


def _hidden_inputs(html: str) -> dict[str, str]:
    tree = as_tree(html)
    found: dict[str, str] = {}
    for el in tree.iter("input"):
        name = (el.get("name") or el.get("id") or "").strip()
        if name in JACT_FORM_KEYS and el.get("type", "").lower() == "hidden":
            found.setdefault(name, el.get("value") or "")
    return found
