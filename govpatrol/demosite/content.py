"""Data tables and small generators for realistic Chinese titles and article text.

Everything is drawn from a ``random.Random`` seeded by the caller, so the sites are the same
on every run.
"""
from __future__ import annotations

import random
from datetime import date

CITY = "云溪市"

DEPARTMENTS = (
    "市发展改革委", "市教育局", "市科技局", "市民政局", "市财政局", "市人力社保局",
    "市自然资源和规划局", "市生态环境局", "市住房城乡建设局", "市交通运输局", "市水利局",
    "市农业农村局", "市商务局", "市文化广电旅游局", "市卫生健康委", "市应急管理局",
    "市市场监管局", "市医保局", "市数据局", "市统计局",
)

TOWNS = (
    "青石镇", "白沙镇", "云峰乡", "溪口街道", "南屏镇", "柳塘乡", "东湖街道", "石门镇",
    "桃源镇", "枫林乡", "西岭街道", "龙潭镇",
)

# Each topic with the department that would hold a meeting about it.
TOPIC_OWNERS = (
    ("安全生产", "市应急管理局"), ("营商环境优化提升", "市发展改革委"),
    ("秋冬季大气污染防治", "市生态环境局"), ("冬季供暖保障", "市住房城乡建设局"),
    ("农村人居环境整治", "市农业农村局"), ("数字政府建设", "市数据局"), ("森林防火", "市应急管理局"),
    ("就业创业服务", "市人力社保局"), ("老旧小区改造", "市住房城乡建设局"),
    ("文明城市创建", "市文化广电旅游局"), ("消费品以旧换新", "市商务局"),
    ("民营经济发展", "市发展改革委"), ("粮食安全", "市农业农村局"), ("城乡医疗救助", "市医保局"),
    ("重点项目建设", "市发展改革委"), ("河湖长制", "市水利局"), ("食品安全", "市市场监管局"),
    ("养老服务体系建设", "市民政局"), ("高标准农田建设", "市农业农村局"), ("招商引资", "市商务局"),
    ("防汛防台", "市水利局"), ("燃气安全", "市住房城乡建设局"), ("校园安全", "市教育局"),
    ("政务服务“一网通办”", "市数据局"), ("科技型企业培育", "市科技局"), ("财政预算管理", "市财政局"),
    ("国土空间规划", "市自然资源和规划局"), ("全民健康素养提升", "市卫生健康委"),
    ("统计数据质量", "市统计局"), ("城市公共交通", "市交通运输局"),
)
TOPICS = tuple(topic for topic, _ in TOPIC_OWNERS)

NEWS_TITLES = (
    "{org}召开{topic}工作推进会",
    "{org}部署{topic}重点工作",
    "{org}开展{topic}专项检查",
    "市政府常务会议研究{topic}等工作",
    "市领导赴{town}调研{topic}工作",
    "我市召开{topic}工作现场会",
    "{org}举办{topic}业务培训班",
    "全市{topic}工作会议召开",
)

TOWN_TITLES = (
    "{org}扎实推进{topic}",
    "{org}召开{topic}工作部署会",
    "{org}多措并举做好{topic}工作",
    "{org}开展{topic}主题宣传活动",
    "{org}全力抓好{topic}",
)

PARAGRAPHS = (
    "{day}，{org}召开会议，专题研究{topic}工作。会议指出，{topic}事关全市经济社会发展大局，"
    "各地各部门要提高站位，压紧压实责任，确保各项任务落到实处。",
    "会议强调，要坚持问题导向，聚焦重点领域和关键环节，建立健全工作台账，实行清单化管理、"
    "项目化推进，以工作实效取信于民。",
    "会上，相关单位负责人汇报了前一阶段{topic}工作进展情况，并就下一步工作作了交流发言。",
    "今年以来，{org}围绕{topic}目标任务，加强统筹协调，细化工作措施，各项工作取得阶段性成效。",
    "下一步，{org}将持续加强督促指导，推动{topic}各项工作取得新成效，为建设现代化{city}贡献力量。",
)


def unique_titles(rng: random.Random, count: int, patterns: tuple[str, ...],
                  orgs: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
    """``count`` distinct (title, org, topic) triples; ``orgs`` None pairs topics with their departments."""
    seen: set[str] = set()
    result: list[tuple[str, str, str]] = []
    while len(result) < count:
        topic, owner = rng.choice(TOPIC_OWNERS)
        org = rng.choice(orgs) if orgs else owner
        title = rng.choice(patterns).format(org=org, topic=topic, town=rng.choice(TOWNS))
        if title not in seen:
            seen.add(title)
            result.append((title, org, topic))
    return result


def paragraphs(rng: random.Random, day: date, org: str, topic: str, count: int = 4) -> tuple[str, ...]:
    picked = [PARAGRAPHS[0]] + rng.sample(PARAGRAPHS[1:], k=min(count, len(PARAGRAPHS)) - 1)
    when = f"{day.month}月{day.day}日"
    return tuple(text.format(day=when, org=org, topic=topic, city=CITY) for text in picked)


def trs_doc_id(seed: int, index: int) -> int:
    """A TRS document id: seven digits, unique per column seed."""
    return 1_000_000 + seed * 1000 + index
