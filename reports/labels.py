"""How report values read for an inspector: Chinese labels for ids, the order findings are
shown in, and evidence as readable entries or text.

Every renderer (HTML, terminal, DOCX, XLSX) takes its words from here, so that a check or a
category is called the same everywhere. An id nobody labelled yet is shown as itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from checks.base import severity_rank
from checks.chinatime import CHINA_LABEL, stored_to_china

# Said once on every page and document that shows a time (format_time prints China time).
TIME_NOTE = f"文中时间均为{CHINA_LABEL}（UTC+8）"
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")

# SPEC §2 order: it is also the order of groups that share a severity.
CHECK_LABELS: dict[str, str] = {
    "site_unreachable": "站点无法访问",
    "homepage_stale": "首页不更新",
    "stale_column": "栏目不更新",
    "blank_column": "空白栏目",
    "broken_link": "链接不可用",
    "ipv6_unsupported": "IPv6支持",
    "interpretation_missing": "政策文件未解读",
    "interpretation_unlinked": "解读未双向关联",
    "interpretation_late": "解读发布不及时",
    "message_unanswered": "留言未答复",
    "message_late_reply": "留言答复超时",
    "newmedia_stale": "新媒体不更新",
    "identity_missing": "网站标识缺失",
}

SEVERITY_LABELS: dict[str, str] = {"veto": "单项否决", "deduct": "扣分", "warn": "预警"}

VERDICT_LABELS: dict[str, str] = {"pass": "合格", "fail": "不合格", "unchecked": "未能检查"}

CATEGORY_LABELS: dict[str, str] = {
    "news": "动态要闻类",
    "notice": "通知公告类",
    "policy": "政策文件类",
    "interpretation": "政策解读类",
    "mailbox": "互动交流类",
    "personnel": "人事类",
    "planning": "规划计划类",
    "other": "其他",
}

# Verdict reasons that are not a single check: the three counts of veto V4 (SPEC §2).
REASON_LABELS: dict[str, str] = {
    "V4": "栏目不更新（单项否决）",
    "V4a": "动态要闻类栏目2周未更新与一级通知公告、政策文件类栏目6个月未更新合计达5个以上",
    "V4b": "应更新但长期未更新的栏目达10个以上",
    "V4c": "空白栏目达5个以上",
}

# Statuses of a check (checked / not_checked) and of an inspection run.
STATUS_LABELS: dict[str, str] = {
    "checked": "已检查",
    "not_checked": "未检查",
    "pending": "等待中",
    "running": "进行中",
    "complete": "已完成",
    "failed": "失败",
    "interrupted": "已中断",
    "unchecked": "未能检查",
}

# Why a page was counted as unchecked rather than judged.
UNCHECKED_LABELS: dict[str, str] = {
    "budget": "超出抓取页面上限",
    "timeout": "抓取超时",
    "robots": "robots协议禁止抓取",
    "limit": "响应超过大小上限",
    "refused_address": "地址不允许访问（内网、本机或保留地址，未访问）",
    "error": "抓取出错",
    "dns": "域名解析失败",
    "offsite": "站外页面",
}

STATS_LABELS: dict[str, str] = {
    "pages": "抓取页面数",
    "pages_failed": "未能读取页面数",
    "links_checked": "检查链接数",
    "columns": "栏目数",
    "unchecked": "未检查页面数",
    "seconds": "用时（秒）",
}

# Optional top-level extras of the audit report, in the order they are shown.
EXTRA_LABELS: dict[str, str] = {
    "checks": "检查项状态",
    "unchecked": "未检查页面",
    "ipv6": "IPv6检测",
    "availability": "可用性监测",
    "run": "检查任务",
    "homepage_error": "首页抓取错误",
}

# Evidence keys the checks are known or likely to use; any other key is shown as itself.
EVIDENCE_LABELS: dict[str, str] = {
    "id": "编号",
    "status": "状态",
    "scope": "范围",
    "pages": "所在页面",
    "page": "所在页面",
    "sources": "所在页面",
    "reason": "原因",
    "error": "错误",
    "final_url": "最终地址",
    "redirects": "重定向次数",
    "attempts": "尝试次数",
    "rule": "判定规则",
    "category": "栏目类别",
    "column": "栏目",
    "column_name": "栏目名称",
    "level": "栏目层级",
    "items": "条目数",
    "latest": "最近更新",
    "latest_title": "最近条目",
    "latest_url": "最近条目网址",
    "new_last_7_days": "近7天新增",
    "days": "未更新天数",
    "age_days": "未更新天数",
    "max_age_days": "更新周期上限（天）",
    "weekly_min": "每周最少更新条数",
    "items_seen": "识别条目数",
    "items_dated": "标注日期条目数",
    "undated": "未标注日期",
    "complete": "列表已完整读取",
    "pages_read": "已读列表页数",
    "v4": "计入单项否决V4",
    "window_days": "监测周期（天）",
    "threshold": "阈值",
    "minimum": "最低要求",
    "as_of": "监测时间点",
    "title": "标题",
    "document": "政策文件",
    "interpretation": "解读",
    "interpretations": "解读",
    "published": "发布日期",
    "document_published": "文件发布日期",
    "interpretation_published": "解读发布日期",
    "working_days": "工作日数",
    "missing_link": "缺少的链接",
    "number": "留言编号",
    "sent": "留言日期",
    "replied": "答复日期",
    "reply_unit": "答复单位",
    "status_text": "办理状态",
    "platform": "平台",
    "account": "账号",
    "name": "名称",
    "missing": "缺少项代码",
    "missing_labels": "缺少项",
    "found": "已有项",
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police_record": "公安机关备案号",
    "organizer": "主办单位",
    "jiucuo": "“我为政府网站找错”入口",
    "jiucuo_url": "找错入口网址",
    "conac": "党政机关网站标识",
    "pages_total": "所在页面总数",
    "tags": "链接类型",
    "internal": "站内链接",
    "failed": "未通过",
    "aaaa": "AAAA记录",
    "host": "主机名",
    "addresses": "地址",
    "reachable": "可访问",
    "second_level": "二级链接",
    "third_level": "三级链接",
    "ratio": "比例",
    "probes": "探测次数",
    "failures": "失败次数",
    "failure_rate": "失败率",
    "at": "时间",
    "blank_columns": "空白栏目数",
    "blocked": "访问受限",
    "broken": "不可用",
    "challenge": "人机验证",
    "check": "检查项",
    "column_url": "栏目网址",
    "counts": "计数",
    "covered": "已覆盖",
    "criteria": "判定标准",
    "criterion": "判定标准",
    "date": "日期",
    "days_covered": "覆盖天数",
    "deduct": "扣分项",
    "detail": "详情",
    "details": "详情",
    "dns": "域名解析",
    "doc_number": "发文字号",
    "document_title": "文件标题",
    "evidence": "证据",
    "failing_hosts": "失败主机",
    "homepage_v4": "IPv4首页",
    "homepage_v6": "IPv6首页",
    "hosts_without_aaaa": "无IPv6地址（AAAA记录）的主机",
    "http": "HTTP",
    "interpretation_title": "解读标题",
    "key_stale_columns": "重点栏目未更新数",
    "latest_at": "最近发布时间",
    "list_url": "列表页网址",
    "loop": "重定向循环",
    "message": "说明",
    "min": "最低要求",
    "min_per_day": "每日最少次数",
    "min_probes_per_day": "每日最少监测次数",
    "min_ratio": "最低比例",
    "nameservers_without_ipv6": "无IPv6地址的域名服务器",
    "ok": "正常",
    "pinned_skipped": "已跳过置顶",
    "posts": "发文",
    "posts_last_7_days": "近7天发文数",
    "posts_read": "已读发文数",
    "probes_per_day": "每日监测次数",
    "reasons": "原因",
    "refused": "连接被拒绝",
    "reset": "连接被重置",
    "result": "结果",
    "rss": "客户端",
    "same_content": "内容一致",
    "second_level_min_ratio": "二级链接最低可访问比例",
    "severity": "严重程度",
    "skipped": "已跳过",
    "soft404": "软404（页面提示不存在）",
    "stage": "失败环节",
    "stale_columns": "未更新栏目数",
    "tcp": "TCP连接",
    "text": "文字",
    "text_similarity": "文字相似度",
    "text_similarity_min": "文字相似度下限",
    "third_level_min_ratio": "三级链接最低可访问比例",
    "timeout": "超时",
    "title_v4": "IPv4首页标题",
    "title_v6": "IPv6首页标题",
    "tls": "TLS握手",
    "total": "总数",
    "veto": "单项否决",
    "veto_failure_ratio": "否决失败率",
    "warn": "预警",
    "warn_failure_ratio": "预警失败率",
    "wechat": "微信",
    "weibo": "微博",
    "window": "监测周期",
    "reply_working_days": "答复时限（工作日）",
    "veto_after_days": "超过此天数单项否决",
    "lacking": "欠缺项",
    "results": "检测结果",
    "seconds": "耗时（秒）",
    "a": "A记录（IPv4地址）",
    "a_error": "A记录查询错误",
    "aaaa_error": "AAAA记录查询错误",
    "url": "网址",
    "unchecked": "未能检查",
    "history_days_covered": "历史监测覆盖天数",
    "history_probes_per_day": "历史每日监测次数",
    "address": "地址",
    "any": "任意协议",
    "checked_at": "检测时间",
    "family": "协议族",
    "https": "HTTPS",
    "nameservers": "域名服务器",
    "title_equal": "标题一致",
    "limit_working_days": "时限（工作日）",
    "br": "换行",
    "read": "读取方式",
    "read_text": "读取方式说明",
    "shape": "列表结构",
    "api": "数据接口",
    "note": "说明",
    "via": "读取方式",
}

# The freshness rule a stale_column finding names (checks/freshness.py).
RULE_LABELS: dict[str, str] = {
    "news_14d": "动态要闻类栏目2周内应有更新",
    "news_weekly": "动态要闻类栏目每周更新不少于规定条数",
    "max_age": "超过所属类别的更新周期",
}

SCOPE_LABELS: dict[str, str] = {
    "homepage": "首页不可用链接",
    "site": "全站不可用链接",
    "sitewide": "全站不可用链接",
}

# Evidence keys whose values are ids with a label of their own.
# What an IPv6 criterion id, a failed probe's stage and an address family read as.
CRITERION_LABELS: dict[str, str] = {
    "no_aaaa": "无AAAA记录",
    "homepage_unreachable": "IPv6首页无法访问",
    "second_level_ratio": "二级链接IPv6支持率不足",
    "third_level_ratio": "三级链接IPv6支持率不足",
    "content_differs": "IPv6与IPv4首页内容不一致",
}
STAGE_LABELS: dict[str, str] = {
    "dns": "域名解析", "tcp": "TCP连接", "tls": "TLS握手", "http": "HTTP",
    "timeout": "超时", "refused_address": "地址不允许访问",
}
FAMILY_LABELS: dict[str, str] = {"ipv4": "IPv4", "ipv6": "IPv6", "any": "IPv4/IPv6"}

_VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "criterion": CRITERION_LABELS,
    "failed": CRITERION_LABELS,  # a list of criteria; a count of failures stays a number
    "stage": STAGE_LABELS,
    "family": FAMILY_LABELS,
    "scope": SCOPE_LABELS,
    "rule": RULE_LABELS,
    "category": CATEGORY_LABELS,
    "severity": SEVERITY_LABELS,
    "status": STATUS_LABELS,  # an HTTP status is a number and stays as it is
}


PLATFORM_LABELS: dict[str, str] = {
    "weibo": "微博",
    "wechat": "微信",
    "douyin": "抖音",
    "toutiao": "今日头条",
    "kuaishou": "快手",
    "bilibili": "哔哩哔哩",
    "app": "客户端",
    "rss": "客户端",
}


def _label(table: Mapping[str, str], key: Any) -> str:
    if key is None:
        return "—"
    return table.get(str(key), str(key))


def check_label(check: str | None) -> str:
    return _label(CHECK_LABELS, check)


def severity_label(severity: str | None) -> str:
    return _label(SEVERITY_LABELS, severity)


def verdict_label(result: str | None) -> str:
    return _label(VERDICT_LABELS, result)


def platform_label(platform: str | None) -> str:
    return PLATFORM_LABELS.get(platform or "", platform or "—")


def category_label(category: str | None) -> str:
    return _label(CATEGORY_LABELS, category)


def reason_label(reason: str | None) -> str:
    """A verdict reason: a check id (the veto that fired) or a V4 count."""
    if reason in CHECK_LABELS:
        return CHECK_LABELS[reason]
    return _label(REASON_LABELS, reason)


def status_label(status: str | None) -> str:
    return _label(STATUS_LABELS, status)


def unchecked_label(reason: str | None) -> str:
    return _label(UNCHECKED_LABELS, reason)


def stats_label(key: str) -> str:
    return _label(STATS_LABELS, key)


def extra_label(key: str) -> str:
    return _label(EXTRA_LABELS, key)


def evidence_label(key: str) -> str:
    return _label(EVIDENCE_LABELS, key)


# ---------------------------------------------------------------------------------------
# Order of findings


def _check_rank(check: str) -> int:
    order = list(CHECK_LABELS)
    return order.index(check) if check in order else len(order)


@dataclass
class FindingGroup:
    """The findings of one check, worst first."""

    check: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return check_label(self.check)

    @property
    def severity(self) -> str | None:
        """The worst severity in the group: it decides where the group is shown."""
        return min((f.get("severity") for f in self.findings), key=severity_rank, default=None)

    def counts(self) -> dict[str, int]:
        """Findings per severity, in severity order, leaving out those with none."""
        return count_by_severity(self.findings)


def sorted_findings(findings: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Veto first, then deduct, then warn; checks in SPEC order; stable within."""
    return sorted((dict(f) for f in findings),
                  key=lambda f: (severity_rank(f.get("severity")), _check_rank(f.get("check") or "")))


def group_findings(findings: Iterable[Mapping[str, Any]]) -> list[FindingGroup]:
    """Findings grouped by check; groups with a veto come first, then deduct, then warn."""
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        check = finding.get("check") or "unknown"
        groups.setdefault(check, FindingGroup(check)).findings.append(dict(finding))
    for group in groups.values():
        group.findings.sort(key=lambda f: severity_rank(f.get("severity")))
    return sorted(groups.values(), key=lambda g: (severity_rank(g.severity), _check_rank(g.check)))


def count_by_severity(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        severity = finding.get("severity") or "unknown"
        counts[severity] = counts.get(severity, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: severity_rank(item[0])))


def marked_columns(findings: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Column url -> the mark its row carries ("不更新", "空白"), taken from the findings."""
    marks = {"stale_column": "不更新", "blank_column": "空白"}
    marked: dict[str, str] = {}
    for finding in findings:
        mark = marks.get(finding.get("check") or "")
        if mark and finding.get("url"):
            marked[finding["url"]] = mark
    return marked


# ---------------------------------------------------------------------------------------
# Values and evidence

def is_web_url(value: Any) -> bool:
    """Only http(s) addresses become links: a hostile ``javascript:`` stays text."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def format_time(value: Any) -> str:
    """A timestamp (ISO text or datetime) as an inspector reads it, in China time; every
    page and document that shows one says so once (TIME_NOTE). A naive time is UTC, as
    storage keeps run times; a date alone stays a date."""
    if not value:
        return "—"
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        if _DATE_ONLY.match(text):
            return text
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
    return stored_to_china(moment).strftime("%Y-%m-%d %H:%M:%S")


def format_scalar(value: Any, key: str | None = None) -> str:
    """One evidence value as text: labelled ids, 是/否, ratios as per cent."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        if key and ("ratio" in key or "rate" in key) and 0 <= value <= 1:
            return f"{value:.1%}"
        return f"{value:g}"
    if key in _VALUE_LABELS and isinstance(value, str):
        return _VALUE_LABELS[key].get(value, value)
    if isinstance(value, str) and _DATE_TIME.match(value):
        return format_time(value)  # an ISO moment, in China time (TIME_NOTE says so)
    return str(value)


def value_kind(value: Any) -> str:
    """How a value is shown: url, urls, records (list of dicts), list, mapping or scalar."""
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, (list, tuple, set)):
        items = list(value)
        if items and all(is_web_url(v) for v in items):
            return "urls"
        if items and all(isinstance(v, Mapping) for v in items):
            return "records"
        return "list"
    return "url" if is_web_url(value) else "scalar"


def record_columns(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The union of keys of a list of records, in first-seen order (a table's header)."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(str(k) for k in record))
    return list(keys)


def value_text(value: Any, key: str | None = None, *, max_items: int = 10) -> str:
    """Any evidence value as one line of text (DOCX, XLSX, terminal)."""
    if isinstance(value, Mapping):
        return "，".join(f"{evidence_label(k)}: {value_text(v, k, max_items=max_items)}"
                        for k, v in shown_items(value)) or "—"
    if isinstance(value, (list, tuple, set)):
        items = list(value)
        if not items:
            return "无"
        shown = "、".join(value_text(v, key, max_items=max_items) for v in items[:max_items])
        if len(items) > max_items:
            shown += more_text(len(items) - max_items)
        return shown
    return format_scalar(value, key)


def more_text(rest: int) -> str:
    """What stands for the items of a long list that are not shown."""
    return f"……另有{rest}条"


def fold_text(total: int) -> str:
    """The summary of a folded list (HTML ``<details>``)."""
    return f"共{total}条"


def shown_items(evidence: Mapping[str, Any] | None) -> list[tuple[str, Any]]:
    """The evidence entries worth a line: empty values (None, "", [], {}) say nothing."""
    return [(str(k), v) for k, v in (evidence or {}).items() if v is not None and v != ""
            and not (isinstance(v, (list, tuple, set, dict)) and not v)]


def evidence_text(evidence: Mapping[str, Any] | None, *, max_items: int = 10,
                  separator: str = "；") -> str:
    """A finding's evidence as readable text: "状态: 404；范围: 首页不可用链接；…"."""
    return separator.join(f"{evidence_label(k)}: {value_text(v, k, max_items=max_items)}"
                          for k, v in shown_items(evidence))


def verdict_reasons(verdict: Mapping[str, Any] | None) -> list[str]:
    """The verdict's reasons in Chinese: its own sentences when it has them, else labels."""
    verdict = verdict or {}
    details = [str(d) for d in verdict.get("details") or [] if d]
    if details:
        return details
    return [reason_label(r) for r in verdict.get("reasons") or []]


# ---------------------------------------------------------------------------------------
# Parts of the audit report

# The keys every audit report has (SPEC §4); any other top-level key is an optional extra.
CORE_KEYS = ("schema", "site", "as_of", "started_at", "finished_at", "verdict", "stats",
             "columns", "findings")
# Extras with a section of their own in every format; the rest are shown generically.
STATUS_EXTRAS = ("checks", "unchecked")


def not_checked(report: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(check id, reason) of every check that could not be run, in SPEC order."""
    statuses = report.get("checks") or {}
    rows = [(str(check), str((status or {}).get("reason") or ""))
            for check, status in statuses.items()
            if (status or {}).get("status") == "not_checked"]
    return sorted(rows, key=lambda row: _check_rank(row[0]))


def unchecked_counts(report: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(reason label, pages) of the pages that could not be checked."""
    return [(unchecked_label(reason), count)
            for reason, count in (report.get("unchecked") or {}).items()]


def report_extras(report: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """(key, label, value) of the free-form extras present (ipv6, availability, run, …)."""
    skip = set(CORE_KEYS) | set(STATUS_EXTRAS)
    keys = [k for k in report if k not in skip and report[k] not in (None, {}, [])]
    known = list(EXTRA_LABELS)
    keys.sort(key=lambda k: known.index(k) if k in known else len(known))
    return [(key, extra_label(key), _without_repeats(report, key, report[key])) for key in keys]


def _without_repeats(report: Mapping[str, Any], key: str, extra: Any) -> Any:
    """The IPv6 section counts the links that failed; when a finding lists them, they are not
    listed a second time here."""
    if key != "ipv6" or not isinstance(extra, Mapping):
        return extra
    if not any(f.get("check") == "ipv6_unsupported" for f in report.get("findings") or []):
        return extra
    shown = dict(extra)
    for level in ("second_level", "third_level"):
        part = shown.get(level)
        if isinstance(part, Mapping) and part.get("failures"):
            shown[level] = {**{k: v for k, v in part.items() if k != "failures"},
                            "message": f"未通过的{len(part['failures'])}个链接见“IPv6支持”问题的证据"}
    return shown
