"""Links that misbehave on purpose: the planted link problems and the decoys that only look bad."""
from __future__ import annotations

from govpatrol.demosite.markup import document
from govpatrol.demosite.web import Handler, Request, Response, Site, html_response, redirect

HANG_SECONDS = 20.0  # longer than the 15 s a link check waits


def small_page(title: str, text: str) -> str:
    return document(title, "", f"<h1>{title}</h1><p>{text}</p><p><a href=\"/\">返回首页</a></p>")


def status(code: int, title: str, text: str, headers: tuple[tuple[str, str], ...] = ()) -> Handler:
    def answer(request: Request) -> Response:
        response = html_response(small_page(title, text), code)
        response.headers = headers
        return response
    return answer


def soft_not_found() -> Handler:
    """HTTP 200, but the page says it does not exist (what many CMS error pages do)."""
    body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>提示信息</title></head><body>"
            "<div class=\"error\"><p>对不起，您访问的页面不存在或已被删除！</p>"
            "<p><a href=\"/\">返回首页</a></p></div></body></html>")
    return lambda request: html_response(body)


def hang(seconds: float = HANG_SECONDS) -> Handler:
    """Answer only after ``seconds`` (or at once when the server stops)."""
    def answer(request: Request) -> Response:
        request.state.stopping.wait(seconds)
        return html_response(small_page("实时路况", "路况信息加载完成。"))
    return answer


def flaky(key: str) -> Handler:
    """503 on the very first request, 200 afterwards: a retry must clear it."""
    def answer(request: Request) -> Response:
        if request.state.hit(key) == 1:
            return html_response(small_page("服务暂不可用", "服务器繁忙，请稍后再试。"), 503)
        return html_response(small_page("数据开放", "云溪市公共数据开放目录（2026年第四季度）。"))
    return answer


def head_not_allowed(page: str) -> Handler:
    """Servers that refuse HEAD with 405 but serve GET normally."""
    def answer(request: Request) -> Response:
        if request.method == "HEAD":
            return Response(405, b"", "text/html; charset=utf-8", (("Allow", "GET, POST"),))
        return html_response(page)
    return answer


def add_redirect_chain(site: Site, pattern: str, hops: int, final_text: str) -> str:
    """``pattern.format(n=hops)`` redirects through n-1 … 1 to ``pattern.format(n=0)`` (200).

    Returns the first URL path; following it takes exactly ``hops`` redirects.
    """
    for n in range(hops, 0, -1):
        site.add(pattern.format(n=n), lambda request, to=pattern.format(n=n - 1): redirect(to, 302))
    site.add(pattern.format(n=0), lambda request: html_response(small_page("跳转完成", final_text)))
    return pattern.format(n=hops)


def add_redirect_loop(site: Site, first: str, second: str) -> None:
    site.add(first, lambda request: redirect(second, 302))
    site.add(second, lambda request: redirect(first, 302))
