"""云溪市人民政府: the main simulated city portal (TRS columns, Hanweb columns, a GBK sub-site).

The tables below are the single description of its columns; ``expected.py`` reads the same
portal to state what an audit must find. Dates are picked by their age at AS_OF.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from govpatrol.demosite import consult, gkmlpt, jact, mail_table, traps
from govpatrol.demosite.assets import PNG, png
from govpatrol.demosite.builders import Item, generated_items, publish
from govpatrol.demosite.clock import ago, format_date, series
from govpatrol.demosite.letters import CONSULT, LEADERS, MAILBOXES, MAYOR
from govpatrol.demosite.content import CITY, NEWS_TITLES, TOWN_TITLES, TOWNS, paragraphs
from govpatrol.demosite.markup import document, esc, footer, header, site_meta
from govpatrol.demosite.model import Column, Disclosure, Identity, Link
from govpatrol.demosite.portal import Portal, not_found_page
from govpatrol.demosite.web import Links, Site, redirect

IDENTITY = Identity(
    name="云溪市人民政府",
    domain="www.yunxi.gov.cn",
    organizer="云溪市人民政府办公室",
    operator="云溪市大数据发展管理局",
    site_code="3399000012",
    icp="浙ICP备12345678号-1",
    gongan="33990202000123",
)

NEWS = ("新闻中心", None)
OPENNESS = ("政府信息公开", "/zwgk/index.html")

# Paths of the planted link problems and of the decoys (see expected.py for what each must do).
OLD_TOPIC_404 = "/ztzl/2019lh/index.html"  # linked from the homepage
OLD_ARTICLE_404 = "/xwzx/yxyw/202301/t20230105_1000001.html"  # linked only from an article
MISSING_IMAGE = "/picture/0/W020261027301234567.png"
MISSING_PDF = "/zwgk/zcwj/202604/P020260428398765432.pdf"
SERVER_ERROR = "/zmhd/wsdc/survey.jsp"
FORBIDDEN = "/oa/index.html"
TOO_MANY = "/api/weather.jsp"
SOFT_404 = "/bsfw/bszn/index.html"
LOOP_A, LOOP_B = "/loop/a.html", "/loop/b.html"
CHAIN_PATTERN = "/jump/{n}.html"
HANGING = "/jtcx/ssld.jsp"
FLAKY = "/data/kfml.html"
TWO_REDIRECTS = "/old/bsfw.html"
EXTERNAL_404 = "external:/zwgk/old/index.html"
EXTERNAL_HEAD_405 = "external:/zwfw/index.html"


# -- column tables ------------------------------------------------------------------------------

def _columns() -> dict[str, Column]:
    specs = [
        Column("yxyw", "云溪要闻", "/xwzx/yxyw/index.html", "news", pager="countpage", per_page=20,
               truncate=22, section=NEWS),
        Column("jrgz", "今日关注", "/xwzx/jrgz/index.html", "news", pager=None, markup="script", section=NEWS),
        Column("xzdt", "乡镇动态", "/xwzx/xzdt/index.shtml", "news", pager="createpage", per_page=12,
               date_style="month_day", section=NEWS),
        Column("bmdt", "部门动态", "/col/col1301/index.html", "news", cms="hanweb", per_page=15,
               column_id=1301, unit_id=4521, section=NEWS),
        Column("zwdt", "政务动态", "/col/col1302/index.html", "news", cms="hanweb", per_page=15,
               column_id=1302, unit_id=4522, date_style="slash", name_from="hidden", section=NEWS),
        Column("tzgg", "通知公告", "/zwgk/tzgg/index.html", "notice", per_page=15, date_style="cn",
               section=OPENNESS),
        Column("zcwj", "政策文件", "/zwgk/zcwj/index.html", "policy", markup="table", section=OPENNESS),
        Column("zcjd", "政策解读", "/zwgk/zcjd/index.html", "interpretation", pager=None,
               date_style="bracket", section=OPENNESS),
        Column("zwgk", "政府信息公开", "/zwgk/index.html", "other", pager=None, markup="rows"),
        Column("ztzl", "专题专栏", "/ztzl/index.html", "other", pager=None, name_from="title"),
        Column("zxft", "在线访谈", "/zxft/index.html", "other", section=("互动交流", None)),
        Column("jgxx", "价格信息", "/fgw/jgxx/index.html", "other", cms="gbk", pager=None,
               date_style="cn", section=("市发展改革委", None)),
        # second level: linked from 政府信息公开 only
        Column("rsrm", "人事任免", "/zwgk/rsrm/index.html", "personnel", level=2, parent="zwgk",
               pager=None, name_from="breadcrumb"),
        Column("rszk", "人事招考", "/col/col1305/index.html", "personnel", cms="hanweb", level=2,
               parent="zwgk", column_id=1305, unit_id=4525, per_page=15),
        Column("gsgg", "公示公告", "/zwgk/gsgg/index.html", "notice", level=2, parent="zwgk",
               pager=None, date_style="cn_short"),
        Column("bmwj", "部门文件", "/zwgk/bmwj/index.html", "policy", level=2, parent="zwgk",
               pager=None, markup="table"),
        Column("ghjh", "规划计划", "/zwgk/ghjh/index.html", "planning", level=2, parent="zwgk",
               pager=None, markup="table", date_style="slash"),
        Column("tjsj", "统计数据", "/col/col1310/index.html", "other", cms="hanweb", level=2,
               parent="zwgk", column_id=1310, unit_id=4530),
    ]
    return {column.key: column for column in specs}


NAV_ORDER = ("yxyw", "jrgz", "zwgk", "zcwj", "zcjd", "tzgg", "bmdt", "zwdt", "xzdt", "ztzl", "zxft")


# -- policy documents and their interpretations -----------------------------------------------

@dataclass(frozen=True)
class PolicyDoc:
    written: date
    published: date
    title: str
    doc_no: str
    interpreted: date | None  # the interpretation's publication day; None: no interpretation
    links_interpretation: bool = True  # the document carries a 相关解读 link
    interpretation_links_back: bool = True  # the interpretation carries a 相关文件 link


# 政策文件: the interpretation of 03-10 comes 6 working days later (late); 04-15 has none
# (missing); the one of 01-20 links to its document but the document does not link back.
POLICY_DOCS = (
    PolicyDoc(date(2026, 5, 12), date(2026, 5, 14), "云溪市人民政府关于印发《云溪市推动大规模设备更新和消费品以旧换新实施方案》的通知",
              "云政发〔2026〕9号", date(2026, 5, 15)),
    PolicyDoc(date(2026, 4, 24), date(2026, 4, 28), "云溪市人民政府办公室关于印发《云溪市促进民营经济高质量发展若干措施》的通知",
              "云政办发〔2026〕21号", date(2026, 4, 29)),
    PolicyDoc(date(2026, 4, 13), date(2026, 4, 15), "云溪市人民政府办公室关于进一步加强城市燃气安全管理的通知",
              "云政办发〔2026〕18号", None, links_interpretation=False),
    PolicyDoc(date(2026, 3, 27), date(2026, 3, 31), "云溪市人民政府关于印发《云溪市数字政府建设三年行动计划（2026—2028年）》的通知",
              "云政发〔2026〕6号", date(2026, 4, 1)),
    PolicyDoc(date(2026, 3, 16), date(2026, 3, 18), "云溪市人民政府办公室关于印发《云溪市养老服务体系建设实施方案》的通知",
              "云政办发〔2026〕12号", date(2026, 3, 19)),
    PolicyDoc(date(2026, 3, 6), date(2026, 3, 10), "云溪市人民政府关于调整城乡居民基本医疗保险缴费标准的通知",
              "云政发〔2026〕4号", date(2026, 3, 18)),
    PolicyDoc(date(2026, 2, 24), date(2026, 2, 26), "云溪市人民政府办公室关于做好2026年高标准农田建设工作的通知",
              "云政办发〔2026〕7号", date(2026, 2, 27)),
    PolicyDoc(date(2026, 2, 6), date(2026, 2, 10), "云溪市人民政府关于印发《云溪市优化营商环境若干规定》的通知",
              "云政发〔2026〕2号", date(2026, 2, 11)),
    PolicyDoc(date(2026, 1, 16), date(2026, 1, 20), "云溪市人民政府办公室关于加强河湖长制工作的实施意见",
              "云政办发〔2026〕3号", date(2026, 1, 21), links_interpretation=False),
    PolicyDoc(date(2026, 1, 6), date(2026, 1, 8), "云溪市人民政府办公室关于印发《云溪市就业创业补贴实施办法》的通知",
              "云政办发〔2026〕1号", date(2026, 1, 9)),
)

# 部门文件 around the National Day holidays (10-01..10-07 off, Saturday 10-10 worked): the
# interpretation of 10-08 comes on 10-13, the 4th working day (late, though only 3 weekdays);
# the one of 09-30 comes on 10-09, the 2nd working day (in time, though 7 weekdays); the
# interpretation of 10-20 is linked from its document but does not link back.
DEPARTMENT_DOCS = (
    PolicyDoc(date(2026, 10, 23), date(2026, 10, 27), "云溪市发展和改革委员会关于印发《云溪市节能降碳行动方案（2026—2027年）》的通知",
              "云发改〔2026〕45号", date(2026, 10, 28)),
    PolicyDoc(date(2026, 10, 16), date(2026, 10, 20), "云溪市住房和城乡建设局关于进一步规范住宅小区物业服务收费的通知",
              "云建〔2026〕31号", date(2026, 10, 21), interpretation_links_back=False),
    PolicyDoc(date(2026, 9, 29), date(2026, 10, 8), "云溪市人力资源和社会保障局关于印发《云溪市稳就业促增收若干措施》的通知",
              "云人社发〔2026〕17号", date(2026, 10, 13)),
    PolicyDoc(date(2026, 9, 24), date(2026, 9, 30), "云溪市民政局关于做好2026年度城乡低保标准调整工作的通知",
              "云民发〔2026〕22号", date(2026, 10, 9)),
)

# Recent interpretations of provincial documents (on the external site), keeping 政策解读 fresh.
PROVINCIAL_DOCS = (
    (ago(8), "external:/art/2026/11/6/art_2101_40001.html", "云江省人民政府关于进一步促进民营经济高质量发展的若干意见"),
    (ago(31), "external:/art/2026/10/15/art_2101_39876.html", "云江省人民政府办公厅关于加快推进数字政府建设的实施意见"),
    (ago(73), "external:/art/2026/9/1/art_2101_39511.html", "云江省人民政府关于印发云江省推动大规模设备更新实施方案的通知"),
)


def _short_name(title: str) -> str:
    """《…》 inside a title, else the title from 关于 on (what an interpretation quotes)."""
    if "《" in title and "》" in title:
        return title[title.index("《") + 1:title.index("》")]
    return "关于" + title.split("关于", 1)[-1]


def _document_items(docs: tuple[PolicyDoc, ...], first_number: int, index_base: int) -> list[Item]:
    items = []
    for n, doc in enumerate(docs):
        issuer = doc.title[:doc.title.index("关于")]
        disclosure = Disclosure(index_no=f"11339900MB1234567X/2026-{n + index_base:05d}", organ=issuer,
                                written=doc.written, doc_no=doc.doc_no, published=doc.published, topic="综合政务",
                                style="paragraphs" if n % 3 == 2 else "table")
        text = ("各县（市、区）人民政府，市政府各部门、各直属机构：",
                f"《{_short_name(doc.title)}》已经研究同意，现印发给你们，请结合实际认真贯彻执行。",
                "一、总体要求。坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，推动各项任务落地见效。",
                "二、重点任务。各地各部门要按照职责分工，细化工作举措，明确时间节点，确保按期完成。",
                "三、保障措施。加强组织领导，强化督查考核，及时总结推广经验做法。",
                "本文件自印发之日起施行。")
        source = "市政府办公室" if issuer.startswith("云溪市人民政府") else issuer.removeprefix("云溪")
        items.append(Item(doc.title, doc.published, source, text, first_number + n, doc_no=doc.doc_no,
                          article={"disclosure": disclosure, "pubdate_meta": "cn" if n % 2 else "iso"}))
    return items


def _interpretation_items(docs: tuple[PolicyDoc, ...], doc_items: list[Item], doc_column: Column,
                          zcjd: Column, first_number: int) -> list[Item]:
    """Interpretations of ``docs``, and the 相关解读 links of the documents that carry one."""
    items = []
    for n, (doc, doc_item) in enumerate(zip(docs, doc_items)):
        if doc.interpreted is None:
            continue
        name = _short_name(doc.title)
        issuer = doc.title.split("关于")[0]
        interp = Item(f"《{name}》政策解读", doc.interpreted, doc_item.source,
                      (f"近日，{issuer}印发了《{name}》。现就有关内容解读如下。",
                       "一、出台背景。为贯彻落实上级决策部署，结合我市实际，制定本文件。",
                       "二、主要内容。文件明确了目标任务、重点举措和保障措施。",
                       "三、实施时间。本文件自印发之日起施行。"), first_number + n)
        if doc.interpretation_links_back:
            interp.article["related"] = [("相关文件", [Link(doc.title, doc_item.path(doc_column))])]
        if doc.links_interpretation:
            doc_item.article["related"] = [("相关解读", [Link(interp.title, interp.path(zcjd))])]
        doc_item.label = "解读"
        items.append(interp)
    return items


def _policy(portal: Portal, columns: dict[str, Column], rng: random.Random) -> None:
    zcwj, bmwj, zcjd = columns["zcwj"], columns["bmwj"], columns["zcjd"]
    doc_items = _document_items(POLICY_DOCS, 2_100_001, 12)
    dept_items = _document_items(DEPARTMENT_DOCS, 2_300_001, 40)
    doc_items[0].article["attachments"] = [Link("附件：云溪市设备更新重点项目清单.pdf",
                                                "/zwgk/zcwj/202605/P020260514512345678.pdf", "attachment")]
    doc_items[1].article["attachments"] = [Link("附件：政策措施责任分工表.pdf", MISSING_PDF, "attachment")]

    interp_items = (_interpretation_items(POLICY_DOCS, doc_items, zcwj, zcjd, 2_200_001)
                    + _interpretation_items(DEPARTMENT_DOCS, dept_items, bmwj, zcjd, 2_200_201))
    for n, (day, href, title) in enumerate(PROVINCIAL_DOCS):
        interp_items.append(Item(
            f"图解：{title}", day, "云江省人民政府办公厅",
            (f"一图读懂《{_short_name(title)}》。", "本解读由省政府办公厅提供。"),
            2_200_101 + n, article={"related": [("相关文件", [Link(title, href)])]}))
    interp_items.sort(key=lambda item: item.day, reverse=True)
    for article in (publish(zcjd, interp_items, rng) + publish(zcwj, doc_items, rng)
                    + publish(bmwj, dept_items, rng)):
        portal.add_article(article)


# -- the other columns --------------------------------------------------------------------------

NOTICE_TITLES = (
    "关于做好{topic}工作的通知", "关于开展{topic}专项行动的通知", "关于{topic}有关事项的公告",
    "关于印发2026年{topic}工作要点的通知", "{org}关于{topic}的通告",
)
PERSONNEL_TITLES = ("云溪市人民政府关于{org}等单位有关同志职务任免的通知", "云溪市人民政府关于{org}有关同志职务任免的通知")
RECRUIT_TITLES = ("{org}2026年公开招聘编外工作人员公告", "{org}所属事业单位公开招聘工作人员公告",
                  "{org}公开选调工作人员拟录用人员名单公示")
PUBLICITY_TITLES = ("关于{org}{topic}项目的公示", "{org}关于{topic}拟表彰对象的公示", "{org}{topic}资金分配结果公示")
PLAN_TITLES = ("云溪市{topic}专项规划（2026—2030年）", "云溪市2026年{topic}工作计划", "{org}2026年度{topic}实施计划")
PRICE_TITLES = ("2026年{n}月第{w}周云溪市主要农产品价格监测", "云溪市{n}月份居民消费价格运行情况",
                "云溪市{n}月份成品油价格调整情况")


def _news(columns: dict[str, Column], rng: random.Random) -> list:
    articles = []
    yxyw = columns["yxyw"]
    days = [ago(1), ago(2), ago(2), ago(3), ago(4), *series(ago(8), 43, 3)]
    items = generated_items(rng, days, NEWS_TITLES, 1_234_501)
    items[0].article["images"] = [f"/xwzx/yxyw/{days[0]:%Y%m}/W0{days[0]:%Y%m%d}512345678.png"]
    # A page that links old material which has since gone (and a few other bad links).
    items[5].title = f"{CITY}通报2026年第三季度政府网站和政务新媒体检查情况"
    items[5].paragraphs = (
        "近日，市政府办公室对全市政府网站和政务新媒体开展了第三季度检查，共检查政府网站32家、政务新媒体86个。",
        "检查发现，个别网站存在栏目更新不及时、链接不可用等问题，已通报相关单位限期整改。",
        "以往各季度检查情况通报，可通过下方相关链接查阅。",
    )
    items[5].article["see_also"] = [
        Link("2023年第一季度检查情况通报", OLD_ARTICLE_404),
        Link("办事指南查询", SOFT_404),
        Link("网上调查（旧版）", LOOP_A),
        Link("政务服务旧入口", CHAIN_PATTERN.format(n=9)),
    ]
    # A long, healthy article that happens to talk about "404" pages (must not read as a soft 404).
    items[6].title = "市数据局部署开展政府网站“404”错误页面专项整治"
    items[6].paragraphs = _long_404_text()
    articles += publish(yxyw, items, rng)

    xzdt = columns["xzdt"]
    articles += publish(xzdt, generated_items(rng, [ago(3), *series(ago(10), 29, 9)], TOWN_TITLES,
                                              3_100_001, TOWNS), rng)

    bmdt = columns["bmdt"]
    items = generated_items(rng, series(ago(20), 40, 4), NEWS_TITLES, 5678)
    items[1].article["images"] = [MISSING_IMAGE, f"/picture/0/W0{items[1].day:%Y%m%d}300000002.png"]
    items[3].title = "市交通运输局上线“智慧出行”便民服务平台"
    items[3].paragraphs = (
        "10月19日，市交通运输局“智慧出行”便民服务平台正式上线运行。",
        "平台整合了实时路况、公交到站、停车泊位等信息，市民可通过市政府门户网站和移动端查询使用。",
        "市交通运输局还同步开展出行服务满意度网上调查，欢迎市民参与。",
    )
    items[3].article["see_also"] = [
        Link("实时路况查询", HANGING),
        Link("网上调查：您对出行服务的评价", SERVER_ERROR + "?id=12"),
        Link("天气预报", TOO_MANY),
        Link("公共数据开放目录", FLAKY),
    ]
    articles += publish(bmdt, items, rng)

    zwdt = columns["zwdt"]
    items = generated_items(rng, [ago(2), ago(4), *series(ago(9), 18, 5)], NEWS_TITLES, 6801)
    for item in items[1::4]:
        item.label = "解读"
    articles += publish(zwdt, items, rng)
    return articles


def _long_404_text() -> tuple[str, ...]:
    return (
        "为进一步提升政府网站服务质量，市数据局近日印发通知，在全市范围内部署开展政府网站“404”错误页面专项整治工作，"
        "整治范围覆盖市政府门户网站、市级部门网站和各县（市、区）政府网站。",
        "通知指出，今年以来的季度检查中，部分网站存在栏目链接失效、附件无法下载、页面返回“404”等问题，"
        "个别网站的办事指南入口长期无法打开，影响群众获取政务信息和办事体验。",
        "据统计，第三季度全市政府网站共监测到不可用链接一百余条，主要集中在历史专题、过期办事入口和已调整机构的外部链接，"
        "其中部分页面因栏目改版后未设置跳转，群众从搜索引擎进入时只能看到错误提示。",
        "一是全面排查。各单位要对照政府网站与政务新媒体检查指标，逐一排查本单位网站的首页、栏目页、文章页、"
        "附件和外部链接，形成问题清单，于本月底前报市数据局。",
        "二是限期整改。对排查发现的错链、断链，要在五个工作日内完成修复；对确需下线的栏目和页面，"
        "要做好归档和跳转，避免群众访问时出现错误页面。",
        "三是建立长效机制。各单位要明确网站内容保障责任人，建立日常巡查制度，"
        "每周至少开展一次链接可用性检测，对长期不更新的栏目及时归并或关停。",
        "四是加强外部链接管理。链接到其他网站的内容，要定期核实其可用性和内容的准确性，"
        "对已经失效或者内容变更的外部链接及时删改。",
        "五是强化督查考核。市数据局将通过技术监测和人工抽查相结合的方式，每季度通报各单位网站检查情况，"
        "对问题突出、整改不力的单位进行约谈，并将整改情况纳入年度政务公开绩效考核。",
        "通知要求，各县（市、区）政府办公室要加强对本地区政府网站的统筹指导，乡镇（街道）信息发布需求统一通过"
        "县级政府网站集约化平台办理，不得另行开设网站。",
        "下一步，市数据局将持续完善全市政府网站集约化平台功能，提升网站监测的自动化水平，"
        "推动全市政府网站从“能用”向“好用”“易用”转变，更好地服务企业和群众。",
    )


def _openness(columns: dict[str, Column], rng: random.Random) -> list:
    articles = []
    tzgg = columns["tzgg"]
    items = generated_items(rng, series(ago(200), 25, 9), NOTICE_TITLES, 1_300_001)
    for item in items[::4]:  # 信息公开 header without a 发文字号: not a policy document
        item.article["disclosure"] = Disclosure(f"11339900MB1234567X/2026-1{item.number % 1000:04d}",
                                                "云溪市人民政府办公室", item.day, "无", item.day,
                                                style="paragraphs")
    articles += publish(tzgg, items, rng)

    zwgk = columns["zwgk"]
    titles = ("云溪市2026年法治政府建设情况报告", "云溪市人民政府2025年政府信息公开工作年度报告",
              "云溪市人民政府信息公开指南（2026年修订）", "云溪市人民政府部门权责清单（2026年版）",
              "云溪市政府信息主动公开基本目录", "云溪市人民政府机构职能")
    days = (ago(14), ago(45), ago(120), ago(200), ago(290), ago(330))
    articles += publish(zwgk, [Item(title, day, "市政府办公室",
                                    paragraphs(rng, day, "市政府办公室", "政务公开", 3), 1_400_001 + n)
                               for n, (title, day) in enumerate(zip(titles, days))], rng)

    ztzl = columns["ztzl"]
    topics = ("学习贯彻党的二十届四中全会精神", "优化营商环境", "创建全国文明城市", "安全生产月",
              "民法典宣传", "爱国卫生运动")
    days = (ago(500), ago(520), *series(ago(404), 4, 30))
    items = [Item(f"{topic}专题", day, "市政府办公室", paragraphs(rng, day, "市政府办公室", topic, 3),
                  1_500_001 + n, listed_date=n >= 2) for n, (topic, day) in enumerate(zip(topics, days))]
    articles += publish(ztzl, items, rng)

    rsrm = columns["rsrm"]
    articles += publish(rsrm, generated_items(rng, series(ago(400), 8, 25), PERSONNEL_TITLES, 1_600_001), rng)
    rszk = columns["rszk"]
    articles += publish(rszk, generated_items(rng, series(ago(300), 6, 20), RECRUIT_TITLES, 7001), rng)
    gsgg = columns["gsgg"]
    articles += publish(gsgg, generated_items(rng, series(ago(150), 7, 15), PUBLICITY_TITLES, 1_700_001), rng)
    ghjh = columns["ghjh"]
    articles += publish(ghjh, generated_items(rng, series(ago(263), 5, 60), PLAN_TITLES, 1_800_001), rng)
    return articles


def _prices(columns: dict[str, Column], rng: random.Random) -> list:
    """The GBK sub-site of 市发展改革委; one page claims UTF-8 in its header but is GBK."""
    jgxx = columns["jgxx"]
    days = series(ago(4), 10, 7)
    items = []
    for n, day in enumerate(days):
        title = rng.choice(PRICE_TITLES).format(n=day.month, w=(day.day - 1) // 7 + 1)
        if any(item.title == title for item in items):
            title = f"{title}（{day.month}月{day.day}日）"
        text = (f"{day.month}月{day.day}日，市发展改革委价格监测中心对全市主要农贸市场开展价格监测。",
                "监测显示，粮油价格总体平稳，猪肉价格小幅回落，鸡蛋、蔬菜价格略有上涨。",
                "下一步，将继续加强重要民生商品价格监测预警，保障市场供应和价格基本稳定。")
        items.append(Item(title, day, "市发展改革委", text, 1_900_001 + n))
    items[2].article["encoding"] = "gbk-labelled-utf-8"
    return publish(jgxx, items, rng)


def _focus(columns: dict[str, Column], rng: random.Random) -> list:
    """今日关注: a news column whose list only the page's script draws (from JSON)."""
    jrgz = columns["jrgz"]
    days = [ago(1), ago(4), ago(9), ago(13), ago(20), ago(27), ago(35), ago(48)]
    return publish(jrgz, generated_items(rng, days, NEWS_TITLES, 3_300_001), rng)


def build_portal() -> Portal:
    """The main site's content: columns, entries and articles (no server needed)."""
    rng = random.Random(20261120)
    columns = _columns()
    portal = Portal("main", IDENTITY)
    for column in columns.values():
        portal.add(column)
    _policy(portal, columns, rng)
    for article in _news(columns, rng) + _openness(columns, rng) + _prices(columns, rng) + _focus(columns, rng):
        portal.add_article(article)
    for article in gkmlpt.articles():
        portal.add_article(article)
    portal.nav = [(columns[key].name, columns[key].path) for key in NAV_ORDER]
    portal.gbk_nav = [("返回市政府门户", "/"), ("价格信息", columns["jgxx"].path)]
    portal.missing = frozenset({MISSING_IMAGE, MISSING_PDF})
    return portal


# -- homepage ---------------------------------------------------------------------------------------

def _block(block_id: str, title: str, more: str | None, lines: list[str]) -> str:
    more_link = f'<a class="more" href="{esc(more)}">更多&gt;&gt;</a>' if more else ""
    return (f'<div class="block" id="{block_id}"><div class="block-title"><h3>{esc(title)}</h3>{more_link}</div>\n'
            f'<ul>\n{"".join(lines)}\n</ul></div>')


def _dated_lines(column: Column, count: int, style: str) -> list[str]:
    lines = []
    for entry in column.entries[:count]:
        href = "." + entry.href if entry.href.startswith("/") else entry.href
        day = f"<span>{format_date(entry.date, style)}</span>" if entry.date else ""
        lines.append(f'<li><a href="{esc(href)}" title="{esc(entry.title)}" target="_blank">{esc(entry.title)}</a>{day}</li>\n')
    return lines


def homepage(portal: Portal, links: Links) -> str:
    c = {column.key: column for column in portal.columns}
    external = links.resolve("external:/", "main").rstrip("/")
    pictures = [f'<li><a href=".{entry.href}"><img src="/images/tpxw/{n}.png" alt="{esc(entry.title)}">'
                f"<p>{esc(entry.title)}</p></a></li>\n" for n, entry in enumerate(c["yxyw"].entries[:3], start=1)]
    topics = [f'<li><a href=".{entry.href}"><img src="/images/banner/zt{n}.png" alt="{esc(entry.title)}"></a></li>\n'
              for n, entry in enumerate(c["ztzl"].entries[:2], start=1)]
    topics.append(f'<li><a href="{OLD_TOPIC_404}">2019年全国两会专题</a></li>\n')
    services = [
        f'<li><a href="{TWO_REDIRECTS}">办事服务</a></li>\n',
        f'<li><a href="{external}/zwfw/index.html" target="_blank">云江政务服务网</a></li>\n',
        f'<li><a href=".{c["zwgk"].path}">政府信息公开</a></li>\n',
        f'<li><a href="{gkmlpt.INDEX}">政府信息公开目录（财政信息）</a></li>\n',
        f'<li><a href=".{c["jgxx"].path}">价格信息（市发展改革委）</a></li>\n',
        f'<li><a href="{FORBIDDEN}">机关内网办公</a></li>\n',
    ]
    interaction = [f'<li><a href="{esc(mailbox.path)}">{esc(mailbox.name)}</a></li>\n' for mailbox in MAILBOXES]
    interaction.append(f'<li><a href=".{c["zxft"].path}">在线访谈</a></li>\n')
    friends = (
        f'<a href="{external}/" target="_blank">云江省人民政府</a>　'
        f'<a href="{links.resolve(EXTERNAL_404, "main")}" target="_blank">云江省政务公开（旧版）</a>　'
        f'<a href="{links.closed}" target="_blank">云溪市公共资源交易网</a>　'
        f'<a href="{links.stale}" target="_blank">松岭县人民政府</a>'
    )
    body = f"""{header(portal.identity, portal.nav)}
<div class="banner"><a href=".{c["ztzl"].entries[2].href}"><img src="/images/banner/top.png" alt="专题"></a></div>
<iframe src="/module/weather/index.html" width="300" height="40" frameborder="0" scrolling="no"></iframe>
<div class="tpxw"><h3>图片新闻</h3><ul>{"".join(pictures)}</ul></div>
{_block("yxyw", "云溪要闻", "./xwzx/yxyw/index.html", _dated_lines(c["yxyw"], 8, "iso"))}
{_block("zwdt", "政务动态", "/col/col1302/index.html", _dated_lines(c["zwdt"], 6, "month_day"))}
{_block("bmdt", "部门动态", "/col/col1301/index.html", _dated_lines(c["bmdt"], 5, "iso"))}
{_block("tzgg", "通知公告", "./zwgk/tzgg/index.html", _dated_lines(c["tzgg"], 6, "iso"))}
{_block("zcwj", "政策文件", "./zwgk/zcwj/index.html", _dated_lines(c["zcwj"], 5, "iso"))}
{_block("zcjd", "政策解读", "./zwgk/zcjd/index.html", _dated_lines(c["zcjd"], 4, "cn"))}
{_block("ztzl", "专题专栏", "./ztzl/index.html", topics)}
{_block("bsfw", "办事服务", None, services)}
{_block("hdjl", "互动交流", None, interaction)}
<div class="friend-links"><h3>友情链接</h3>{friends}</div>
{footer(portal.identity, links, "main")}"""
    return document(portal.identity.name, site_meta(portal.identity, "首页"), body)


# -- the served site --------------------------------------------------------------------------------

def _service_page(links: Links) -> str:
    external = links.resolve("external:/", "main").rstrip("/")
    return document("办事服务_云溪市人民政府", site_meta(IDENTITY, None),
                    f"{header(IDENTITY, [])}<h2>办事服务</h2><p>个人办事、法人办事、部门服务请前往云江政务服务网云溪站点办理。</p>"
                    f'<p><a href="{external}/zwfw/index.html">进入云江政务服务网</a></p>{footer(IDENTITY, links, "main")}')


def add_traps(site: Site) -> None:
    site.add(SERVER_ERROR, traps.status(500, "500 Internal Server Error", "服务器内部错误。"))
    site.add(FORBIDDEN, traps.status(403, "403 Forbidden", "您无权访问该页面。"))
    site.add(TOO_MANY, traps.status(429, "访问过于频繁", "请求过于频繁，请稍后再试。",
                                    (("Retry-After", "120"),)))
    site.add(SOFT_404, traps.soft_not_found())
    traps.add_redirect_loop(site, LOOP_A, LOOP_B)
    traps.add_redirect_chain(site, CHAIN_PATTERN, 9, "已跳转到政务服务新入口。")
    site.add(HANGING, traps.hang())
    site.add(FLAKY, traps.flaky(FLAKY))
    # The decoy: 301 then 302, then a working page.
    site.add(TWO_REDIRECTS, lambda request: redirect("/bsfw/old.html", 301))
    site.add("/bsfw/old.html", lambda request: redirect("/bsfw/index.html", 302))
    site.page("/bsfw/index.html", _service_page)


def build_site(portal: Portal | None = None) -> Site:
    portal = portal or build_portal()
    site = Site("main", not_found_page)
    site.page("/", lambda links: homepage(portal, links))
    site.page("/module/weather/index.html",
              lambda links: document("云溪天气", "", "<p>云溪市 今天 晴 12～20℃ 东北风3级</p>"))
    picture = png(300, 120, (181, 18, 27))
    for name in ("tpxw/1", "tpxw/2", "tpxw/3", "banner/zt1", "banner/zt2", "banner/top"):
        site.file(f"/images/{name}.png", picture, PNG)
    add_traps(site)
    portal.build(site)
    mail_table.add_routes(site, portal, MAYOR)
    jact.add_routes(site, portal, LEADERS)
    consult.add_routes(site, portal, CONSULT)
    gkmlpt.add_routes(site, portal)
    return site

