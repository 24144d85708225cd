"""The randomised look of one generated site: names of classes and ids, nesting, date and label
wording, title tags, pagers, how script loads lists, footer wording, mailbox shapes.

Every choice is drawn from the seed's random generator, so a seed always gives the same
template and neighbouring seeds give different ones.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date

LIST_CLASSES = ("list", "news-list", "lb", "xxgk-list", "con-list", "m-list", "list-box", "infoList", "wzlb")
BOX_CLASSES = ("main", "content", "wrap", "container", "mainbox", "right", "con-right", "lm-con")
LIST_SHAPES = ("ul", "ul", "table", "rows", "dl")
DATE_STYLES = ("iso", "bracket", "cn", "slash", "dot", "cn_short")
ARTICLE_DATE_LABELS = ("发布日期：", "发布时间：", "时间：", "日期：", "bracket", "unlabelled_cn", "unlabelled_iso")
TITLE_TAGS = ("h1", "h2", "h3", "h5", "div")
TITLE_SEPARATORS = ("_", "-", "--", " - ", " | ", "—")
SOURCE_LABELS = ("来源：", "信息来源：", "发布机构：")
META_PUBDATE = ("same", "same", "none", "migration")  # migration: a later time than the page shows
ORGANIZER_LABELS = ("主办单位：", "主办单位：", "主办方：", "主办：")
POLICE_STYLES = ("公网安备 {n}号", "公网安备{n}号", "公网安备 {n}", "公安备案号：{n}", "公安网备号 {n}",
                 "公网安备{n}")
SITE_CODE_STYLES = ("网站标识码：{c}", "网站标识码{c}", "网站标识码 {c}", "网站标识码:{c}")
JIUCUO_STYLES = ("widget", "link", "both")
MAILBOX_SHAPES = ("table", "jact", "json")
LOADERS = ("inline", "external", "data-api")
TRS_PAGERS = ("countpage", "createpage")
EXTENSIONS = ("html", "shtml", "htm")


@dataclass(frozen=True)
class Template:
    list_class: str
    box_class: str
    list_shape: str  # ul | table | rows | dl
    nesting: int  # wrapper divs around the list
    date_style: str
    article_date_label: str
    title_tag: str
    title_separator: str
    source_label: str
    meta_pubdate: str
    organizer_label: str
    police_style: str
    site_code_style: str
    jiucuo: str
    mailbox_shapes: tuple[str, ...]
    loader: str  # how script-drawn lists find their data
    trs_pager: str
    extension: str
    per_page: int
    id_prefix: str  # prefix of element ids (cms widgets name theirs)
    stray_end: bool  # article pages close </html> after the header include (seen on www.gov.cn)
    static_pager: str  # links (list_2.html …) | hidden_blocks (every page pre-rendered, a script shows one)
    xxgk_host: bool  # TRS: the 政务公开 columns live on their own host xxgk.<domain>
    truncate: int  # list titles longer than this are cut with "..." (full title in @title); 0: never

    def as_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}


def draw_template(rng: random.Random) -> Template:
    shapes = list(MAILBOX_SHAPES)
    rng.shuffle(shapes)
    return Template(
        list_class=rng.choice(LIST_CLASSES), box_class=rng.choice(BOX_CLASSES),
        list_shape=rng.choice(LIST_SHAPES), nesting=rng.randint(1, 4),
        date_style=rng.choice(DATE_STYLES), article_date_label=rng.choice(ARTICLE_DATE_LABELS),
        title_tag=rng.choice(TITLE_TAGS), title_separator=rng.choice(TITLE_SEPARATORS),
        source_label=rng.choice(SOURCE_LABELS), meta_pubdate=rng.choice(META_PUBDATE),
        organizer_label=rng.choice(ORGANIZER_LABELS), police_style=rng.choice(POLICE_STYLES),
        site_code_style=rng.choice(SITE_CODE_STYLES), jiucuo=rng.choice(JIUCUO_STYLES),
        mailbox_shapes=tuple(shapes[:rng.randint(1, 2)]), loader=rng.choice(LOADERS),
        trs_pager=rng.choice(TRS_PAGERS), extension=rng.choice(EXTENSIONS),
        per_page=rng.randint(4, 7), id_prefix=rng.choice(("lm", "col", "xx", "wz", "c", "zw")),
        stray_end=rng.random() < 0.25, static_pager=rng.choice(("links", "hidden_blocks")),
        xxgk_host=rng.random() < 0.5, truncate=rng.choice((0, 0, 14, 18, 22)),
    )


def format_date(day: date, style: str) -> str:
    """A list date in the shapes real list pages print (reference §4)."""
    return {
        "iso": day.isoformat(),
        "bracket": f"[{day.isoformat()}]",
        "cn": f"{day.year}年{day.month:02d}月{day.day:02d}日",
        "cn_short": f"{day.year}年{day.month}月{day.day}日",
        "slash": f"{day:%Y/%m/%d}",
        "dot": f"{day:%Y.%m.%d}",
    }[style]
