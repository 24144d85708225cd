"""Collects a site's routes while the families and the planted traps add pages to it."""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlsplit

from govpatrol.demosite.generated.content import Identity
from govpatrol.demosite.generated.site import HTML, JSON, PORT_MARK, Dynamic, Resource, Route, route_key
from govpatrol.demosite.generated.template import Template


class Routes:
    """host -> route key -> answer; adding the same address twice is a generator bug."""

    def __init__(self) -> None:
        self.table: dict[str, dict[str, Route]] = {}

    def add(self, host: str, address: str, route: Route) -> None:
        parts = urlsplit(address)
        key = route_key(parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True)))
        hosted = self.table.setdefault(host.lower(), {})
        if key in hosted:
            raise ValueError(f"{host}{key} defined twice")
        hosted[key] = route

    def has(self, host: str, address: str) -> bool:
        parts = urlsplit(address)
        key = route_key(parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True)))
        return key in self.table.get(host.lower(), {})


@dataclass
class Context:
    """What every family and trap needs to add pages to the main host."""

    rng: random.Random
    tpl: Template
    site: Identity
    routes: Routes
    nav: list[tuple[str, str]] = field(default_factory=list)
    footer: str = ""
    encoding: str = "utf-8"  # old ASP sites serve gb2312-labelled GBK

    def encode(self, html: str) -> Resource:
        """An HTML page in the site's encoding, labelled in the header and in a meta tag."""
        if self.encoding == "utf-8":
            return Resource(html.encode("utf-8"), 200, HTML)
        html = html.replace('<meta charset="utf-8">',
                            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', 1)
        return Resource(html.encode("gbk", "xmlcharrefreplace"), 200, "text/html; charset=gb2312")

    @property
    def host(self) -> str:
        return self.site.domain

    def page(self, address: str, html: str, status: int = 200) -> None:
        """A page at a path of the main host, or at an absolute URL of another served host; on
        another host, root-relative links (the shared header and footer) point to the main host."""
        host = self.host
        if address.startswith("http"):
            parts = urlsplit(address.replace(PORT_MARK, ""))
            host, address = parts.hostname, address.split(PORT_MARK, 1)[1]
            if host != self.host:
                main = f"http://{self.host}{PORT_MARK}/"
                html = re.sub(r'((?:href|src|action)=["\'])/(?!/)', lambda m: m.group(1) + main, html)
        self.routes.add(host, address, replace(self.encode(html), status=status))

    def json(self, address: str, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.routes.add(self.host, address, Resource(body, 200, JSON))

    def file(self, address: str, body: bytes, content_type: str) -> None:
        self.routes.add(self.host, address, Resource(body, 200, content_type))

    def dynamic(self, address: str, route: Dynamic) -> None:
        self.routes.add(self.host, address, route)
