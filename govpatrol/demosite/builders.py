"""Fill columns with entries and the articles behind them, in each CMS's URL shape."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from govpatrol.demosite.content import paragraphs, unique_titles
from govpatrol.demosite.model import Article, Column, Entry

PUBDATE_SHAPES = ("iso", "seconds", "cn", "duplicated", "iso")


def article_path(column: Column, day: date, number: int) -> str:
    """TRS: {column}/YYYYMM/tYYYYMMDD_id.html; Hanweb: /art/Y/M/D/art_col_id.html (no zero padding)."""
    if column.cms == "hanweb":
        return f"/art/{day.year}/{day.month}/{day.day}/art_{column.column_id}_{number}.html"
    extension = "shtml" if column.extension == "shtml" else "html"
    return f"{column.directory}{day:%Y%m}/t{day:%Y%m%d}_{number}.{extension}"


@dataclass
class Item:
    """What one list entry and its article say; ``article`` holds extra Article fields."""

    title: str
    day: date
    source: str
    paragraphs: tuple[str, ...]
    number: int
    listed_date: bool = True  # False: the list line shows no date
    label: str | None = None
    doc_no: str | None = None
    article: dict[str, Any] = field(default_factory=dict)

    def path(self, column: Column) -> str:
        return article_path(column, self.day, self.number)


def publish(column: Column, items: list[Item], rng: random.Random) -> list[Article]:
    """Set the column's entries (in the given order) and return their articles."""
    articles: list[Article] = []
    column.entries = []
    template = {"trs": "trs", "hanweb": "hanweb", "gbk": "gbk"}[column.cms]
    for index, item in enumerate(items):
        path = item.path(column)
        column.entries.append(Entry(item.title, path, item.day if item.listed_date else None,
                                    item.label, item.doc_no))
        fields: dict[str, Any] = {
            "pubdate_meta": "cn" if column.cms == "gbk" else PUBDATE_SHAPES[index % len(PUBDATE_SHAPES)],
            "encoding": "gbk" if column.cms == "gbk" else "utf-8",
        }
        fields.update(item.article)
        published = datetime(item.day.year, item.day.month, item.day.day, rng.randint(8, 17), rng.randint(0, 59))
        articles.append(Article(path=path, title=item.title, published=published, source=item.source,
                                paragraphs=item.paragraphs, column_name=column.name,
                                column_path=column.path, template=template, **fields))
    return articles


def generated_items(rng: random.Random, days: list[date], patterns: tuple[str, ...], first_number: int,
                    orgs: tuple[str, ...] | None = None) -> list[Item]:
    """Items with generated titles and text, one per date (dates newest first)."""
    titles = unique_titles(rng, len(days), patterns, orgs)
    return [Item(title, day, org, paragraphs(rng, day, org, topic), first_number + n)
            for n, ((title, org, topic), day) in enumerate(zip(titles, days))]
