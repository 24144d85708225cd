"""The hand-checked facts of the real saved pages, as (page, fact name, expected value) rows,
and the comparison of one fact with what ``govpatrol page`` printed.

Facts come from ../shared/realpages/README.md (three pages, written out here) and
../shared/realpages/extra/facts.json (read as it is). A fact recorded as null where the README
says it is ambiguous (a 找错 link without the widget) is not a fact and is left out.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from tests.support.realpages import REALPAGES

# facts.json kinds -> SPEC §6 kinds: a 信息公开 page is an article with a metadata box.
KINDS = {"homepage": "homepage", "list": "column", "disclosure": "article", "article": "article"}
AS_OF = "2026-11-30"


@dataclass(frozen=True)
class Fact:
    page: str  # file name below REALPAGES
    url: str | None
    name: str  # e.g. "title", "identity.icp", "items"
    expected: Any

    @property
    def id(self) -> str:
        return f"{self.page}:{self.name}"


def _readme_facts() -> list[Fact]:
    hanweb = ("hanweb-article-zj-fgw.html", "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html")
    trs = ("trs-article-shanxi.html", "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml")
    wechat = ("wechat-article.html", "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=x")
    rows = [
        (hanweb, "kind", "article"),
        (hanweb, "title", "1-10月德清县固定资产投资结构趋稳趋优"),
        (hanweb, "published", "2016-11-22 09:53"),
        (hanweb, "column.name", "投资运行"),
        (hanweb, "identity.site_code", "3300000020"),
        (hanweb, "identity.icp", "浙ICP备05018911号"),
        (hanweb, "identity.police", "浙公网安备 33010602009328号"),
        (hanweb, "identity.jiucuo", True),
        (hanweb, "jiucuo_site_code", "3300000020"),
        (trs, "kind", "article"),
        (trs, "title", "山西品牌丝路行（南美站）正式启动"),
        (trs, "published", "2019-09-18 06:23"),
        (trs, "column.name", "山西要闻"),
        (trs, "source", "山西日报"),
        (trs, "identity.site_code", "1400000045"),
        (trs, "identity.icp", "晋ICP备12000773号"),
        (trs, "identity.police", "晋公网安备 14010502050691号"),
        (trs, "identity.jiucuo", True),
        (trs, "paging", {"kind": "trs-createPageHTML", "pages": []}),
        (wechat, "account", "爱否科技"),
        (wechat, "published", "2020-02-12 22:17:54"),
    ]
    return [Fact(page, url, name, value) for (page, url), name, value in rows]


def _extra_facts() -> list[Fact]:
    found: list[Fact] = []
    for entry in json.loads((REALPAGES / "extra" / "facts.json").read_text(encoding="utf-8")):
        page, url = "extra/" + entry["file"], entry["url"]

        def add(name: str, value: Any) -> None:
            found.append(Fact(page, url, name, value))

        add("kind", KINDS[entry["kind"]])
        add("title", entry["title"])
        add("published", entry["published"])
        for key, value in entry["footer"].items():
            if value is not None:  # null: ambiguous on that page, so no fact
                add(f"identity.{key}", value)
        disclosure = entry["disclosure"]
        if disclosure is None:
            add("disclosure", None)
        else:
            for key, value in disclosure.items():
                add(f"disclosure.{key}", value)
        add("items", [(item["title"], item["date"]) for item in entry["list_items"]])
        if entry["pager"] == "none":
            add("paging.kind", "none")
        elif "countPage" in entry["pager"]:
            # The saved page's address is unknown, so the count stands for the page names.
            add("paging.total", {"kind": "countPage", "total_pages": 2})
        add("messages", entry["messages"])
    return found


def all_facts() -> list[Fact]:
    return _readme_facts() + _extra_facts()


def squash(text: Any) -> Any:
    return re.sub(r"\s+", " ", text).strip() if isinstance(text, str) else text


def actual(facts: dict, name: str) -> Any:
    """The value ``govpatrol page`` printed for a fact name, in the fact's own shape."""
    if name == "items":
        return [(squash(item["title"]), item["date"]) for item in facts["items"]]
    if name == "paging":
        paging = facts["paging"]
        pages = paging["pages"]
        return {"kind": paging["kind"], "pages": len(pages) if pages else []}
    if name == "paging.total":
        return {"kind": facts["paging"]["kind"], "total_pages": facts["paging"].get("total_pages")}
    if name == "jiucuo_site_code":
        match = re.search(r"site_code=(\w+)", facts["identity"].get("jiucuo_url") or "")
        return match.group(1) if match else None
    value: Any = facts
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return squash(value)


def matches(fact: Fact, facts: dict) -> bool:
    got = actual(facts, fact.name)
    expected = fact.expected
    if fact.name == "items":
        expected = [(squash(title), day) for title, day in expected]
    if fact.name == "paging" and isinstance(expected.get("pages"), list):
        return got == {"kind": expected["kind"], "pages": []}
    if fact.name == "published" and isinstance(expected, str) and isinstance(got, str):
        # A fact written to the day is met by a value that adds the time of day.
        return got == expected or (len(expected) == 10 and got[:10] == expected)
    return got == squash(expected)
