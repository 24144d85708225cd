"""``generate(seed)``: one whole simulated government site and the truth about it.

The seed picks the CMS family (seed mod 6), the template, the content and which problems are
planted; every fourth seed (3, 7, 11 …) is a clean site that must pass with no finding.
The truth is computed from the generated content by the rules of SPEC §2 with the default
rulebook's thresholds (``content.MAX_AGE``; a test holds them to checks/rulebook.yaml),
independently of the crawl and the checks.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from govpatrol.demosite.generated import families, mailboxes, traps
from govpatrol.demosite.generated.builder import Context, Routes
from govpatrol.demosite.generated.chrome import (article_page, breadcrumb, disclosure_table, document, esc,
                                                 footer, header, list_rows, page_title, site_meta)
from govpatrol.demosite.generated.content import (COLUMN_KINDS, MAX_AGE, Column, Item, Mailbox, add_workdays,
                                                  column_dates, identity, title_for)
from govpatrol.demosite.generated.site import ColumnFact, Expect, Site, Truth
from govpatrol.demosite.generated.template import LOADERS, draw_template

INTERP_PROBLEMS = ("missing", "unlinked_doc", "unlinked_interp", "late")
LETTER_PROBLEMS = ("late", "unanswered", "veto")
IDENTITY_ELEMENTS = ("site_code", "icp", "police_record", "organizer", "jiucuo")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@dataclass
class Plan:
    """Which problems a seed plants (all empty for a clean seed)."""

    clean: bool
    homepage_stale: bool = False
    stale: tuple[str, ...] = ()  # categories whose column is left stale
    weekly: bool = False  # a news column with one new item in the last week
    blank: bool = False
    links: tuple[str, ...] = ()
    interpretation: tuple[str, ...] = ()
    letters: tuple[str, ...] = ()
    identity_missing: str | None = None

    def summary(self) -> str:
        if self.clean:
            return "clean"
        parts = [f"homepage_stale={self.homepage_stale}", f"stale={','.join(self.stale)}",
                 f"weekly={self.weekly}", f"blank={self.blank}", f"links={','.join(self.links)}",
                 f"interpretation={','.join(self.interpretation)}", f"letters={','.join(self.letters)}",
                 f"identity_missing={self.identity_missing}"]
        return "; ".join(parts)


def draw_plan(rng: random.Random, seed: int, clean: bool) -> Plan:
    """Random problems; the footer element left out takes turns over the even seeds, so twenty
    seeds leave out each one."""
    if clean:
        return Plan(clean=True)
    homepage_stale = rng.random() < 0.25
    letters = rng.sample(LETTER_PROBLEMS, rng.randint(1, 3))
    if "veto" in letters and rng.random() < 0.5:
        letters.remove("veto")
    return Plan(
        clean=False, homepage_stale=homepage_stale,
        stale=tuple(sorted(rng.sample(("notice", "personnel", "planning", "other", "policy"), rng.randint(1, 2)))),
        weekly=not homepage_stale and rng.random() < 0.5, blank=rng.random() < 0.7,
        links=tuple(rng.sample(traps.LINK_PROBLEMS, rng.randint(2, 5))),
        interpretation=tuple(rng.sample(INTERP_PROBLEMS, rng.randint(1, 3))),
        letters=tuple(letters or ["unanswered"]),
        identity_missing=IDENTITY_ELEMENTS[seed // 2 % len(IDENTITY_ELEMENTS)] if seed % 2 == 0 else None)


@dataclass
class World:
    """Everything generated before the markup: the pieces the pages and the truth are made of."""

    seed: int
    family: str
    plan: Plan
    as_of: date
    news: list[Column] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # every column, news first
    policy: list[tuple[Item, Item | None, str]] = field(default_factory=list)  # (document, interpretation, role)
    mailboxes: list[Mailbox] = field(default_factory=list)


def make_world(rng: random.Random, seed: int, family: str, plan: Plan, ctx: Context, as_of: date) -> World:
    world = World(seed, family, plan, as_of)
    ids = itertools.count(rng.randint(100, 800) * 1000 + 1)
    cids = iter(rng.sample(range(1000, 9999), 20))
    tpl, site = ctx.tpl, ctx.site
    titles: set[str] = set()

    def new_column(category: str, state: str, count: int, pick: tuple[str, str] | None = None,
                   min_age: int = 0) -> Column:
        taken = {column.name for column in world.columns}
        name, slug = pick or rng.choice([kind for kind in COLUMN_KINDS[category] if kind[0] not in taken])
        column = Column(f"c{len(world.columns)}", name, category, slug, state, cid=next(cids))
        for day in column_dates(rng, category, state, count, as_of, min_age):
            title = title_for(rng, category, site.short, day)
            for _attempt in range(30):  # a site does not publish two pages under one title
                if title not in titles:
                    break
                title = title_for(rng, category, site.short, day)
            else:
                title = f"{site.short}第{len(titles)}期{title}"
            titles.add(title)
            column.items.append(Item(next(ids), title, day, "policy" if category == "policy" else "article"))
        world.columns.append(column)
        return column

    json_lists = family in ("gkmlpt", "spa")
    for n, pick in enumerate(rng.sample(COLUMN_KINDS["news"], 2)):
        state = "stale" if plan.homepage_stale else ("weekly" if plan.weekly and n == 0 else "fresh")
        world.news.append(new_column("news", state, rng.randint(5, 9), pick))
    notice = new_column("notice", "stale" if "notice" in plan.stale else "fresh", rng.randint(3, 7),
                        min_age=20 if plan.homepage_stale else 0)
    notice.items[-1].doc_no = "无"  # a notice with a 信息公开 table whose 文号 is 无: not a policy document
    policy = new_column("policy", "stale" if "policy" in plan.stale else "fresh",
                        tpl.per_page + 2 if json_lists else rng.randint(5, 7), min_age=20)
    for n, document_item in enumerate(policy.items, start=1):
        document_item.doc_no = f"{site.short[0]}政办发〔{document_item.day.year}〕{n + 10}号"
    interpretation = Column(f"c{len(world.columns)}", "政策解读", "interpretation", "zcjd", "derived", cid=next(cids))
    world.columns.append(interpretation)
    new_column("personnel", "stale" if "personnel" in plan.stale else "fresh", rng.randint(2, 4))
    if rng.random() < 0.6 or "planning" in plan.stale:
        new_column("planning", "stale" if "planning" in plan.stale else "fresh", rng.randint(2, 3))
    new_column("other", "stale" if "other" in plan.stale else "fresh", rng.randint(2, 5))
    if plan.blank:
        new_column("other", "blank", 0)

    # Policy documents and their interpretations: every role but "missing" has one.
    roles = ["ok"] * len(policy.items)
    chosen = list(plan.interpretation)
    if "missing" in chosen:  # the oldest document: on the last list page (page 2 of a JSON API)
        roles[-1] = "missing"
        chosen.remove("missing")
    for role, index in zip(chosen, rng.sample(range(1, len(policy.items) - 1), len(chosen))):
        roles[index] = role
    for document_item, role in zip(policy.items, roles):
        reader = None
        if role != "missing":
            gap = rng.randint(6, 8) if role == "late" else rng.randint(0, 1)
            subject = document_item.title.split("关于印发")[-1].removesuffix("的通知")
            reader = Item(next(ids), rng.choice((f"《{subject}》政策解读", f"一图读懂《{subject}》")),
                          add_workdays(document_item.day, gap), "interp")
            interpretation.items.append(reader)
            if role != "unlinked_doc":
                document_item.related.append(("相关解读", reader))
            if role != "unlinked_interp":
                reader.related.append(("相关文件", document_item))
        world.policy.append((document_item, reader, role))
    interpretation.items.sort(key=lambda item: item.day, reverse=True)

    # Mailboxes: a few answered letters, a young one, and the planted ones.
    for shape in tpl.mailbox_shapes:
        name, key = mailboxes.NAMES[shape]
        world.mailboxes.append(Mailbox(key, name, shape, []))
    planted: dict[str, list[str]] = {mailbox.key: [] for mailbox in world.mailboxes}
    for role in plan.letters:
        target = next((m for m in world.mailboxes if m.shape == "jact"), None) if role == "late" else None
        planted[(target or rng.choice(world.mailboxes)).key].append(role)
    for mailbox in world.mailboxes:
        roles = ["in_time"] * rng.randint(3, 5) + ["young"] + (["old"] if rng.random() < 0.3 else [])
        prefix = {"table": "", "jact": "", "json": "ZX"}[mailbox.shape]
        mailbox.letters = mailboxes.make_letters(rng, as_of, roles + planted[mailbox.key], prefix)
    return world


# -- pages ---------------------------------------------------------------------------------------
def body_html(rng: random.Random, item: Item, short: str) -> str:
    paragraphs = [f"{item.day.month}月{item.day.day}日，{short}有关部门围绕“{item.title}”开展工作。",
                  "会议强调，要坚持问题导向，压实工作责任，确保各项任务落地见效。",
                  "下一步，将进一步健全长效机制，持续推动工作提质增效。"]
    if item.long_text:
        paragraphs += ["系统升级期间，部分旧版网页访问时可能出现“404”提示，请通过站内搜索查找相关信息。"] + [
            f"第{n}项：{short}持续优化网站栏目设置，整合政务公开、办事服务、互动交流等功能，"
            "提升信息发布的规范性、准确性和时效性，方便群众查询和使用。" for n in range(1, 16)]
    html = "".join(f"<p>{esc(text)}</p>" for text in paragraphs)
    for text, href in item.extra_links:
        html += f'<p>详见：<a href="{esc(href)}" target="_blank">{esc(text)}</a></p>'
    return html


def related_html(item: Item) -> str:
    blocks = []
    for heading, target in item.related:
        blocks.append(f'<div class="xgjd"><h4>{esc(heading)}</h4><ul><li><a href="{esc(target.path)}">'
                      f"{esc(target.title)}</a></li></ul></div>")
    return "\n".join(blocks)


def landing_page(ctx: Context, name: str, links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for text, href in links)
    body = (f"{header(ctx.tpl, ctx.site, ctx.nav)}\n{breadcrumb([(name, None)])}\n"
            f'<div class="sub-nav"><h2>{esc(name)}</h2><ul class="sub-columns">{items}</ul></div>\n{ctx.footer}')
    return document(page_title(ctx.tpl, name, ctx.site), site_meta(ctx.site, name), body)


def plain_page(ctx: Context, name: str, content: str, trail: list[tuple[str, str | None]] = ()) -> str:
    body = (f"{header(ctx.tpl, ctx.site, ctx.nav)}\n{breadcrumb([*trail, (name, None)])}\n"
            f'<div class="{ctx.tpl.box_class}"><h2>{esc(name)}</h2>{content}</div>\n{ctx.footer}')
    return document(page_title(ctx.tpl, name, ctx.site), site_meta(ctx.site), body)


def home_block(ctx: Context, family: str, column: Column) -> tuple[str, list[Item]]:
    shown = column.items[:5]
    if family == "spa":
        box = families.spa_box(ctx, column, size=5)
    else:
        box = list_rows(ctx.tpl, [(item.title, item.path, item.day) for item in shown])
    html = (f'<div class="home-box"><div class="box-title"><span>{esc(column.name)}</span>'
            f'<a class="more" href="{esc(column.path)}">更多&gt;&gt;</a></div>{box}</div>')
    return html, shown


def generate(seed: int) -> Site:
    rng = random.Random(f"govpatrol-generated-site-{seed}")
    family = families.FAMILIES[seed % len(families.FAMILIES)]
    plan = draw_plan(rng, seed, clean=seed % 4 == 3)
    # Within a family, the shapes it exists to test take turns (seed // 6), the rest is random.
    turn = seed // len(families.FAMILIES)
    tpl = replace(draw_template(rng), loader=LOADERS[turn % len(LOADERS)],
                  static_pager=("links", "hidden_blocks")[turn % 2], xxgk_host=turn % 2 == 1)
    site = identity(rng)
    as_of = date(2026, 5, 4) + timedelta(days=rng.randint(0, 200))
    routes = Routes()
    ctx = Context(rng, tpl, site, routes, encoding="gbk" if family == "asp" and turn % 2 == 0 else "utf-8")
    world = make_world(rng, seed, family, plan, ctx, as_of)
    truth = Truth(as_of)
    url = lambda address: traps.main_url(site, address)  # noqa: E731

    # Where everything lives, then the chrome that links to it.
    for column in world.columns:
        families.PATHS[family](ctx, column)
    news, notice = world.news, world.columns[2]
    ctx.nav = [(news[0].name, news[0].path), (news[1].name, news[1].path), (notice.name, notice.path),
               ("政务公开", "/zwgk/index.html"), ("互动交流", "/hdjl/index.html"), ("办事服务", "/bsfw/index.html")]
    ctx.footer = footer(tpl, site, plan.identity_missing)

    # Planted links: homepage ones go on the homepage, the rest into the newest news articles.
    old_host = f"old{as_of.year - 7}.{site.domain.removeprefix('www.')}"
    home_links: list[tuple[str, str]] = []
    carriers = news[0].items[:3]
    for n, kind in enumerate(plan.links):
        text, href, expect = traps.plant_link_problem(ctx, kind, old_host)
        truth.findings.append(expect)
        if kind == "404_home":
            home_links.append((text, href))
        else:
            carriers[n % len(carriers)].extra_links.append((text, href))
    for text, href, decoy in traps.plant_link_decoys(ctx):
        truth.decoys.append(decoy)
        home_links.append((text, href))
    long_item = news[1].items[min(1, len(news[1].items) - 1)]
    long_item.long_text = True
    truth.decoys.append(Expect("broken_link", url(long_item.path), note="正文超过2KB、含“404”字样的正常文章"))

    # Columns and their articles.
    trails = {column.key: ([] if column.category in ("news", "notice") else [("政务公开", "/zwgk/index.html")])
              for column in world.columns}
    families.serve_columns(ctx, family, [(column, trails[column.key]) for column in world.columns])
    for column in world.columns:
        for item in column.items:
            disclosure = disclosure_table(site, item) if item.doc_no else ""
            ctx.page(item.path, article_page(tpl, site, ctx.nav, item, column.name, column.path,
                                             body_html(rng, item, site.short), related_html(item), ctx.footer,
                                             disclosure))
    for mailbox in world.mailboxes:
        mailboxes.serve_mailbox(ctx, mailbox)

    # Homepage, landing pages and the pages that are not columns.
    shown = serve_homepage(ctx, family, world, home_links)
    serve_other_pages(ctx, world)
    hosts = [site.domain] + traps.serve_other_hosts(routes, site)
    if family == "trs" and tpl.xxgk_host:
        hosts.append(families.xxgk_host(ctx))

    fill_truth(truth, world, ctx, shown, url)
    return Site(seed=seed, family=family, home=url("/"), served_hosts=tuple(hosts),
                dead_hosts=(old_host,) if "dns" in plan.links else (), routes=routes.table, truth=truth,
                template={"family": family, "plan": plan.summary(), "encoding": ctx.encoding, **tpl.as_dict()},
                plan=plan)


def serve_homepage(ctx: Context, family: str, world: World, home_links: list[tuple[str, str]]) -> list[Item]:
    """The homepage: the newest items of the news and notice columns, links, mailboxes, footer.
    Returns the items it shows (their newest date decides homepage_stale)."""
    tpl, site = ctx.tpl, ctx.site
    blocks, shown = [], []
    for column in (*world.news, world.columns[2]):
        html, items = home_block(ctx, family, column)
        blocks.append(html)
        shown += items
    special = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for text, href in home_links)
    services = "".join(f'<li><a href="{esc(m.path)}">{esc(m.name)}</a></li>' for m in world.mailboxes)
    body = (f"{header(tpl, site, ctx.nav)}\n<div class=\"banner\"><img src=\"/static/images/logo.png\" alt=\"\"></div>\n"
            f"{''.join(blocks)}\n<div class=\"home-box\"><div class=\"box-title\">专题与链接</div><ul>{special}</ul></div>\n"
            f"<div class=\"home-box\"><div class=\"box-title\">互动交流</div><ul>{services}"
            '<li><a href="/hdjl/write.html">我要写信</a></li><li><a href="/bsfw/index.html">办事指南</a></li></ul></div>\n'
            + (f'<script src="{families.SPA_SCRIPT}"></script>\n' if family == "spa" else "")
            + ctx.footer)
    ctx.page("/", document(site.name, site_meta(site), body))
    return shown


def serve_other_pages(ctx: Context, world: World) -> None:
    """Landing pages, the letter form, guide, contact, statement, site map, search and assets:
    pages a crawl meets that are not columns."""
    site = ctx.site
    zwgk = [column for column in world.columns if column.category not in ("news", "notice")]
    ctx.page("/zwgk/index.html", landing_page(ctx, "政务公开", [(c.name, c.path) for c in zwgk]))
    ctx.page("/hdjl/index.html", landing_page(ctx, "互动交流", [(m.name, m.path) for m in world.mailboxes]
                                             + [("我要写信", "/hdjl/write.html")]))
    ctx.page("/hdjl/write.html", plain_page(ctx, "我要写信", (
        '<form class="mail-form" action="/hdjl/submit.do" method="post"><p>姓名：<input name="name"></p>'
        '<p>联系电话：<input name="phone"></p><p>信件标题：<input name="title"></p>'
        '<p>信件内容：<textarea name="content"></textarea></p><p><button type="submit">提交</button></p></form>'),
        [("互动交流", "/hdjl/index.html")]))
    ctx.page("/bsfw/index.html", plain_page(ctx, "办事指南", (
        "<h3>居民身份证办理</h3><p>办理对象：本市户籍居民。</p><p>办理材料：户口簿、近期免冠照片。</p>"
        "<p>办理地点：各派出所户籍窗口。</p><p>办理时限：20个工作日。</p><p>收费标准：20元。</p>")))
    ctx.page("/about/lxwm.html", plain_page(ctx, "联系我们", (
        f"<p>主办单位：{esc(site.organizer)}</p><p>地址：{esc(site.short)}人民路1号</p>"
        "<p>邮编：410000</p><p>联系电话：0731-12345678</p>")))
    ctx.page("/about/wzsm.html", plain_page(ctx, "网站声明", "<p>本网站所载内容，版权归本网站所有。</p>"))
    sitemap = "".join(f'<li><a href="{esc(c.path)}">{esc(c.name)}</a></li>' for c in world.columns)
    ctx.page("/about/wzdt.html", plain_page(ctx, "网站地图", f'<ul class="sitemap">{sitemap}</ul>'))
    ctx.page("/search.html", plain_page(ctx, "站内搜索", '<p>请输入关键字搜索。</p>'))
    ctx.file("/static/css/style.css", b"body{font-family:SimSun,serif}.footer{text-align:center}\n", "text/css")
    for image in ("logo.png", "gongan.png", "red.png"):
        ctx.file(f"/static/images/{image}", PNG, "image/png")


# -- the truth -----------------------------------------------------------------------------------
def fill_truth(truth: Truth, world: World, ctx: Context, shown: list[Item], url) -> None:
    as_of, plan = truth.as_of, world.plan
    age = lambda day: (as_of - day).days  # noqa: E731
    home = url("/")
    newest = max((item.day for item in shown), default=None)
    if newest is None or age(newest) > 14:
        truth.findings.append(Expect("homepage_stale", home, "veto", f"首页最新 {newest}"))
    else:
        truth.decoys.append(Expect("homepage_stale", home, note=f"首页最新 {newest}"))
    truth.decoys.append(Expect("ipv6_unsupported", home, note="双栈：AAAA 记录，::1 上同样提供服务"))
    if plan.identity_missing:
        truth.findings.append(Expect("identity_missing", home, "deduct", f"页脚缺 {plan.identity_missing}"))
    else:
        truth.decoys.append(Expect("identity_missing", home, note="页脚要素齐全（模板变体）"))

    for column in world.columns:
        dated = [item.day for item in column.items]
        new7 = sum(1 for day in dated if age(day) <= 6)
        latest = max(dated, default=None)
        truth.columns.append(ColumnFact(url(column.path), column.name, column.category, len(dated), latest, new7,
                                        column.how))
        where = url(column.path)
        if not dated:
            truth.findings.append(Expect("blank_column", where, "deduct", f"{column.name} 无条目"))
            continue
        if "markup" not in column.how:
            truth.decoys.append(Expect("blank_column", where, note=f"{column.name}：{column.how}，有{len(dated)}条"))
        stale = age(latest) > MAX_AGE[column.category] or (column.category == "news" and new7 < 2)
        if stale:
            truth.findings.append(Expect("stale_column", where, "deduct",
                                         f"{column.name} 最新 {latest}（{age(latest)}天），近7天{new7}条"))
        else:
            truth.decoys.append(Expect("stale_column", where, note=f"{column.name} 最新 {latest}"))

    for document_item, reader, role in world.policy:
        doc_url = url(document_item.path)
        if role == "missing":
            truth.findings.append(Expect("interpretation_missing", doc_url, "deduct", "政策文件没有解读"))
            continue
        truth.decoys.append(Expect("interpretation_missing", doc_url, note=f"有解读（{role}）"))
        if role == "unlinked_doc":
            truth.findings.append(Expect("interpretation_unlinked", doc_url, "deduct", "文件未链接解读"))
        elif role == "unlinked_interp":
            truth.findings.append(Expect("interpretation_unlinked", url(reader.path), "deduct", "解读未链接文件"))
        else:
            truth.decoys.append(Expect("interpretation_unlinked", doc_url, note="双向链接"))
        if role == "late":
            truth.findings.append(Expect("interpretation_late", doc_url, "warn",
                                         f"文件 {document_item.day}，解读 {reader.day}"))
        else:
            truth.decoys.append(Expect("interpretation_late", doc_url, note=f"解读 {reader.day}"))
    notice_decoy = world.columns[2].items[-1]
    truth.decoys.append(Expect("interpretation_missing", url(notice_decoy.path), note="信息公开表文号为“无”的通知"))

    for mailbox in world.mailboxes:
        dated = [letter.sent for letter in mailbox.letters]
        truth.columns.append(ColumnFact(url(mailbox.path), mailbox.name, "mailbox", len(dated), max(dated),
                                        sum(1 for day in dated if age(day) <= 6), f"mailbox ({mailbox.shape})"))
        truth.decoys.append(Expect("blank_column", url(mailbox.path), note=f"{mailbox.name}（{mailbox.shape}）有信件"))
        for letter in mailbox.letters:
            target = url(mailboxes.letter_url(mailbox, letter))
            if letter.number in mailbox.detail:
                truth.decoys.append(Expect("blank_column", target, note="信件详情页不是栏目"))
            if letter.role in mailboxes.PROBLEM_ROLES:
                check, severity = mailboxes.PROBLEM_ROLES[letter.role]
                truth.findings.append(Expect(check, target, severity,
                                             f"{mailbox.name} {letter.sent} 来信，回复 {letter.replied}"))
            elif letter.role in mailboxes.DECOY_ROLES:
                truth.decoys.append(Expect(mailboxes.DECOY_ROLES[letter.role], target,
                                           note=f"{letter.role}：{letter.sent} 来信，回复 {letter.replied}"))
    for address, name in (("/hdjl/write.html", "写信表单"), ("/about/lxwm.html", "联系我们"),
                          ("/bsfw/index.html", "办事指南"), ("/zwgk/index.html", "栏目导航页"),
                          ("/hdjl/index.html", "栏目导航页"), ("/about/wzdt.html", "网站地图")):
        truth.decoys.append(Expect("blank_column", url(address), note=f"{name}不是栏目"))

    vetoes = [f for f in truth.findings if f.severity == "veto"]
    stale = [f for f in truth.findings if f.check == "stale_column"]
    blank = [f for f in truth.findings if f.check == "blank_column"]
    by_url = {url(column.path): column for column in world.columns}
    key_stale = [f for f in stale if by_url[f.url].category in ("notice", "policy")
                 or (by_url[f.url].category == "news" and age(by_url[f.url].latest) > 14)]
    reasons = sorted({f.check for f in vetoes})
    if len(key_stale) >= 5 or len(stale) >= 10 or len(blank) >= 5:
        reasons.append("columns")
    truth.verdict = "fail" if reasons else "pass"
    truth.reasons = reasons

