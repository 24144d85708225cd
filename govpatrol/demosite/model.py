"""The content of a simulated CMS site: columns, their list entries and the articles behind them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Identity:
    """What a site's head meta block and footer say about it (reference §2, §11)."""

    name: str
    domain: str
    organizer: str
    operator: str
    site_code: str | None  # None: the footer omits 网站标识码
    icp: str
    gongan: str  # 14-digit 公安机关备案号
    jiucuo: bool = True  # the 我为政府网站找错 entrance


@dataclass(frozen=True)
class Link:
    """A link an article carries besides its body text: ``kind`` is a, img or attachment."""

    text: str
    href: str
    kind: str = "a"


@dataclass(frozen=True)
class Disclosure:
    """The 信息公开 header of a government document (reference §6)."""

    index_no: str
    organ: str
    written: date
    doc_no: str  # 发文字号; "无" for documents without one
    published: date
    topic: str = "综合政务"
    style: str = "table"  # table (gov.cn bd1) | paragraphs (TRS 索引号/发布机构/文号)


@dataclass
class Article:
    path: str
    title: str
    published: datetime
    source: str
    paragraphs: tuple[str, ...]
    column_name: str = ""
    column_path: str = ""
    template: str = "trs"  # trs | hanweb | gbk
    pubdate_meta: str = "iso"  # iso | seconds | cn | duplicated | none
    encoding: str = "utf-8"  # utf-8 | gbk | gbk-labelled-utf-8
    disclosure: Disclosure | None = None
    related: list[tuple[str, list[Link]]] = field(default_factory=list)  # (heading, links)
    images: list[str] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    see_also: list[Link] = field(default_factory=list)  # 相关链接 at the foot of the page


@dataclass
class Entry:
    """One line of a list page."""

    title: str
    href: str
    date: date | None
    label: str | None = None  # hidden label before the date, e.g. 解读
    doc_no: str | None = None  # shown in table lists of documents


@dataclass
class Column:
    key: str
    name: str
    path: str  # the first list page
    category: str  # the category the name is meant to signal (SPEC §1)
    cms: str = "trs"  # trs | hanweb | gbk
    pager: str | None = "countpage"  # TRS: countpage | createpage | None (one page)
    markup: str = "ul"  # ul | table | rows | script (an empty list the page's script fills from JSON)
    date_style: str = "iso"
    per_page: int = 20
    level: int = 1
    name_from: str = "meta"  # meta | hidden | breadcrumb | title
    parent: str | None = None  # key of the column whose page links this one
    section: tuple[str, str] | None = None  # breadcrumb step between 首页 and the column
    truncate: int | None = None  # titles longer than this are cut, full title in @title
    column_id: int = 0  # Hanweb columnid
    unit_id: int = 0  # Hanweb unitid (the id of the list's div)
    entries: list[Entry] = field(default_factory=list)
    empty_text: str = "暂无信息"

    @property
    def directory(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/"

    @property
    def data_path(self) -> str:
        """Where a script-built list fetches its entries (markup "script")."""
        return f"{self.directory}data/list.json"

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[1]

    def page_count(self) -> int:
        if self.cms == "hanweb" or not self.pager:
            return 1
        return max(1, -(-len(self.entries) // self.per_page))

    def page_path(self, index: int) -> str:
        """TRS paging is 0-based: index.html, index_1.html (page 2), index_2.html …"""
        stem = "index" if index == 0 else f"index_{index}"
        return f"{self.directory}{stem}.{self.extension}"

    def page_entries(self, index: int) -> list[Entry]:
        if self.cms == "hanweb" or not self.pager:
            return self.entries
        return self.entries[index * self.per_page:(index + 1) * self.per_page]

    @property
    def dated(self) -> list[date]:
        return [entry.date for entry in self.entries if entry.date is not None]
