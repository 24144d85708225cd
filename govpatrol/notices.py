"""The 问题网站 notice (通报) of a period, gathered from stored inspection runs.

For each site and each new-media account, the notice reads the latest COMPLETE run with an
as-of date inside the period; a subject whose runs in the period all failed or never
finished is listed as 未完成检查 and counted neither as 合格 nor as 不合格. Problems are
compared with the cases history keeps (first seen, fixed on) and, where no case exists,
with the problems the previous notice named.

``gather_notice`` builds the content (``NoticeData``, including the sentences every format
shares); ``write_notice`` takes the screenshots, writes notice.docx, notice.xlsx and
notice.html, stores the Notice row and marks the named cases notified.
"""
from __future__ import annotations

import calendar
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.workdays import add_working_days
from reports import labels
from reports.labels import platform_label
from storage import models as m
from storage.db import Database

DEADLINE_WORKING_DAYS = 15
# Warnings (预警) are for the site's own staff: the workbook lists them, the notice text does not.
NOTICE_SEVERITIES = ("veto", "deduct")
CASE_STATES_TO_NOTIFY = ("open", "notified")
MESSAGES_PER_PROBLEM = 3  # messages quoted per indicator before "等共N处"
INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
CHANGE_LABELS: dict[str, str] = {"new": "新发现", "repeat": "重复出现", "fixed": "已整改"}
V4 = "V4"  # the verdict reasons V4a/V4b/V4c share one indicator: 栏目不更新
_CHINESE_DIGITS = "〇一二三四五六七八九十"


class NothingInspected(LookupError):
    """No stored inspection run has its as-of date inside the period."""


# ---------------------------------------------------------------------------------------
# What the notice is made of

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
        findings = self.notice_findings
        for finding in findings:
            if finding.get("check") != "broken_link":
                return finding.get("url")
        return findings[0].get("url") if findings else self.url

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
    issued_on: date = field(default_factory=date.today)
    sites: list[Subject] = field(default_factory=list)
    accounts: list[Subject] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    previous: PreviousNotice | None = None

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
        }


# ---------------------------------------------------------------------------------------
# Gathering from storage

def gather_notice(session: Session, period_from: date, period_to: date, *,
                  deadline: date | None = None) -> NoticeData:
    """The content of the notice of ``[period_from, period_to]`` from stored runs."""
    if period_to < period_from:
        raise ValueError(f"通报期间的结束日期 {period_to} 早于开始日期 {period_from}")
    chosen = _chosen_runs(session, period_from, period_to)
    complete_ids = [run.id for run in chosen if run.status == "complete"]
    findings = _findings_by_run(session, complete_ids)
    not_checked = _not_checked_by_run(session, complete_ids)
    subjects = [_subject(session, run, findings.get(run.id, []), not_checked.get(run.id, set()))
                for run in chosen]
    sites = sorted((s for s in subjects if s.kind == "site"), key=lambda s: s.id)
    accounts = sorted((s for s in subjects if s.kind == "account"), key=lambda s: s.id)
    data = NoticeData(
        period_from=period_from, period_to=period_to,
        deadline=deadline or add_working_days(period_to, DEADLINE_WORKING_DAYS),
        title=default_title(period_from, period_to, has_sites=bool(sites) or not accounts,
                            has_accounts=bool(accounts)),
        sites=sites, accounts=accounts,
        previous=_previous_notice(session, period_from),
    )
    data.changes = _changes(session, data)
    return data


def _chosen_runs(session: Session, period_from: date, period_to: date) -> list[m.Run]:
    """Per subject, the latest complete run of the period, else its latest unfinished one."""
    runs = session.scalars(select(m.Run).where(m.Run.as_of >= period_from,
                                               m.Run.as_of <= period_to)).all()
    chosen: dict[str, m.Run] = {}
    for run in runs:
        key = _run_subject(run)
        if key is None:
            continue
        best = chosen.get(key)
        if best is None or _preference(run) > _preference(best):
            chosen[key] = run
    return list(chosen.values())


def _run_subject(run: m.Run) -> str | None:
    if run.account_id is not None:
        return f"account:{run.account_id}"
    if run.site_id is not None:
        return f"site:{run.site_id}"
    return None


def _preference(run: m.Run) -> tuple[bool, date, int]:
    return (run.status == "complete", run.as_of, run.id)


def _findings_by_run(session: Session, run_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    if not run_ids:
        return found
    for f in session.scalars(select(m.Finding).where(m.Finding.run_id.in_(run_ids))
                             .order_by(m.Finding.id)):
        found.setdefault(f.run_id, []).append(
            {"check": f.check, "severity": f.severity, "url": f.url, "page": f.page,
             "message": f.message, "evidence": f.evidence or {}, "change": None})
    return {run_id: labels.sorted_findings(items) for run_id, items in found.items()}


def _not_checked_by_run(session: Session, run_ids: list[int]) -> dict[int, set[str]]:
    statuses: dict[int, set[str]] = {}
    if not run_ids:
        return statuses
    for status in session.scalars(select(m.CheckStatus).where(
            m.CheckStatus.run_id.in_(run_ids), m.CheckStatus.status == "not_checked")):
        statuses.setdefault(status.run_id, set()).add(status.check)
    return statuses


def _subject(session: Session, run: m.Run, findings: list[dict[str, Any]],
             not_checked: set[str]) -> Subject:
    complete = run.status == "complete"
    verdict = run.verdict
    status, error = run.status, run.error
    if complete and verdict == "unchecked":
        # A site that could not be read is neither passed nor failed: it is listed with
        # the unfinished inspections, with the reason.
        complete, status = False, "unchecked"
        error = "；".join((run.stats or {}).get("verdict_details") or []) or "首页未能读取"
    if complete and verdict not in ("pass", "fail"):
        # A run judged without a stored verdict: a veto finding is enough to fail it.
        verdict = "fail" if any(f["severity"] == "veto" for f in findings) else "pass"
    reason_ids = [str(r) for r in run.verdict_reasons or []] if complete else []
    details = (run.stats or {}).get("verdict_details") or []
    common = dict(run_id=run.id, as_of=run.as_of, status=status,
                  verdict=verdict if complete else None, reason_ids=reason_ids,
                  reasons=labels.verdict_reasons({"reasons": reason_ids, "details": details})
                  if complete and verdict == "fail" else [],
                  error=None if complete else (error or labels.status_label(status)),
                  findings=findings, not_checked=not_checked)
    if run.account_id is not None:
        account = session.get(m.Account, run.account_id)
        return Subject(kind="account", id=account.id, name=account.name or account.key,
                       url=account.url or (account.key if labels.is_web_url(account.key) else None),
                       platform=account.platform, **common)
    site = session.get(m.Site, run.site_id)
    return Subject(kind="site", id=site.id, name=site.name or site.url, url=site.url,
                   organizer=site.organizer, site_code=site.site_code, **common)


def _previous_notice(session: Session, period_from: date) -> PreviousNotice | None:
    notice = session.scalar(select(m.Notice).where(m.Notice.period_to < period_from)
                            .order_by(m.Notice.period_to.desc(), m.Notice.id.desc()).limit(1))
    if notice is None:
        return None
    problems = {}
    for entry in (notice.summary or {}).get("problems") or []:
        subject, check, url, *rest = entry
        problems[(subject, check, url)] = rest[0] if rest else ""
    return PreviousNotice(notice.id, notice.period_from, notice.period_to, problems)


def _changes(session: Session, data: NoticeData) -> list[Change]:
    """New and repeated problems among those named, and problems fixed in the period.

    A case history keeps decides first (first seen inside the period = new, before = repeat;
    fixed on inside the period = fixed). A problem with no case is compared with the previous
    notice: named there = repeat; named there, not found now by a run that could check it =
    fixed.
    """
    subjects = {s.key: s for s in data.subjects}
    cases = {(c.subject, c.check, c.url): c for c in session.scalars(
        select(m.Case).where(m.Case.subject.in_(list(subjects))))} if subjects else {}
    previous = data.previous.problems if data.previous else {}
    changes: list[Change] = []
    current: set[tuple[str, str, str]] = set()
    for subject in data.subjects:
        for finding in subject.findings:
            key = (subject.key, finding["check"], finding["url"])
            case = cases.get(key)
            if case is not None:
                finding["change"] = "new" if case.first_seen >= data.period_from else "repeat"
            else:
                finding["change"] = "repeat" if key in previous else "new"
            if finding.get("severity") in NOTICE_SEVERITIES and subject.is_problem:
                current.add(key)
                changes.append(Change(finding["change"], subject.key, subject.label,
                                      finding["check"], finding["url"], finding.get("message") or "",
                                      first_seen=case.first_seen if case else None))
    fixed_cases = session.scalars(select(m.Case).where(
        m.Case.fixed_on >= data.period_from, m.Case.fixed_on <= data.period_to,
        m.Case.severity.in_(NOTICE_SEVERITIES)).order_by(m.Case.id))
    for case in fixed_cases:
        changes.append(Change("fixed", case.subject, _subject_label(session, case.subject, subjects),
                              case.check, case.url, case.message, case.first_seen, case.fixed_on))
    for key, message in previous.items():
        subject = subjects.get(key[0])
        if (subject is None or not subject.complete or key in current or key in cases
                or key[1] in subject.not_checked):
            continue
        changes.append(Change("fixed", subject.key, subject.label, key[1], key[2], message,
                              fixed_on=subject.as_of))
    return changes


def _subject_label(session: Session, key: str, known: dict[str, Subject]) -> str:
    if key in known:
        return known[key].label
    kind, _, ident = key.partition(":")
    if kind == "account":
        account = session.get(m.Account, int(ident))
        if account is not None:
            return f"{account.name or account.key}({platform_label(account.platform)})"
    elif kind == "site":
        site = session.get(m.Site, int(ident))
        if site is not None:
            return site.name or site.url
    return key


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
# Writing

def write_notice(db: Database, period_from: date, period_to: date, out_dir: str | Path, *,
                 title: str | None = None, issuer: str | None = None,
                 deadline: date | None = None, screenshots: bool = True) -> dict[str, Path]:
    """Write notice.docx, notice.xlsx and notice.html (and screenshots/) into ``out_dir``,
    store the Notice row and mark the named cases notified; format -> path.

    Raises ``NothingInspected`` (and writes nothing) when no run is stored for the period.
    """
    # The renderers read NoticeData from this module: import them only when writing.
    from reports.notice_docx import write_notice_docx
    from reports.notice_html import write_notice_html
    from reports.notice_xlsx import write_notice_xlsx
    from reports.screenshots import take_screenshots
    from reports.writers import atomic

    with db.session() as session:
        data = gather_notice(session, period_from, period_to, deadline=deadline)
    if data.is_empty:
        raise NothingInspected(f"{period_text(period_from, period_to)}没有已存储的检查结果")
    data.title = title or data.title
    data.issuer = issuer
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[NoticeData, Path], Any]] = {
        "docx": write_notice_docx, "xlsx": write_notice_xlsx, "html": write_notice_html}
    written: dict[str, Path] = {}
    staging = out / f".screenshots.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        if screenshots and data.problem_sites:
            shots = take_screenshots([s.evidence_url for s in data.problem_sites], staging)
            for site in data.problem_sites:
                site.screenshot = shots.get(site.evidence_url)
        for fmt, writer in writers.items():
            path = out / f"notice.{fmt}"
            with atomic(path) as temporary:
                writer(data, temporary)
            written[fmt] = path
        if staging.exists():
            written["screenshots"] = _replace_dir(staging, out / "screenshots")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with db.session() as session:
        _record(session, data, out, written)
    return written


def _replace_dir(new: Path, final: Path) -> Path:
    """Put ``new`` where ``final`` is, so the folder is always a whole set of screenshots."""
    old = final.with_name(f".{final.name}.{secrets.token_hex(4)}.old")
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def _record(session: Session, data: NoticeData, out: Path, written: dict[str, Path]) -> m.Notice:
    """Store (or, for a period noticed before, replace) the Notice row; mark cases notified."""
    notice = session.scalar(select(m.Notice).where(m.Notice.period_from == data.period_from,
                                                   m.Notice.period_to == data.period_to)
                            .order_by(m.Notice.id.desc()).limit(1))
    if notice is None:
        notice = m.Notice(period_from=data.period_from, period_to=data.period_to)
        session.add(notice)
    notice.created_at = datetime.now(timezone.utc)
    notice.deadline = data.deadline
    notice.out_dir = str(out.resolve())
    notice.summary = {**data.summary(),
                      "files": {fmt: path.name for fmt, path in written.items()}}
    session.flush()
    named = {(subject, check, url) for subject, check, url, _message in data.named_problems}
    subjects = sorted({key[0] for key in named})
    if subjects:
        for case in session.scalars(select(m.Case).where(m.Case.subject.in_(subjects))):
            if (case.subject, case.check, case.url) in named and case.state in CASE_STATES_TO_NOTIFY:
                case.state = "notified"
                case.deadline = data.deadline
                case.notice_id = notice.id
    return notice


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
