"""A realistic audit report (SPEC §4) for the renderers: several checks and severities, a
check that could not be run, optional extras, and hostile strings from a crawled site."""
from __future__ import annotations

from typing import Any

HOME = "http://www.example.gov.cn/"
HOSTILE = "<script>alert('x')</script>"

SAMPLE: dict[str, Any] = {
    "schema": "govpatrol.audit/1",
    "site": {"url": HOME, "name": f"某某市人民政府{HOSTILE}", "organizer": "某某市人民政府办公室",
             "site_code": "3301000001"},
    "as_of": "2026-11-20",
    "started_at": "2026-11-20T02:00:00+08:00",
    "finished_at": "2026-11-20T02:03:10+08:00",
    "verdict": {"result": "fail", "reasons": ["homepage_stale", "message_unanswered", "V4c"],
                "details": ["首页最新信息发布于2026-10-30，超过2周未更新",
                            "有1条留言超过3个月未答复",
                            "空白栏目5个，达到单项否决标准"]},
    "stats": {"pages": 812, "links_checked": 5120, "columns": 4, "unchecked": 16, "seconds": 190.2},
    "columns": [
        {"url": HOME + "col/col1/index.html", "name": "工作动态", "category": "news", "items": 240,
         "latest": "2026-11-18", "new_last_7_days": 3},
        {"url": HOME + "col/col2/index.html", "name": "通知公告", "category": "notice", "items": 35,
         "latest": "2026-03-02", "new_last_7_days": 0},
        {"url": HOME + "col/col3/index.html", "name": "规划计划", "category": "planning", "items": 0,
         "latest": None, "new_last_7_days": 0},
        {"url": HOME + "col/col4/index.html", "name": "人事任免", "category": "personnel", "items": 12,
         "latest": "2026-06-01", "new_last_7_days": 0},
    ],
    # Deliberately not in display order: warn and deduct before veto.
    "findings": [
        {"check": "broken_link", "severity": "warn", "url": "http://www.other.gov.cn/blocked.html",
         "page": HOME + "art/2026/11/1/art_1_1.html", "message": "链接访问受限(HTTP 403)",
         "evidence": {"status": 403, "scope": "site", "pages": [HOME + "art/2026/11/1/art_1_1.html"]}},
        {"check": "stale_column", "severity": "deduct", "url": HOME + "col/col2/index.html",
         "page": HOME + "col/col2/index.html", "message": "栏目“通知公告”超过6个月未更新",
         "evidence": {"category": "notice", "latest": "2026-03-02", "days": 263, "level": 1,
                      "rule": "通知公告类一级栏目183天内应有更新"}},
        {"check": "blank_column", "severity": "deduct", "url": HOME + "col/col3/index.html",
         "page": None, "message": "栏目“规划计划”为空白栏目", "evidence": {"items": 0}},
        {"check": "broken_link", "severity": "deduct", "url": HOME + "missing.html",
         "page": HOME, "message": "首页链接无法访问(HTTP 404)",
         "evidence": {"status": 404, "scope": "homepage",
                      "pages": [HOME] + [f"{HOME}art/2026/10/{d}/art_1_{d}.html" for d in range(1, 8)]}},
        {"check": "homepage_stale", "severity": "veto", "url": HOME, "page": HOME,
         "message": "首页超过2周未更新（最新信息发布于2026-10-30）",
         "evidence": {"latest": "2026-10-30", "latest_title": "某某市召开常务会议", "days": 21,
                      "latest_url": HOME + "art/2026/10/30/art_1_9.html"}},
        {"check": "message_unanswered", "severity": "veto", "url": HOME + "hd/msg/1001.html",
         "page": HOME + "hd/list.html", "message": "留言“关于小区停车难的问题”超过3个月未答复",
         "evidence": {"sent": "2026-07-01", "working_days": 97, "number": "1001",
                      "note": f"标题含{HOSTILE}"}},
        {"check": "message_unanswered", "severity": "deduct", "url": HOME + "hd/list.html#1002",
         "page": HOME + "hd/list.html", "message": "留言“咨询社保转移”超过15个工作日未答复",
         "evidence": {"sent": "2026-10-09", "working_days": 29, "number": "1002"}},
        {"check": "interpretation_late", "severity": "warn", "url": HOME + "zc/2026/doc12.html",
         "page": HOME + "zc/2026/doc12.html", "message": "政策解读晚于文件发布5个工作日",
         "evidence": {"document_published": "2026-09-01", "interpretation_published": "2026-09-08",
                      "working_days": 5, "interpretation": HOME + "jd/2026/jd12.html"}},
        {"check": "identity_missing", "severity": "deduct", "url": HOME, "page": HOME,
         "message": "首页底部缺少公安机关备案号", "evidence": {"missing": ["公安机关备案号"],
                                                             "found": ["网站标识码", "ICP备案号"]}},
    ],
    "checks": {
        "homepage_stale": {"status": "checked", "reason": None},
        "broken_link": {"status": "checked", "reason": None},
        "ipv6_unsupported": {"status": "not_checked", "reason": "站点域名无法通过IPv6解析服务器查询"},
        "newmedia_stale": {"status": "not_checked", "reason": "登记信息中没有新媒体账号"},
    },
    "unchecked": {"budget": 12, "timeout": 3, "robots": 1},
    "ipv6": {"aaaa": [], "reachable": False, "second_level": {"checked": 0, "ratio": 0.0}},
    "availability": {"probes": 3, "failures": 0, "failure_rate": 0.0},
    "run": {"id": 3, "status": "complete"},
}
