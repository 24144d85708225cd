"""A generated site as plain data: hosts, their routes (path -> response) and the truth.

Absolute URLs inside pages and in the truth carry ``PORT_MARK`` after the host name of every
served host; the server replaces it with ``:<port>`` when it answers, so a site is the same
value whatever port it is served on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Mapping
from urllib.parse import unquote_plus, urlencode

HTML = "text/html; charset=utf-8"
JSON = "application/json;charset=UTF-8"
JS = "application/javascript; charset=utf-8"
PORT_MARK = "__PORT__"


@dataclass(frozen=True)
class Resource:
    """One answer. ``head_status`` answers HEAD requests differently (servers that refuse HEAD)."""

    body: bytes = b""
    status: int = 200
    content_type: str = HTML
    headers: tuple[tuple[str, str], ...] = ()
    head_status: int | None = None


@dataclass(frozen=True)
class Dynamic:
    """An answer computed from the request's parameters (range and page APIs).

    ``answer`` is a module-level function of (data, params), so two generated sites compare
    equal when their data do.
    """

    answer: Callable[[tuple, Mapping[str, str]], Resource]
    data: tuple

    def __call__(self, params: Mapping[str, str]) -> Resource:
        return self.answer(self.data, params)


Route = Resource | Dynamic


def route_key(path: str, params: Mapping[str, str] | None = None) -> str:
    """``path`` plus its query parameters in sorted order (the order a link wrote them in is lost)."""
    if not params:
        return path
    return f"{path}?{urlencode(sorted(params.items()))}"


@dataclass(frozen=True)
class Expect:
    """A finding the audit must report (or, among decoys, must not)."""

    check: str
    url: str  # absolute, PORT_MARK after served hosts; a message without its own page: list#number
    severity: str = ""
    note: str = ""


@dataclass(frozen=True)
class ColumnFact:
    url: str
    name: str
    category: str
    items: int
    latest: date | None
    new_last_7_days: int
    how: str  # how its list is served: markup, island+proxy, json-api, script-file, data-api …


@dataclass
class Truth:
    as_of: date
    findings: list[Expect] = field(default_factory=list)
    decoys: list[Expect] = field(default_factory=list)
    columns: list[ColumnFact] = field(default_factory=list)
    verdict: str = "pass"
    reasons: list[str] = field(default_factory=list)


@dataclass
class Site:
    seed: int
    family: str
    home: str  # the homepage URL (with PORT_MARK)
    served_hosts: tuple[str, ...]  # names the local DNS answers with 127.0.0.1 and ::1
    dead_hosts: tuple[str, ...]  # names linked from pages that no DNS server knows
    routes: dict[str, dict[str, Route]]  # host -> route_key -> answer
    truth: Truth
    template: dict[str, str] = field(default_factory=dict)  # the randomised choices, for reading
    plan: object = None  # which problems were planted (build.Plan)

    def lookup(self, host: str, path: str, params: Mapping[str, str]) -> Route | None:
        """The route for a request: exact path and parameters first, then the route on that
        path whose own parameters the request all carries (extra ones are ignored, as real
        servers ignore them), the most specific first."""
        table = self.routes.get(host.lower())
        if table is None:
            return None
        exact = table.get(route_key(path, params))
        if exact is not None:
            return exact
        best: tuple[int, Route] | None = None
        for key, route in table.items():
            base, _, query = key.partition("?")
            if base != path:
                continue
            wanted = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
            wanted = {k: unquote_plus(v) for k, v in wanted.items()}
            if all(params.get(k) == v for k, v in wanted.items()):
                if best is None or len(wanted) > best[0]:
                    best = (len(wanted), route)
        return best[1] if best else None

    @property
    def page_count(self) -> int:
        return sum(len(table) for table in self.routes.values())


def with_port(url: str, port: int) -> str:
    """A truth or page URL as served on ``port``."""
    return url.replace(PORT_MARK, f":{port}")
