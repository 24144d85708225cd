"""Lists served as JSON by an API (the data a page's script draws its rows from).

Field names differ from platform to platform, so a reply is read by meaning: the records are
the largest array of objects that carry a title; each record's title, link and date come from
the keys whose names say so; paging comes from the reply's own total / page-size / page-count
/ current-page fields, whatever they are called, and later pages are asked for with the page
key the address or the reply uses (``page``, ``pageNo``, ``pageNum`` …, or ``start``/``offset``
with the page size).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawlers.extract.dates import parse_date
from crawlers.extract.mailbox import MessageRow, label_field
from crawlers.extract.rows import ListEntry
from crawlers.jsonvalues import json_int
from crawlers.urls import try_normalize

MAX_API_PAGES = 500
CHINA = timezone(timedelta(hours=8))

_TITLE_KEYS = ("title", "name", "subject", "doctitle", "articletitle", "topic", "bt", "mailtitle",
               "lettertitle", "infotitle", "newstitle", "maintitle", "wjmc")
_URL_KEYS = ("url", "link", "href", "docurl", "articleurl", "detailurl", "pageurl", "linkurl",
             "handleurl", "path", "infourl", "newsurl", "fileurl")
_DATE_WORDS = ("publish", "pubdate", "pub_time", "pubtime", "release", "date", "time", "ptime",
               "created", "rq", "fbsj", "fwrq", "ctime")
_DATE_PREFERRED = ("publish", "pub", "release", "display", "fbsj", "fwrq", "date")
_SENT_KEYS = ("sendtime", "senddate", "createtime", "createdate", "submittime", "submitdate",
              "asktime", "askdate", "writetime", "lettertime", "letterdate", "lxsj", "tjsj",
              "questiontime", "posttime")
_REPLY_KEYS = ("replytime", "replydate", "answertime", "answerdate", "handletime", "finishtime",
               "hfsj", "dfsj", "replyat", "answeredat", "backtime")
_NUMBER_KEYS = ("number", "no", "code", "bh", "letterno", "serialno", "serial", "mailno",
                "querycode", "sn", "letternumber", "mailnumber")
_STATUS_KEYS = ("status", "state", "statusname", "statename", "handlestatus", "blzt", "zt")
_UNIT_KEYS = ("replyunit", "unit", "dept", "department", "handleunit", "deptname", "unitname",
              "hfdw", "bldw")
_TOTAL_KEYS = ("total", "totalcount", "totalrecord", "totalrecords", "recordcount", "totalelements",
               "totalnum", "totalsize", "rowcount", "records", "count", "totalrow", "totalrows")
_SIZE_KEYS = ("pagesize", "size", "limit", "perpage", "per_page", "rows", "pagerows", "page_size",
              "pagecount_size", "numperpage", "length")
_PAGES_KEYS = ("pages", "totalpage", "totalpages", "pagecount", "pagetotal", "page_count",
               "totalpagenum", "total_pages", "pagenums", "maxpage")
_CURRENT_KEYS = ("page", "pageno", "pagenum", "current", "currentpage", "pageindex", "curpage",
                 "page_no", "currpage", "pagenumber", "page_index", "cur_page", "currentpageindex")
_NEXT_KEYS = ("hasnext", "hasnextpage", "nextpage", "hasmore", "more")
_LAST_KEYS = ("islastpage", "lastpage", "last", "end", "isend")
_OFFSET_KEYS = ("start", "offset", "startrecord", "from", "skip", "begin")


def _norm(key: str) -> str:
    return re.sub(r"[\s_-]", "", str(key)).lower()


(_TITLE_KEYS, _URL_KEYS, _SENT_KEYS, _REPLY_KEYS, _NUMBER_KEYS, _STATUS_KEYS, _UNIT_KEYS, _TOTAL_KEYS,
 _SIZE_KEYS, _PAGES_KEYS, _CURRENT_KEYS, _OFFSET_KEYS, _NEXT_KEYS, _LAST_KEYS) = (
    tuple(dict.fromkeys(_norm(k) for k in keys)) for keys in (
        _TITLE_KEYS, _URL_KEYS, _SENT_KEYS, _REPLY_KEYS, _NUMBER_KEYS, _STATUS_KEYS, _UNIT_KEYS,
        _TOTAL_KEYS, _SIZE_KEYS, _PAGES_KEYS, _CURRENT_KEYS, _OFFSET_KEYS, _NEXT_KEYS, _LAST_KEYS))


@dataclass
class ApiPage:
    """One reply of a list API: its records and what it says about paging."""

    records: list[dict] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    total: int | None = None
    page_size: int | None = None
    pages: int | None = None
    page: int | None = None
    page_key: str | None = None  # the reply's own name for the current page
    has_next: bool | None = None  # the reply says whether another page follows

    @property
    def page_count(self) -> int | None:
        if self.pages is not None:
            return self.pages
        size = self.page_size or (len(self.records) if self.records else None)
        if self.total is not None and size:
            return max(1, math.ceil(self.total / size))
        return None


def load_json(text: str | bytes) -> Any:
    """The JSON value of an API reply (also JSONP ``callback({...})``); None when it is not JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = (text or "").strip().lstrip("\ufeff")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    wrapped = re.match(r"^[\w.$]+\s*\((.*)\)\s*;?\s*$", text, re.S)
    if wrapped:
        try:
            return json.loads(wrapped.group(1))
        except ValueError:
            return None
    return None


def parse_api_reply(text: str | bytes, base_url: str, as_of: date | None) -> ApiPage | None:
    """The records of a list API reply and its paging fields; None when the reply is not a
    JSON list of titled records (an error page, HTML, an empty object)."""
    value = load_json(text)
    if value is None:
        return None
    found = _records(value, [])
    if found is None:
        if _paging_holder(value) is not None:
            page = ApiPage()
            _read_paging(page, [value])
            return page  # a well-formed reply with no records: an empty list
        return None
    records, holders = found
    page = ApiPage(records=records)
    _read_paging(page, holders)
    page.entries = [_entry(record, base_url, as_of) for record in records]
    return page


def api_page_urls(api_url: str, first: ApiPage) -> list[str]:
    """Addresses of pages 2..N of the list whose first reply is ``first``."""
    count = first.page_count
    if count is None or count <= 1:
        return []
    return [api_page_url(api_url, first, number)
            for number in range(2, min(count, MAX_API_PAGES) + 1)]


def api_page_url(api_url: str, first: ApiPage, number: int) -> str:
    """The address of page ``number``, written like the first page's address: its own page
    key changed, or its offset moved on by the page size, or the reply's page key added."""
    parts = urlsplit(api_url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    size = first.page_size or len(first.records) or len(first.entries) or 1
    current = next((k for k, _ in params if _norm(k) in _CURRENT_KEYS), None)
    offset = next((k for k, _ in params if _norm(k) in _OFFSET_KEYS), None)
    if current is not None:
        new = [(k, str(number) if k == current else v) for k, v in params]
    elif offset is not None:
        start = (json_int(dict(params)[offset]) or 0) + (number - 1) * size
        new = [(k, str(start) if k == offset else v) for k, v in params]
    else:
        new = params + [(first.page_key or "page", str(number))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(new), ""))


def looks_like_letters(records: list[dict]) -> bool:
    """Records of public messages: they carry a sent time and a reply time or status."""
    if not records:
        return False
    keys = {_norm(k) for record in records[:5] for k in record}
    sent = any(_matches(k, _SENT_KEYS) or label_field(k) == "sent" for k in keys)
    answer = any(_matches(k, _REPLY_KEYS + _STATUS_KEYS) or label_field(k) in ("replied", "status")
                 for k in keys)
    return sent and answer


def api_messages(records: list[dict], base_url: str, as_of: date | None) -> list[MessageRow]:
    """Public messages from API records (number, title, sent, status, reply time, unit)."""
    rows = []
    for record in records:
        flat = {_norm(k): v for k, v in record.items()}
        chinese = {label_field(k): v for k, v in record.items() if label_field(k)}

        def pick(keys: tuple[str, ...], label: str) -> Any:
            for key in keys:
                if flat.get(key) not in (None, ""):
                    return flat[key]
            return chinese.get(label)

        link = pick(_URL_KEYS, "url")
        rows.append(MessageRow(
            number=_text(pick(_NUMBER_KEYS, "number")),
            title=_text(pick(_TITLE_KEYS, "title")),
            url=try_normalize(str(link), base_url) if isinstance(link, str) and link.strip() else None,
            sent=_date(pick(_SENT_KEYS, "sent"), as_of) or _record_date(
                {k: v for k, v in record.items() if _norm(k) not in _REPLY_KEYS
                 and label_field(k) != "replied"}, as_of)[0],
            status=_text(pick(_STATUS_KEYS, "status")),
            replied=_date(pick(_REPLY_KEYS, "replied"), as_of),
            reply_unit=_text(pick(_UNIT_KEYS, "reply_unit"))))
    return rows


# ---- records ---------------------------------------------------------------------------------

def _records(value: Any, trail: list[dict]) -> tuple[list[dict], list[dict]] | None:
    """The largest array of titled objects in ``value`` and the objects around it (innermost
    first), which hold its paging fields."""
    best: tuple[list[dict], list[dict]] | None = None
    if isinstance(value, list):
        objects = [item for item in value if isinstance(item, dict)]
        if objects and sum(1 for item in objects if _title_of(item)) * 2 >= len(objects):
            best = (objects, list(reversed(trail)))
    elif isinstance(value, dict):
        for child in value.values():
            if isinstance(child, (dict, list)):
                found = _records(child, trail + [value])
                if found is not None and (best is None or len(found[0]) > len(best[0])):
                    best = found
    return best


def _paging_holder(value: Any) -> dict | None:
    if isinstance(value, dict):
        if any(_norm(k) in _TOTAL_KEYS + _PAGES_KEYS for k in value):
            return value
        for child in value.values():
            found = _paging_holder(child)
            if found is not None:
                return found
    return None


def _read_paging(page: ApiPage, holders: list[dict]) -> None:
    # Paging objects nested beside the records ({"data": [...], "page": {"total": …}}) count too.
    scopes: list[dict] = []
    for holder in holders:
        scopes.append(holder)
        scopes.extend(v for v in holder.values() if isinstance(v, dict))
    for scope in scopes:
        for key, value in scope.items():
            name = _norm(key)
            if isinstance(value, bool) and page.has_next is None:
                if name in _NEXT_KEYS:
                    page.has_next = value
                elif name in _LAST_KEYS:
                    page.has_next = not value
            number = json_int(value)
            if number is None:
                continue
            if name in _TOTAL_KEYS and page.total is None:
                page.total = number
            elif name in _SIZE_KEYS and page.page_size is None and number > 0:
                page.page_size = number
            elif name in _PAGES_KEYS and page.pages is None:
                page.pages = number
            elif name in _CURRENT_KEYS and page.page is None:
                page.page, page.page_key = number, key


def _entry(record: dict, base_url: str, as_of: date | None) -> ListEntry:
    title = _title_of(record)
    link = _first(record, _URL_KEYS)
    url = try_normalize(link, base_url) if isinstance(link, str) and link.strip() else None
    day, text = _record_date(record, as_of)
    return ListEntry(title, url, day, text)


def _title_of(record: dict) -> str | None:
    value = _first(record, _TITLE_KEYS)
    if value is None:
        value = next((v for k, v in record.items() if label_field(k) == "title"), None)
    return _text(value)


def _record_date(record: dict, as_of: date | None) -> tuple[date | None, str | None]:
    candidates = [(k, v) for k, v in record.items()
                  if any(word in _norm(k) for word in _DATE_WORDS) or "日期" in k or "时间" in k]
    candidates.sort(key=lambda kv: not any(word in _norm(kv[0]) for word in _DATE_PREFERRED))
    for _, value in candidates:
        day = _date(value, as_of)
        if day is not None:
            return day, day.isoformat() if not isinstance(value, str) else value
    return None, None


def _date(value: Any, as_of: date | None) -> date | None:
    if value is None or isinstance(value, bool):
        return None
    number = value if isinstance(value, (int, float)) else (
        int(value) if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9
        else None)
    if number is not None:
        seconds = number / 1000 if number > 1e11 else number
        if seconds < 1e8:
            return None
        return datetime.fromtimestamp(seconds, CHINA).date()
    return parse_date(str(value), as_of)


def _first(record: dict, keys: tuple[str, ...]) -> Any:
    flat = {_norm(k): v for k, v in record.items()}
    for key in keys:
        value = flat.get(key)
        if value not in (None, ""):
            return value
    return None


def _matches(key: str, keys: tuple[str, ...]) -> bool:
    return key in keys


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None
