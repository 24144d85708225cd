"""``govpatrol page``: what the parsers read from one page (SPEC §6, ``govpatrol.page/1``).

A FILE is read as raw bytes with no network at all; a URL is fetched once through the chosen
resolver (the probe's HTTP client), or opened in Chromium with ``--render``.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit
from typing import Annotated, Optional

import typer
from rich.text import Text

from crawlers.browser import addresses_of, guard_requests, launch_browser
from crawlers.dns import NameResolver
from crawlers.extract.page import read_page
from crawlers.netpolicy import NetworkPolicy
from crawlers.probes.http import fetch
from crawlers.rendering import host_resolver_rules
from crawlers.urls import is_ip
from govpatrol.commands.common import (
    AsOf, BadInput, JsonOut, Nameservers, app, err, exit_codes, parse_as_of, parse_nameservers,
    parse_url, settings,
)
from reports.writers import write_text

FETCH_TIMEOUT = 30.0
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


class FetchFailed(Exception):
    """The page could not be fetched or rendered: exit status 1."""


@app.command()
def page(target: Annotated[str, typer.Argument(help="保存的网页文件，或网页网址")],
         url: Annotated[Optional[str], typer.Option(
             "--url", help="文件保存自的网址（相对链接与网址中的日期据此解析）")] = None,
         as_of: AsOf = None,
         render: Annotated[bool, typer.Option("--render", help="在浏览器中渲染后再读取（仅网址）")] = False,
         nameserver: Nameservers = None, json_out: JsonOut = "-") -> None:
    """显示解析器从一个网页读到的内容（与抓取时的读法完全相同）。"""
    with exit_codes():
        day = parse_as_of(as_of)
        path = Path(target)
        if "://" in target and url:
            raise BadInput("--url 只用于文件：网址本身就是网页的地址")
        if "://" not in target and render:
            raise BadInput("--render 只用于网址：文件不经网络读取")
        if "://" not in target and not path.exists():
            raise BadInput(f"文件不存在：{target}")
        try:
            if "://" not in target:
                if not path.is_file():
                    raise BadInput(f"不是文件：{target}")
                address = parse_url(url) if url else path.resolve().as_uri()
                facts = read_page(path.read_bytes(), address, as_of=day)
            else:
                address = _web_address(target)
                servers = parse_nameservers(nameserver)
                if render:
                    facts = _rendered(address, servers, day)
                else:
                    facts = _fetched(address, servers, day)
        except FetchFailed as exc:
            err.print(Text.assemble(("网页读取失败：", "red"), str(exc)))
            raise typer.Exit(1) from None
        except OSError as exc:
            raise BadInput(f"无法读取 {target}：{exc.strerror or exc}") from None
        _write(facts, json_out)


def _web_address(value: str) -> str:
    """A URL the resolver can look up: empty labels (``a..b``) or over-long names refused."""
    try:
        address = parse_url(value)
        host = urlsplit(address).hostname or ""
    except ValueError as exc:  # urllib's own refusals (an unclosed "[::1")
        raise BadInput(f"网址无效：{value}（{exc}）") from None
    if not is_ip(host):
        try:
            host.encode("idna")
        except UnicodeError:
            raise BadInput(f"网址的主机名无效：{host}") from None
    return address


def _fetched(address: str, nameservers: list[str], day) -> dict:
    result = fetch(address, family="any", resolver=NameResolver(tuple(nameservers)),
                   timeout=FETCH_TIMEOUT)
    if not result.ok:
        raise FetchFailed(f"{address}：{result.error}")
    charset = _CHARSET.search(result.content_type or "")
    return read_page(result.body, result.final_url or address, as_of=day,
                     declared_charset=charset.group(1) if charset else None)


def _rendered(address: str, nameservers: list[str], day) -> dict:
    resolver = NameResolver(tuple(nameservers))
    # The address asked for is trusted; whatever it leads the browser to is held to it.
    policy = NetworkPolicy.for_homepage(addresses_of(address, resolver),
                                        settings().allowed_networks)
    rules = host_resolver_rules(address, nameservers, policy)
    extra = [f"--host-resolver-rules={rules}"] if rules else []
    try:
        with launch_browser(extra) as browser:
            tab = browser.new_page()
            guard_requests(tab, policy, resolver, FETCH_TIMEOUT)
            response = tab.goto(address, wait_until="networkidle", timeout=FETCH_TIMEOUT * 1000)
            if response is None or response.status >= 400:
                status = response.status if response is not None else "无响应"
                raise FetchFailed(f"{address}：HTTP {status}")
            html, final = tab.content(), tab.url
    except FetchFailed:
        raise
    except Exception as exc:  # the browser is missing, crashed or timed out
        raise FetchFailed(f"{address}：浏览器渲染失败（{type(exc).__name__}: {exc}）"[:300]) from None
    return read_page(html.encode("utf-8"), final, as_of=day, declared_charset="utf-8",
                     rendered=True)


def _write(facts: dict, destination: str | None) -> None:
    text = json.dumps(facts, ensure_ascii=False, indent=2)
    if not destination or destination == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        write_text(destination, text + "\n")
    except OSError as exc:
        raise BadInput(f"无法写入 {destination}：{exc.strerror or exc}") from None
