"""What a generated site says, before any markup: identity, columns and their dated items,
policy documents and their interpretations, mailboxes and their letters.

Every date is chosen by its distance from the as-of date, well clear of the rule edges
(7, 14, 183, 365 days; 3 and 15 working days; 90 days), so the truth does not hang on an
off-by-one reading of a rule.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

CITIES = (("云溪", "yunxi"), ("青山", "qingshan"), ("松岭", "songling"), ("白河", "baihe"),
          ("临川", "linchuan"), ("桃源", "taoyuan"), ("清平", "qingping"), ("石门", "shimen"),
          ("南屏", "nanping"), ("安平", "anping"), ("龙泉", "longquan"), ("柳塘", "liutang"))
PROVINCES = (("湘", "hunan"), ("冀", "hebei"), ("浙", "zhejiang"), ("苏", "jiangsu"), ("赣", "jiangxi"),
             ("鲁", "shandong"), ("粤", "guangdong"), ("川", "sichuan"))
LEVELS = (("市", "市人民政府"), ("县", "县人民政府"), ("区", "区人民政府"))
TOWNS = ("青石镇", "溪口街道", "白沙镇", "东湖街道", "南屏镇", "龙潭镇", "西岭街道", "桃源镇", "云峰乡", "枫林乡")
TOPICS = ("安全生产", "秋冬季森林防火", "城乡环境综合整治", "稳就业", "农村人居环境整治", "数字政府建设",
          "优化营商环境", "养老服务体系建设", "燃气安全", "防汛抗旱", "义务教育均衡发展", "医保参保",
          "河湖长制", "乡村振兴", "消费品以旧换新", "高标准农田建设", "老旧小区改造", "食品安全")
UNITS = ("住房城乡建设局", "交通运输局", "教育局", "生态环境局", "水利局", "民政局", "人力社保局", "医保局",
         "自然资源和规划局", "市场监管局")
PEOPLE = ("王**", "李**", "张**", "刘**", "陈**", "杨**", "赵**", "黄**")

# (category, names that signal it, url slug)
COLUMN_KINDS = {
    "news": (("工作动态", "gzdt"), ("政务动态", "zwdt"), ("部门动态", "bmdt"), ("乡镇动态", "xzdt"),
             ("今日关注", "jrgz")),
    "notice": (("通知公告", "tzgg"), ("公示公告", "gsgg")),
    "policy": (("政策文件", "zcwj"), ("规范性文件", "gfxwj")),
    "interpretation": (("政策解读", "zcjd"),),
    "personnel": (("人事信息", "rsxx"), ("人事任免", "rsrm")),
    "planning": (("规划计划", "ghjh"), ("发展规划", "fzgh")),
    "other": (("统计数据", "tjsj"), ("财政信息", "czxx"), ("专题专栏", "ztzl"), ("在线访谈", "zxft")),
}
# Freshness limits (days) by category, as checks/rulebook.yaml states them; news also needs
# two new items in the last 7 days.
MAX_AGE = {"news": 14, "notice": 183, "policy": 183, "interpretation": 183, "personnel": 365,
           "planning": 365, "other": 365}


# -- working days (official calendar: statutory holidays off, make-up weekends on) --------------
def is_workday(day: date) -> bool:
    return chinese_calendar.is_workday(day)


def workdays_after(start: date, end: date) -> int:
    """Working days in (start, end]."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=n)))


def add_workdays(start: date, count: int) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_workday(day)
    return day


def sub_workdays(end: date, count: int) -> date:
    day = end
    while count > 0:
        day -= timedelta(days=1)
        count -= is_workday(day)
    return day


# -- the content model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    name: str  # 网站名称
    short: str  # the city name
    domain: str
    organizer: str
    operator: str
    site_code: str
    icp: str
    province: str  # one-character abbreviation
    province_host: str
    police: str  # 14 digits


@dataclass
class Item:
    """One article on a list. ``path`` is set by the CMS family that serves it."""

    id: int
    title: str
    day: date
    kind: str = "article"  # article | policy | interp
    path: str = ""
    doc_no: str | None = None  # 发文字号 of a policy document
    related: list[tuple[str, object]] = field(default_factory=list)  # (heading, Item or URL)
    extra_links: list[tuple[str, str]] = field(default_factory=list)  # (text, href) planted in the body
    long_text: bool = False  # a long article that mentions 404 (a decoy for soft-404 checks)


@dataclass
class Column:
    key: str
    name: str
    category: str
    slug: str
    state: str  # fresh | stale | weekly | blank
    items: list[Item] = field(default_factory=list)  # newest first
    cid: int = 0
    path: str = ""  # first list page, set by the family
    how: str = ""  # how its list is served

    @property
    def latest(self) -> date | None:
        return max((item.day for item in self.items), default=None)


@dataclass
class Letter:
    number: str
    title: str
    sent: date
    replied: date | None
    status: str
    role: str  # in_time | young | late | unanswered | veto | old
    unit: str
    author: str


@dataclass
class Mailbox:
    key: str
    name: str
    shape: str  # table | jact | json
    letters: list[Letter]  # newest first
    path: str = ""
    detail: dict[str, str] = field(default_factory=dict)  # letter number -> its page (none for json)


def identity(rng: random.Random) -> Identity:
    city, pinyin = rng.choice(CITIES)
    level, government = rng.choice(LEVELS)
    province, province_py = rng.choice(PROVINCES)
    name = f"{city}{government}"
    return Identity(
        name=name if rng.random() < 0.5 else f"{city}{level}人民政府门户网站", short=f"{city}{level}",
        domain=f"www.{pinyin}.gov.cn", organizer=f"{city}{level}人民政府办公室",
        operator=f"{city}{level}大数据中心", site_code=f"{rng.randint(1100, 6599)}{rng.randint(0, 999999):06d}",
        icp=f"{province}ICP备{rng.randint(10000000, 99999999)}号" + ("-1" if rng.random() < 0.4 else ""),
        province=province, province_host=f"www.{province_py}.gov.cn",
        police=f"{rng.randint(11, 65)}{rng.randint(0, 999999999999):012d}")


def column_dates(rng: random.Random, category: str, state: str, count: int, as_of: date,
                 min_age: int = 0) -> list[date]:
    """Newest-first dates of a column in the given state, clear of every rule edge; a fresh
    column's newest item is at least ``min_age`` days old."""
    if state == "blank" or count == 0:
        return []
    if category == "news":
        if state == "fresh":
            ages = [rng.randint(0, 2), rng.randint(3, 5)]
        elif state == "weekly":  # one item in the last 7 days, the next well before
            ages = [rng.randint(1, 4), rng.randint(9, 12)]
        else:
            ages = [rng.randint(20, 45)]
        step = (2, 6)
    else:
        limit = MAX_AGE[category]
        if state == "fresh":
            ages = [rng.randint(max(1, min_age), max(min_age, min(60, limit - 40)))]
        else:
            ages = [rng.randint(limit + 25, limit + 120)]
        step = (8, 40)
    while len(ages) < count:
        ages.append(ages[-1] + rng.randint(*step))
    return [as_of - timedelta(days=age) for age in ages[:count]]


def news_title(rng: random.Random, short: str) -> str:
    town, topic = rng.choice(TOWNS), rng.choice(TOPICS)
    return rng.choice((f"{town}扎实推进{topic}工作", f"{short}召开{topic}工作推进会",
                       f"{town}开展{topic}专项行动", f"{short}{topic}工作取得阶段性成效"))


def title_for(rng: random.Random, category: str, short: str, day: date) -> str:
    topic = rng.choice(TOPICS)
    if category == "news":
        return news_title(rng, short)
    if category == "notice":
        return rng.choice((f"关于开展{topic}检查的通知", f"关于{topic}项目的公示", f"关于做好{topic}工作的公告"))
    if category == "policy":
        return f"{short}人民政府办公室关于印发{short}{topic}实施方案的通知"
    if category == "personnel":
        return rng.choice((f"{short}人民政府关于{rng.choice(PEOPLE)[0]}某某等同志职务任免的通知",
                           f"{short}{day.year}年公开招聘事业单位工作人员公告"))
    if category == "planning":
        return f"{short}{day.year}年{topic}工作计划"
    return rng.choice((f"{short}{day.year}年{day.month}月主要经济指标", f"{short}{topic}专题",
                       f"{short}{day.year}年{day.month}月财政收支情况"))
