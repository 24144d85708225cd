"""Which pages need a browser to show their list: inline loaders, script files, data addresses,
framework mount points; and which script files are only libraries or widgets."""
from __future__ import annotations

import pytest

from crawlers.extract.scripted import framework_mount, list_scripts, needs_script


def page(body: str) -> str:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"


@pytest.mark.parametrize("body", [
    "<table class='t'><tbody id='tb'></tbody></table><script src='/module/list.js'></script>",
    "<div class='newslist'></div><script src='../js/common.js'></script>",
    "<ul></ul><script>$.ajax({url: '/x.json', success: draw})</script>",
    "<div class='box'><span>正在加载...</span></div><script src='/js/render.js'></script>",
    "<div id='root'></div><script src='/static/js/main.3c9e1f2a.chunk.js'></script>",
    "<section class='lb' data-api='/api/list'></section>",
])
def test_pages_whose_list_script_draws(body):
    assert needs_script(page(body))


@pytest.mark.parametrize("body", [
    # only libraries and standard widgets
    "<ul class='list'></ul><script src='/js/jquery-1.11.3.min.js'></script>"
    "<script id='_jiucuo_' sitecode='9999000001' src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>",
    # a filled list
    "<ul class='list'><li><a href='/a.html'>一条</a></li></ul><script src='/js/list.js'></script>",
    # an empty menu inside the navigation
    "<div class='nav'><ul></ul></div><script src='/js/site.js'></script>",
    # an empty div whose name says nothing about a list
    "<div class='clear'></div><script src='/js/site.js'></script>",
])
def test_pages_that_need_no_browser(body):
    assert not needs_script(page(body))


def test_library_script_files_are_left_out():
    html = page("<script src='/js/jquery.SuperSlide.2.1.js'></script><script src='//hm.baidu.com/hm.js?x'></script>"
                "<script src='/js/bootstrap.min.js'></script><script src='/js/zwgk-list.js'></script>")
    assert list_scripts(html) == ["/js/zwgk-list.js"]


def test_a_mount_point_with_server_rendered_content_is_not_empty():
    assert not framework_mount(page("<div id='app'><h1>已渲染</h1></div><script src='/app.js'></script>"))
    assert framework_mount(page("<div id='app'></div><script src='/app.js'></script>"))
    assert not framework_mount(page("<div id='app'></div>"))  # nothing would fill it
