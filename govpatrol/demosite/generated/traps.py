"""Links that fail on purpose, links that only look as if they fail, and the other hosts a
government page links to (ICP and police record registries, the 找错 platform, 党政机关标识,
the province portal), served locally under their own names."""
from __future__ import annotations

from govpatrol.demosite.generated.builder import Context, Routes
from govpatrol.demosite.generated.chrome import (BEIAN_MIIT, BEIAN_POLICE, CONAC_HOST, CONAC_SHOW, JIUCUO_HOST,
                                                 absolute)
from govpatrol.demosite.generated.content import Identity
from govpatrol.demosite.generated.site import HTML, JS, PORT_MARK, Expect, Resource

LINK_PROBLEMS = ("404_home", "404_article", "dns", "redirect12", "soft404")


def small(title: str, text: str, home_link: bool = True) -> str:
    """A bare page (no stylesheet: other hosts serve nothing else)."""
    back = '<p><a href="/">返回首页</a></p>' if home_link else ""
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{text}</p>{back}</body></html>")


def main_url(site: Identity, address: str) -> str:
    """The absolute URL of ``address`` (a path on the main host, or already absolute)."""
    return address if address.startswith("http") else f"http://{site.domain}{PORT_MARK}{address}"


def plant_link_problem(ctx: Context, kind: str, old_host: str) -> tuple[str, str, Expect]:
    """Add what ``kind`` needs; returns (link text, href as written, the finding it must cause)."""
    site = ctx.site
    if kind == "404_home":
        href = "/ztzl/2019zt/index.html"  # nothing is served there
        return "2019年专题（已撤销）", href, Expect("broken_link", main_url(site, href), "deduct", "首页链接 404")
    if kind == "404_article":
        href = f"/xwzx/201901/t20190105_{ctx.rng.randint(100000, 999999)}.html"
        return "相关报道（旧稿件）", href, Expect("broken_link", main_url(site, href), "deduct", "文章内链接 404")
    if kind == "dns":
        href = f"http://{old_host}/"
        return "原专题网站", href, Expect("broken_link", href, "deduct", "外部链接域名无法解析")
    if kind == "redirect12":
        for n in range(12, 0, -1):
            ctx.routes.add(site.domain, f"/go/r{n}.html",
                           Resource(b"", 302, HTML, (("Location", f"/go/r{n - 1}.html"),)))
        ctx.page("/go/r0.html", small("跳转完成", "您访问的内容已迁移。"))
        return "活动报名（跳转）", "/go/r12.html", Expect("broken_link", main_url(site, "/go/r12.html"), "deduct",
                                                    "12次重定向")
    if kind == "soft404":
        href = "/bsfw/old_guide.html"
        body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>提示信息</title></head><body>"
                "<div class=\"error\"><p>对不起，您访问的页面不存在或已被删除！</p><p><a href=\"/\">返回首页</a></p>"
                "</div></body></html>")
        ctx.page(href, body)
        return "旧版办事指南", href, Expect("broken_link", main_url(site, href), "deduct", "HTTP 200 的软404")
    raise ValueError(kind)


def plant_link_decoys(ctx: Context) -> list[tuple[str, str, Expect]]:
    """Decoys for the homepage of every site: (text, href, the finding it must not cause)."""
    site = ctx.site
    province = absolute(site.province_host, "/zwfw/index.html")
    ctx.routes.add(site.province_host, "/zwfw/index.html",
                   Resource(small("政务服务网", "省政务服务网首页").encode("utf-8"), 200, HTML, head_status=405))
    ctx.routes.add(site.province_host, "/", Resource(small("省人民政府", "省人民政府门户网站").encode("utf-8")))
    ctx.routes.add(site.domain, "/old/index.html", Resource(b"", 301, HTML, (("Location", "/old/2.html"),)))
    ctx.routes.add(site.domain, "/old/2.html", Resource(b"", 302, HTML, (("Location", "/old/3.html"),)))
    ctx.routes.add(site.domain, "/old/3.html", Resource(b"", 302, HTML, (("Location", "/about/wzsm.html"),)))
    return [("省政务服务网", province, Expect("broken_link", province, note="HEAD 405，GET 200")),
            ("旧版网站", "/old/index.html", Expect("broken_link", main_url(site, "/old/index.html"),
                                               note="3次重定向后 200"))]


def serve_other_hosts(routes: Routes, site: Identity) -> list[str]:
    """The registries and platforms the footer links to; returns their host names."""
    page = lambda title: Resource(small(title, title, home_link=False).encode("utf-8"))  # noqa: E731
    routes.add(BEIAN_MIIT, "/", page("ICP/IP地址/域名信息备案管理系统"))
    routes.add(BEIAN_POLICE, f"/portal/registerSystemInfo?recordcode={site.police}", page("全国互联网安全管理服务平台"))
    routes.add(JIUCUO_HOST, "/exposure/jiucuo.js", Resource(
        (f"document.write('<a href=\"http://{JIUCUO_HOST}{PORT_MARK}/exposure/jiucuo.html?site_code="
         f"'+document.getElementById('_jiucuo_').getAttribute('sitecode')+'\">我为政府网站找错</a>');\n").encode("utf-8"),
        200, JS))
    routes.add(JIUCUO_HOST, f"/exposure/jiucuo.html?site_code={site.site_code}", page("我为政府网站找错"))
    routes.add(CONAC_SHOW, f"/sitename?id={site.site_code}&method=show", page("党政机关网站标识"))
    routes.add(CONAC_HOST, "/", page("中国机构编制网"))
    return [BEIAN_MIIT, BEIAN_POLICE, JIUCUO_HOST, CONAC_SHOW, CONAC_HOST, site.province_host]
