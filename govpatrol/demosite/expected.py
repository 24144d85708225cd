"""What an audit of the simulated sites must find, and must not find, as of AS_OF (2026-11-20).

Targets are paths on the named site, ``external:/path`` for the external server, or
``closed:`` for the port where nothing listens; ``resolve_target`` turns them into the
absolute, normalised URL a finding carries (SPEC §2 says which URL that is for each check).

``cause`` says in machine-readable form why the target is (or only looks) wrong:
``http:404``, ``redirects:9``, ``soft404``, ``timeout`` …; ``page`` names a page that carries
a link target ("/" is the homepage), or for a message the list page it is listed on.

A message's target is its own page, or its list page with ``#`` and its number when it has
none (that fragment is kept). Mailbox columns list messages: their ``items`` are the
messages, dated by when they were sent. ``BROWSER_ONLY_PATHS`` are the pages whose list only
a browser can see (their script fetches JSON and draws it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crawlers.urls import normalize_url
from govpatrol.demosite import gkmlpt, main_site, stale_site
from govpatrol.demosite.clock import age
from govpatrol.demosite.letters import DECOY_ROLES, MAILBOXES, PROBLEM_ROLES, Mailbox


@dataclass(frozen=True)
class Expect:
    site: str  # main | stale
    check: str
    target: str
    severity: str = ""
    note: str = ""
    cause: str = ""
    page: str = ""


@dataclass(frozen=True)
class ExpectColumn:
    site: str
    path: str
    name: str
    category: str
    items: int  # every list entry over all pages, undated ones included
    latest: date | None
    new_last_7_days: int
    level: int = 1


CARRIER_NEWS = "/xwzx/yxyw/202611/t20261112_1234506.html"  # 检查情况通报 with stale links
CARRIER_IMAGE = "/art/2026/10/27/art_1301_5679.html"
CARRIER_SERVICES = "/art/2026/10/19/art_1301_5681.html"  # 智慧出行 with service links
POLICY_WITH_ATTACHMENT = "/zwgk/zcwj/202604/t20260428_2100002.html"
FOCUS_COLUMN = "/xwzx/jrgz/index.html"  # 今日关注, drawn by script from JSON
BROWSER_ONLY_PATHS: list[str] = [FOCUS_COLUMN, main_site.CONSULT.path, gkmlpt.INDEX]

EXPECTED_FINDINGS: list[Expect] = [
    # -- stale site ----------------------------------------------------------------------------
    Expect("stale", "homepage_stale", "/", "veto", "首页最新信息 2026-10-21，30天未更新", "stale"),
    Expect("stale", "identity_missing", "/", "deduct", "页脚缺网站标识码和我为政府网站找错入口", "identity"),
    Expect("stale", "stale_column", "/gzdt/index.html", "deduct", "工作动态 最新 2026-10-21（30天）", "stale"),
    # -- stale and blank columns -----------------------------------------------------------------
    Expect("main", "stale_column", "/col/col1301/index.html", "deduct",
           "部门动态（一级新闻栏目）最新 2026-10-31，20天未更新", "stale"),
    Expect("main", "stale_column", "/xwzx/xzdt/index.shtml", "deduct",
           "乡镇动态 14天内有更新，但近7天只有1条（每周2条以上）", "weekly"),
    Expect("main", "stale_column", "/zwgk/tzgg/index.html", "deduct",
           "通知公告（一级）最新 2026-05-04，200天未更新", "stale"),
    Expect("main", "stale_column", "/zwgk/zcwj/index.html", "deduct",
           "政策文件（一级）最新 2026-05-14，190天未更新", "stale"),
    Expect("main", "stale_column", "/zwgk/rsrm/index.html", "deduct",
           "人事任免（二级）最新 2025-10-16，400天未更新", "stale"),
    Expect("main", "stale_column", "/ztzl/index.html", "deduct",
           "专题专栏（其他类）最新 2025-10-12，404天未更新；另有2条无日期", "stale"),
    Expect("main", "blank_column", "/zxft/index.html", "deduct", "在线访谈：TRS 栏目页显示“暂无信息”", "blank"),
    Expect("main", "blank_column", "/col/col1310/index.html", "deduct", "统计数据：Hanweb 数据岛为空", "blank"),
    # -- broken links --------------------------------------------------------------------------
    Expect("main", "broken_link", "/ztzl/2019lh/index.html", "deduct", "首页链接的旧专题已删除", "http:404", "/"),
    Expect("main", "broken_link", "/xwzx/yxyw/202301/t20230105_1000001.html", "deduct",
           "只在一篇文章里链接的旧稿件", "http:404", CARRIER_NEWS),
    Expect("main", "broken_link", "/picture/0/W020261027301234567.png", "deduct", "文章配图不存在", "http:404",
           CARRIER_IMAGE),
    Expect("main", "broken_link", "/zwgk/zcwj/202604/P020260428398765432.pdf", "deduct", "政策文件附件不存在",
           "http:404", POLICY_WITH_ATTACHMENT),
    Expect("main", "broken_link", "/zmhd/wsdc/survey.jsp?id=12", "deduct", "网上调查服务器内部错误", "http:500",
           CARRIER_SERVICES),
    Expect("main", "broken_link", "external:/zwgk/old/index.html", "deduct", "外部链接（省政务公开旧版）404",
           "http:404", "/"),
    Expect("main", "broken_link", "closed:", "deduct", "外部链接端口无服务（连接被拒绝）", "refused", "/"),
    Expect("main", "broken_link", "/loop/a.html", "deduct", "重定向循环 a -> b -> a", "redirect_loop", CARRIER_NEWS),
    Expect("main", "broken_link", "/jump/9.html", "deduct", "9次重定向（超过8次）", "redirects:9", CARRIER_NEWS),
    Expect("main", "broken_link", "/bsfw/bszn/index.html", "deduct", "HTTP 200 但页面提示不存在（软404）",
           "soft404", CARRIER_NEWS),
    Expect("main", "broken_link", "/jtcx/ssld.jsp", "deduct", "20秒才响应，超过15秒", "timeout", CARRIER_SERVICES),
    Expect("main", "broken_link", "/oa/index.html", "warn", "首页链接 403", "http:403", "/"),
    Expect("main", "broken_link", "/api/weather.jsp", "warn", "429 访问过于频繁", "http:429", CARRIER_SERVICES),
    # -- policy interpretation ---------------------------------------------------------------------
    Expect("main", "interpretation_missing", "/zwgk/zcwj/202604/t20260415_2100003.html", "deduct",
           "燃气安全管理通知没有解读", "interpretation"),
    Expect("main", "interpretation_unlinked", "/zwgk/zcwj/202601/t20260120_2100009.html", "deduct",
           "解读链接了文件，文件未链接解读", "interpretation"),
    Expect("main", "interpretation_late", "/zwgk/zcwj/202603/t20260310_2100006.html", "warn",
           "文件 2026-03-10 发布，解读 2026-03-18（第6个工作日）", "interpretation"),
    Expect("main", "interpretation_late", "/zwgk/bmwj/202610/t20261008_2300003.html", "warn",
           "部门文件 2026-10-08 发布，解读 2026-10-13：10-10调休上班，第4个工作日（按周一至周五只有3天）",
           "interpretation"),
    Expect("main", "interpretation_unlinked", "/zwgk/zcjd/202610/t20261021_2200202.html", "deduct",
           "部门文件链接了解读，解读未链接回文件（问题页面是解读）", "interpretation"),
]

DECOYS: list[Expect] = [
    Expect("main", "broken_link", "/old/bsfw.html", note="301 -> 302 -> 200，可用", cause="redirects:2", page="/"),
    Expect("main", "broken_link", "external:/zwfw/index.html", note="HEAD 405，GET 200", cause="head405", page="/"),
    Expect("main", "broken_link", "/data/kfml.html", note="首次 503，重试 200", cause="flaky503",
           page=CARRIER_SERVICES),
    Expect("main", "broken_link", "/xwzx/yxyw/202611/t20261109_1234507.html",
           note="正文超过2KB、含“404”字样的正常文章", cause="long404text", page="/xwzx/yxyw/index.html"),
    Expect("main", "stale_column", "/col/col1302/index.html", note="政务动态：近7天正好2条", cause="fresh"),
    Expect("main", "stale_column", "/xwzx/yxyw/index.html", note="云溪要闻：近7天5条", cause="fresh"),
    Expect("main", "stale_column", "/col/col1305/index.html", note="人事招考：300天（人事类365天）", cause="fresh"),
    Expect("main", "stale_column", "/zwgk/gsgg/index.html", note="公示公告：150天（通知公告类183天）", cause="fresh"),
    Expect("main", "stale_column", "/zwgk/ghjh/index.html", note="规划计划：263天（规划类365天）", cause="fresh"),
    Expect("main", "stale_column", "/zwgk/zcjd/index.html", note="政策解读：最新8天前", cause="fresh"),
    Expect("main", "stale_column", "/fgw/jgxx/index.html", note="价格信息（GBK）：最新4天前", cause="fresh"),
    Expect("main", "blank_column", "/ztzl/index.html", note="专题专栏：有条目（部分无日期），不是空白栏目",
           cause="items"),
    Expect("main", "homepage_stale", "/", note="首页最新信息 2026-11-19", cause="fresh"),
    Expect("main", "identity_missing", "/", note="页脚要素齐全", cause="identity"),
    Expect("main", "interpretation_missing", "/zwgk/zcwj/202605/t20260514_2100001.html",
           note="有解读，双向链接，次日发布", cause="interpretation"),
    Expect("main", "interpretation_unlinked", "/zwgk/zcwj/202605/t20260514_2100001.html",
           note="双向链接", cause="interpretation"),
    Expect("main", "interpretation_late", "/zwgk/zcwj/202605/t20260514_2100001.html",
           note="解读次日发布", cause="interpretation"),
    Expect("main", "interpretation_missing", "/zwgk/tzgg/202605/t20260504_1300001.html",
           note="通知的信息公开表发文字号为“无”，不是政策文件", cause="interpretation"),
    Expect("main", "interpretation_late", "/zwgk/bmwj/202609/t20260930_2300004.html",
           note="国庆假期：09-30发布，10-09解读，第2个工作日（按周一至周五是7天）", cause="interpretation"),
    Expect("main", "interpretation_missing", "/zwgk/bmwj/202610/t20261020_2300002.html",
           note="解读只有单向链接，仍算有解读", cause="interpretation"),
    Expect("main", "interpretation_unlinked", "/zwgk/bmwj/202610/t20261020_2300002.html",
           note="文件链接了解读；缺链接的是解读页", cause="interpretation"),
    Expect("main", "interpretation_unlinked", "/zwgk/bmwj/202610/t20261027_2300001.html",
           note="双向链接", cause="interpretation"),
    # -- pages only a browser can read ---------------------------------------------------------------
    Expect("main", "stale_column", FOCUS_COLUMN, note="今日关注：列表由脚本从JSON生成，近7天2条", cause="fresh"),
    Expect("main", "blank_column", FOCUS_COLUMN, note="今日关注：HTML里的列表是空的，浏览器里有8条", cause="script"),
    Expect("main", "blank_column", main_site.CONSULT.path, note="网上咨询：留言由脚本从JSON接口生成",
           cause="script"),
    Expect("main", "blank_column", gkmlpt.INDEX, note="财政信息（gkmlpt）：列表由脚本从JSON接口生成，共2页",
           cause="script"),
    Expect("main", "stale_column", gkmlpt.INDEX, note="财政信息（gkmlpt）：最新6天前（其他类365天）", cause="fresh"),
    Expect("main", "blank_column", main_site.LEADERS.path, note="领导信箱：留言由dataproxy_mailpublist.do返回",
           cause="script"),
]


def message_target(mailbox: Mailbox, letter) -> str:
    """A letter's finding target: its own page, else the list page with ``#`` and its number."""
    return mailbox.detail_path(letter) or f"{mailbox.path}#{letter.number}"


def _message_expectations() -> tuple[list[Expect], list[Expect]]:
    planted: list[Expect] = []
    decoys: list[Expect] = []
    for mailbox in MAILBOXES:
        for letter in mailbox.letters:
            note = f"{mailbox.name}：{letter.title}（{letter.sent.isoformat()}来信）{letter.note}"
            target = message_target(mailbox, letter)
            if letter.role in PROBLEM_ROLES:
                check, severity = PROBLEM_ROLES[letter.role]
                planted.append(Expect("main", check, target, severity, note, f"message:{letter.role}", mailbox.path))
            elif letter.role in DECOY_ROLES:
                decoys.append(Expect("main", DECOY_ROLES[letter.role], target, note=note,
                                     cause=f"message:{letter.role}", page=mailbox.path))
    return planted, decoys


_PLANTED_MESSAGES, _DECOY_MESSAGES = _message_expectations()
EXPECTED_FINDINGS += _PLANTED_MESSAGES
DECOYS += _DECOY_MESSAGES


def _columns(site: str, portal) -> list[ExpectColumn]:
    result = []
    for column in portal.columns:
        dated = column.dated
        result.append(ExpectColumn(site, column.path, column.name, column.category, len(column.entries),
                                   max(dated, default=None), sum(1 for day in dated if age(day) <= 6),
                                   column.level))
    return result


def _mailbox_columns(site: str) -> list[ExpectColumn]:
    """Mailboxes list messages; an item is a message, dated by when it was sent."""
    return [ExpectColumn(site, mailbox.path, mailbox.name, "mailbox", len(mailbox.letters),
                         max(letter.sent for letter in mailbox.letters),
                         sum(1 for letter in mailbox.letters if age(letter.sent) <= 6))
            for mailbox in MAILBOXES]


def _gkmlpt_column(site: str) -> ExpectColumn:
    return ExpectColumn(site, gkmlpt.INDEX, gkmlpt.NAME, "other", len(gkmlpt.DAYS), max(gkmlpt.DAYS),
                        sum(1 for day in gkmlpt.DAYS if age(day) <= 6))


EXPECTED_COLUMNS: list[ExpectColumn] = (_columns("main", main_site.build_portal()) + _mailbox_columns("main")
                                        + [_gkmlpt_column("main")] + _columns("stale", stale_site.build_portal()))


def resolve_target(demo, site: str, target: str) -> str:
    """The absolute normalised URL of ``target`` on ``site`` of a running ``DemoSites``."""
    if target == "closed:":
        return normalize_url(demo.closed_url)
    if target.startswith("external:"):
        return normalize_url(demo.url("external", target[len("external:"):]))
    return normalize_url(demo.url(site, target), keep_fragment=True)  # a message's #number
