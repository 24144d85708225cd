"""The one place that knows which column names signal which category (SPEC §1)."""
from __future__ import annotations

# Order matters: the first category whose keyword appears in the name wins.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("interpretation", ("解读",)),
    ("mailbox", ("信箱", "留言", "咨询", "问政", "诉求")),
    ("news", ("要闻", "动态", "新闻", "工作进展", "今日关注")),
    ("notice", ("通知", "公告", "公示")),
    ("policy", ("政策", "文件", "法规")),
    ("personnel", ("人事", "任免")),
    ("planning", ("规划", "计划")),
)
CATEGORIES = tuple(name for name, _ in CATEGORY_KEYWORDS) + ("other",)


def categorize(name: str | None) -> str:
    name = name or ""
    for category, keywords in CATEGORY_KEYWORDS:
        if any(word in name for word in keywords):
            return category
    return "other"
