"""The 问题网站 notice (通报) as data, with the sentences every format shares: the subjects
(sites and accounts) of a period, their tallies, the indicators they break, what changed
since the previous notice, and the period's dates and texts. The renderers in ``reports/``
read it; ``govpatrol.notices`` gathers it from storage and writes the files."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from checks.chinatime import china_today
from reports import labels
from reports.labels import platform_label

DEADLINE_WORKING_DAYS = 15
# Warnings (预警) are for the site's own staff: the workbook lists them, the notice text does not.
NOTICE_SEVERITIES = ("veto", "deduct")
CASE_STATES_TO_NOTIFY = ("open", "notified")
MESSAGES_PER_PROBLEM = 3  # messages quoted per indicator before "等共N处"
INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
CHANGE_LABELS: dict[str, str] = {"new": "新发现", "repeat": "重复出现", "fixed": "已整改"}
V4 = "V4"  # the verdict reasons V4a/V4b/V4c share one indicator: 栏目不更新
_CHINESE_DIGITS = "〇一二三四五六七八九十"


# ---------------------------------------------------------------------------------------
# What the notice is made of

def evidence_pages(findings: Iterable[dict[str, Any]], homepage: str | None, *,
                   limit: int) -> list[str]:
    """The pages worth a screenshot, best first, at most ``limit``: the pages of the notice's
    problems (``findings`` worst first) on the site's own pages, then a broken link's target
    (often a page that cannot be shown at all), else the homepage."""
    named = [f for f in findings if f.get("severity") in NOTICE_SEVERITIES and f.get("url")]
    own = [f["url"] for f in named if f.get("check") != "broken_link"]
    others = [f["url"] for f in named if f.get("check") == "broken_link"]
    pages = list(dict.fromkeys(own or others[:1] or ([homepage] if homepage else [])))
    return pages[:limit]


@dataclass
class Subject:
    """A site or a new-media account, as its chosen run of the period saw it."""

    kind: str  # site | account
    id: int
    name: str
    url: str | None
    organizer: str | None = None
    site_code: str | None = None
    platform: str | None = None
    run_id: int | None = None
    as_of: date | None = None
    status: str = "complete"  # the run's status: anything but complete is 未完成检查
    verdict: str | None = None  # pass | fail, for complete runs
    reason_ids: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # the verdict's reasons in Chinese
    error: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)  # worst first, with "change"
    not_checked: set[str] = field(default_factory=set)  # checks the run could not judge
    screenshot: Path | None = None
    screenshot_url: str | None = None  # the page ``screenshot`` shows

    @property
    def key(self) -> str:
        """The subject as cases name it: ``site:<id>`` or ``account:<id>``."""
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        """网站名称, or 账号名称(平台) as notices write accounts."""
        if self.kind == "account":
            return f"{self.name}({platform_label(self.platform)})"
        return self.name

    @property
    def kind_label(self) -> str:
        return "政务新媒体" if self.kind == "account" else "政府网站"

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def passed(self) -> bool:
        return self.complete and self.verdict == "pass"

    @property
    def failed(self) -> bool:
        return self.complete and self.verdict == "fail"

    @property
    def notice_findings(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f.get("severity") in NOTICE_SEVERITIES]

    @property
    def is_problem(self) -> bool:
        return self.complete and (self.failed or bool(self.notice_findings))

    @property
    def evidence_url(self) -> str | None:
        """The page a screenshot should show: the worst problem on the site's own pages
        (a broken link's target is often a page that cannot be shown at all)."""
        pages = evidence_pages(self.notice_findings, self.url, limit=1)
        return pages[0] if pages else None

    @property
    def shown_url(self) -> str | None:
        """The page the attached screenshot shows (the evidence page, or the next one shot)."""
        return self.screenshot_url or self.evidence_url

    def problem_lines(self, limit: int = MESSAGES_PER_PROBLEM) -> list[str]:
        """One line per indicator: "首页不更新：…；…等共N处", 单项否决 first."""
        reasons = self.v4_reasons()
        lines = [f"{labels.reason_label(V4)}：{'；'.join(reasons)}"] if reasons else []
        for group in labels.group_findings(self.notice_findings):
            lines.append(f"{group.label}：{quote_messages(group.findings, limit)}")
        return lines

    def v4_reasons(self) -> list[str]:
        """The V4 counts (栏目不更新) that failed the site, in Chinese."""
        if not self.failed:
            return []
        counts = [r for r in self.reason_ids if r.startswith(V4)]
        return [labels.reason_label(r) for r in ([r for r in counts if r != V4] or counts)]


@dataclass
class IndicatorEntry:
    subject: Subject
    findings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def sentence(self, limit: int = MESSAGES_PER_PROBLEM) -> str:
        text = "；".join(self.notes) if self.notes else quote_messages(self.findings, limit)
        return f"{self.subject.label}：{text}。"


@dataclass
class IndicatorGroup:
    """One indicator of 主要问题 and the subjects that broke it."""

    key: str  # a check id, or "V4"
    veto: bool
    entries: list[IndicatorEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.key == V4:
            return labels.reason_label(V4)
        label = labels.check_label(self.key)
        return f"{label}（{labels.severity_label('veto')}）" if self.veto else label


@dataclass
class Change:
    """A problem newly found, found again, or fixed, compared with earlier inspections."""

    kind: str  # new | repeat | fixed
    subject: str  # the subject key
    subject_label: str
    check: str
    url: str
    message: str
    first_seen: date | None = None
    fixed_on: date | None = None

    @property
    def kind_label(self) -> str:
        return CHANGE_LABELS[self.kind]


@dataclass
class Tally:
    """Inspected, 合格 and unfinished counts of one kind of subject."""

    checked: int = 0
    passed: int = 0
    incomplete: int = 0
    platforms: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return self.checked - self.passed

    @property
    def rate(self) -> float | None:
        """合格率 = 合格数 / 检查数 (unfinished inspections are in neither)."""
        return self.passed / self.checked if self.checked else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "passed": self.passed, "failed": self.failed,
                "incomplete": self.incomplete, "rate": self.rate, "platforms": self.platforms}


@dataclass
class PreviousNotice:
    id: int
    period_from: date
    period_to: date
    problems: dict[tuple[str, str, str], str]  # (subject, check, url) -> message

    @property
    def period_text(self) -> str:
        return period_text(self.period_from, self.period_to)


@dataclass
class NoticeData:
    period_from: date
    period_to: date
    deadline: date
    title: str
    issuer: str | None = None
    issued_on: date = field(default_factory=china_today)  # the day in China, not the UTC day
    sites: list[Subject] = field(default_factory=list)
    accounts: list[Subject] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    previous: PreviousNotice | None = None
    dismissed: int = 0  # findings a reviewer dismissed: left out of the notice
    awaiting_review: int = 0  # findings the notice names that nobody has reviewed yet

    # --- counts and lists ------------------------------------------------------------

    @property
    def period_text(self) -> str:
        return period_text(self.period_from, self.period_to)

    @property
    def subjects(self) -> list[Subject]:
        return self.sites + self.accounts

    @property
    def is_empty(self) -> bool:
        return not self.subjects

    @property
    def site_tally(self) -> Tally:
        return _tally(self.sites)

    @property
    def account_tally(self) -> Tally:
        return _tally(self.accounts)

    @property
    def problem_sites(self) -> list[Subject]:
        """Sites with problems, 单项否决 (不合格) first."""
        return _worst_first(s for s in self.sites if s.is_problem)

    @property
    def problem_accounts(self) -> list[Subject]:
        return _worst_first(a for a in self.accounts if a.is_problem)

    @property
    def veto_accounts(self) -> list[Subject]:
        return [a for a in self.problem_accounts if a.failed]

    @property
    def deduct_accounts(self) -> list[Subject]:
        return [a for a in self.problem_accounts if not a.failed]

    @property
    def incomplete(self) -> list[Subject]:
        return [s for s in self.subjects if not s.complete]

    @property
    def findings(self) -> list[tuple[Subject, dict[str, Any]]]:
        """Every finding of the period's chosen runs, warnings included."""
        return [(s, f) for s in self.subjects for f in s.findings]

    @property
    def named_problems(self) -> list[tuple[str, str, str, str]]:
        """(subject, check, url, message) of every problem the notice names."""
        return [(s.key, f["check"], f["url"], f.get("message") or "")
                for s in self.problem_sites + self.problem_accounts for f in s.notice_findings]

    @property
    def indicators(self) -> list[IndicatorGroup]:
        """主要问题 of the sites grouped by indicator: 单项否决 indicators first, then 扣分,
        each in SPEC order."""
        groups: dict[tuple[bool, str], IndicatorGroup] = {}
        for site in self.problem_sites:
            reasons = site.v4_reasons()
            if reasons:
                groups.setdefault((True, V4), IndicatorGroup(V4, True)).entries.append(
                    IndicatorEntry(site, notes=reasons))
            by_group: dict[tuple[bool, str], list[dict[str, Any]]] = {}
            for finding in site.notice_findings:
                veto = finding.get("severity") == "veto"
                by_group.setdefault((veto, finding["check"]), []).append(finding)
            for (veto, check), findings in by_group.items():
                groups.setdefault((veto, check), IndicatorGroup(check, veto)).entries.append(
                    IndicatorEntry(site, findings))
        return sorted(groups.values(), key=lambda g: (not g.veto, _indicator_rank(g.key)))

    def changes_of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def attachments(self) -> list[tuple[str, str]]:
        """(key, title) of the attachments this notice has, in their numbered order."""
        parts = [("sites", "问题网站名单", bool(self.problem_sites)),
                 ("accounts", "问题政务新媒体名单", bool(self.problem_accounts)),
                 ("incomplete", "未完成检查名单", bool(self.incomplete))]
        return [(key, title) for key, title, present in parts if present]

    def attachment_number(self, key: str) -> int | None:
        for number, (name, _title) in enumerate(self.attachments(), start=1):
            if name == key:
                return number
        return None

    # --- what the notice says (every format uses these sentences) --------------------

    def intro(self) -> str:
        who = self.issuer or ""
        return (f"按照{INDICATORS}要求，{who}对{self.period_text}{self.scope_text}运行情况"
                f"进行了检查。现将有关情况通报如下：")

    @property
    def scope_text(self) -> str:
        if self.accounts and not self.sites:
            return "政务新媒体"
        return "政府网站和政务新媒体" if self.accounts else "政府网站"

    def overview(self) -> list[str]:
        """一、总体情况: counts per kind, 合格率, unfinished inspections, changes."""
        paragraphs: list[str] = []
        sites, accounts = self.site_tally, self.account_tally
        if sites.checked:
            paragraphs.append(f"本次共检查政府网站{sites.checked}个，其中合格{sites.passed}个、"
                              f"不合格{sites.failed}个，合格率{sites.rate_text}。")
        elif sites.incomplete:
            paragraphs.append("本次对政府网站的检查均未完成，未作判定。")
        if accounts.checked:
            platforms = "、".join(f"{platform_label(p)}{n}个" for p, n in accounts.platforms.items())
            paragraphs.append(f"检查政务新媒体账号{accounts.checked}个（{platforms}），其中合格"
                              f"{accounts.passed}个、不合格{accounts.failed}个，合格率{accounts.rate_text}。")
        elif accounts.incomplete:
            paragraphs.append("本次对政务新媒体账号的检查均未完成，未作判定。")
        unfinished = [f"{n}个{what}" for n, what in ((sites.incomplete, "网站"),
                                                    (accounts.incomplete, "政务新媒体账号")) if n]
        if unfinished:
            paragraphs.append(f"另有{'、'.join(unfinished)}检查未完成，未作判定，不计入检查数和合格率"
                              f"（名单见附件{self.attachment_number('incomplete')}）。")
        problems = self.problem_sites
        if problems:
            vetoed = sum(1 for s in problems if s.failed)
            paragraphs.append(f"检查发现存在问题的网站{len(problems)}个，其中出现单项否决情形的{vetoed}个"
                              f"（名单见附件{self.attachment_number('sites')}）。")
        if self.problem_accounts:
            paragraphs.append(f"存在问题的政务新媒体账号{len(self.problem_accounts)}个，其中出现单项否决"
                              f"情形的{len(self.veto_accounts)}个（名单见附件"
                              f"{self.attachment_number('accounts')}）。")
        counts = (f"新发现问题{len(self.changes_of('new'))}个，重复出现问题"
                  f"{len(self.changes_of('repeat'))}个，已整改问题{len(self.changes_of('fixed'))}个。")
        if self.previous:
            paragraphs.append(f"与上次通报（{self.previous.period_text}）相比，{counts}")
        elif self.changes:
            paragraphs.append(f"与以往检查相比，{counts}")
        return paragraphs

    @staticmethod
    def account_lines(accounts: list[Subject]) -> list[str]:
        """"账号名称(平台)：问题" lines of the accounts of one part (否决 or 扣分)."""
        return [f"{a.label}：{quote_messages(a.notice_findings) or '；'.join(a.reasons)}。"
                for a in accounts]

    def change_lines(self, kind: str) -> list[str]:
        """One line per subject: "某某网站：首页不更新1处、链接不可用3处"."""
        per_subject: dict[str, dict[str, int]] = {}
        for change in self.changes_of(kind):
            counts = per_subject.setdefault(change.subject_label, {})
            counts[change.check] = counts.get(change.check, 0) + 1
        return [f"{name}：" + "、".join(f"{labels.check_label(c)}{n}处"
                                      for c, n in sorted(counts.items(), key=lambda i: _indicator_rank(i[0])))
                for name, counts in per_subject.items()]

    def requirements(self) -> list[str]:
        """整改要求, with the deadline."""
        to = f"报送{self.issuer}" if self.issuer else "书面报送"
        paragraphs = [f"请被通报的单位对照本通报及附件所列问题，逐项核查、立即整改，"
                      f"于{cn_date(self.deadline)}前将整改情况{to}。"]
        if any(s.failed for s in self.problem_sites) or self.veto_accounts:
            paragraphs.append("出现单项否决情形的网站和政务新媒体，主办单位要立即整改；"
                              "确无能力维护的，要按程序关停或注销。")
        if self.changes_of("repeat"):
            paragraphs.append("对重复出现的问题，要深入查找原因，建立健全长效机制，防止问题反弹。")
        paragraphs.append("整改情况将纳入下次检查复核，整改不到位的将再次通报。")
        return paragraphs

    def summary(self) -> dict[str, Any]:
        """What the Notice row keeps: the counts, and the problems named (the next notice
        compares with them)."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "period": [self.period_from.isoformat(), self.period_to.isoformat()],
            "deadline": self.deadline.isoformat(),
            "sites": self.site_tally.as_dict(),
            "accounts": self.account_tally.as_dict(),
            "problem_sites": [s.key for s in self.problem_sites],
            "problem_accounts": [a.key for a in self.problem_accounts],
            "incomplete": [s.key for s in self.incomplete],
            "changes": {kind: len(self.changes_of(kind)) for kind in CHANGE_LABELS},
            "previous_notice": self.previous.id if self.previous else None,
            "problems": [list(p) for p in self.named_problems],
            "review": {"dismissed": self.dismissed, "awaiting": self.awaiting_review},
        }


def _tally(subjects: Iterable[Subject]) -> Tally:
    tally = Tally()
    for subject in subjects:
        if not subject.complete:
            tally.incomplete += 1
            continue
        tally.checked += 1
        tally.passed += subject.passed
        if subject.platform:
            tally.platforms[subject.platform] = tally.platforms.get(subject.platform, 0) + 1
    return tally


def _worst_first(subjects: Iterable[Subject]) -> list[Subject]:
    return sorted(subjects, key=lambda s: (not s.failed, s.id))


def _indicator_rank(key: str) -> int:
    # V4 (栏目不更新) sits between 首页不更新 and the column checks, as in the indicator list.
    order = list(labels.CHECK_LABELS)
    order.insert(order.index("stale_column") if "stale_column" in order else len(order), V4)
    return order.index(key) if key in order else len(order)


# ---------------------------------------------------------------------------------------
# Periods, dates and small texts

def period_bounds(text: str) -> tuple[date, date]:
    """``2026-11`` (a month), ``2026-Q4``, ``2026-H2`` or ``2026`` as (first day, last day)."""
    value = text.strip().upper()
    try:
        if len(value) == 4 and value.isdigit():
            year = int(value)
            return date(year, 1, 1), date(year, 12, 31)
        year_text, _, part = value.partition("-")
        year = int(year_text)
        if len(year_text) != 4 or not part:
            raise ValueError
        if part.startswith("Q") and part[1:] in ("1", "2", "3", "4"):
            first = (int(part[1:]) - 1) * 3 + 1
            return date(year, first, 1), _month_end(year, first + 2)
        if part in ("H1", "H2"):
            first = 1 if part == "H1" else 7
            return date(year, first, 1), _month_end(year, first + 5)
        if part.isdigit() and len(part) <= 2:
            month = int(part)
            return date(year, month, 1), _month_end(year, month)
    except ValueError:
        pass
    raise ValueError(f"期间格式应为 YYYY-MM、YYYY-Qn、YYYY-H1/H2 或 YYYY：{text!r}")


def period_text(first: date, last: date) -> str:
    """The period as a notice names it: 2026年11月, 2026年第四季度, 2026年上半年, 2026年度 …"""
    whole_months = first.day == 1 and last == _month_end(last.year, last.month)
    if whole_months and first.year == last.year:
        months = (first.month, last.month)
        if months == (1, 12):
            return f"{first.year}年度"
        if months in ((1, 6), (7, 12)):
            return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
        if first.month % 3 == 1 and last.month == first.month + 2:
            return f"{first.year}年第{_CHINESE_DIGITS[(first.month + 2) // 3]}季度"
        if first.month == last.month:
            return f"{first.year}年{first.month}月"
        return f"{first.year}年{first.month}月至{last.month}月"
    if first == last:
        return cn_date(first)
    if first.year == last.year:
        return f"{cn_date(first)}至{last.month}月{last.day}日"
    return f"{cn_date(first)}至{cn_date(last)}"


def default_title(first: date, last: date, *, has_sites: bool = True,
                  has_accounts: bool = True) -> str:
    scope = ("政府网站和政务新媒体" if has_sites and has_accounts
             else "政务新媒体" if has_accounts else "政府网站")
    return f"关于{period_text(first, last)}{scope}检查情况的通报"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def percent(rate: float | None) -> str:
    """合格率 as notices print it: 96.67%, 100%."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def quote_messages(findings: list[dict[str, Any]], limit: int = MESSAGES_PER_PROBLEM) -> str:
    """The first few messages of a group, then "等共N处" when there are more."""
    messages = list(dict.fromkeys(f.get("message") or labels.check_label(f.get("check"))
                                  for f in findings))
    text = "；".join(messages[:limit])
    if len(findings) > limit:
        text += f"等共{len(findings)}处"
    return text


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
