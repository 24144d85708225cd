"""A column whose pages are all pre-rendered as blocks for a client-side pager: every block is
read. Lists side by side that are not pages of one list stay apart."""
from __future__ import annotations

from datetime import date

import pytest

from crawlers.extract.listing import extract_list_items

AS_OF = date(2026, 11, 30)


def rows(start: int, count: int, day0: int = 28) -> str:
    return "".join(f'<li><a href="/gzdt/t202611{day0 - n:02d}_{n}.html">第{n}条工作动态标题</a>'
                   f"<span>2026-11-{day0 - n:02d}</span></li>" for n in range(start, start + count))


@pytest.mark.parametrize("block", [
    '<div ms-visible="$showStatic({n})"><ul>{rows}</ul></div>',
    '<div class="page-{n}" style="display:none"><ul>{rows}</ul></div>',
    '<div v-show="page === {n}"><ul class="list">{rows}</ul></div>',
    '<section data-page="{n}" hidden><ul>{rows}</ul></section>',
])
def test_every_pre_rendered_page_block_is_read(block):
    blocks = "".join(block.format(n=page + 1, rows=rows(page * 5, 5)) for page in range(5))
    html = f'<html><body><div class="nav"><a href="/">首页</a></div><div id="list">{blocks}</div></body></html>'
    items = extract_list_items(html, "http://www.x.gov.cn/gzdt/", AS_OF)
    assert [item.title for item in items] == [f"第{n}条工作动态标题" for n in range(25)]
    assert items[-1].date == date(2026, 11, 4)


def test_tabs_of_different_lists_are_not_merged():
    # Each tab starts again from recent dates: a new list, not the next page.
    tabs = "".join(f'<div class="tab-con" id="con_{n}"><ul>{rows(0, 5, 28 - n)}</ul></div>'
                   for n in range(3))
    items = extract_list_items(f"<body>{tabs}</body>", "http://www.x.gov.cn/", AS_OF)
    assert len(items) == 5


def test_blocks_with_their_own_headings_are_separate_lists():
    boxes = "".join(f'<div class="box"><h3>栏目{n}</h3><ul>{rows(n * 5, 5)}</ul></div>'
                    for n in range(3))
    items = extract_list_items(f"<body>{boxes}</body>", "http://www.x.gov.cn/", AS_OF)
    assert len(items) == 5
