"""互动回应: public messages (领导信箱, 留言, 咨询) left unanswered or answered late.

国办发〔2014〕57号 asks for a reply within 15 working days at most; 19号 V5 makes a valid
message unanswered for more than 3 months (90 days) within the year before the monitoring
point a veto. Working days are official ones (checks.workdays). A site whose messages could
not be read is "not checked", never "passed".
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterator

from checks.base import Finding, NotChecked, rule
from checks.observations import MessageObs, Observations
from checks.workdays import working_days_after
from checks.replies import is_mailbox_status_answered

MAILBOX = "mailbox"


def message_url(message: MessageObs) -> str:
    """The message's own page; else its list page with ``#`` and its number (SPEC §2)."""
    if message.url:
        return message.url
    anchor = message.number or str(message.position)
    return f"{message.list_url}#{anchor}"


def judged_messages(obs: Observations, rules: dict, as_of: date) -> list[MessageObs]:
    """The messages sent within the lookback window before ``as_of``; NotChecked when the
    site publishes none that could be read."""
    if not obs.messages:
        mailboxes = [c for c in obs.columns if c.category == MAILBOX]
        if not mailboxes:
            raise NotChecked("网站未发现留言、信箱或咨询栏目，未公开留言办理情况 / no mailbox column found")
        unread = [c for c in mailboxes if not c.complete]
        names = "、".join(c.name or c.url for c in mailboxes)
        why = "留言列表未能读取" if unread else "未读到任何留言"
        raise NotChecked(f"网站未公开留言办理情况：{names}{why} / mailbox lists hold no readable message")
    if all(m.sent is None for m in obs.messages):
        raise NotChecked("留言均未标注提交时间，无法判断办理时限 / no message carries its date")
    earliest = as_of - timedelta(days=rules["messages"]["lookback_days"])
    return [m for m in obs.messages if m.sent is not None and earliest <= m.sent <= as_of]


def _is_answered(message: MessageObs) -> bool:
    return message.replied is not None or is_mailbox_status_answered(message.status_text) is True


def _label(message: MessageObs) -> str:
    if message.title:
        return f"留言“{message.title}”"
    if message.number:
        return f"编号{message.number}的留言"
    return "留言"


def _evidence(message: MessageObs, **extra: Any) -> dict[str, Any]:
    return {
        "number": message.number,
        "title": message.title,
        "sent": message.sent.isoformat() if message.sent else None,
        "status": message.status_text,
        "replied": message.replied.isoformat() if message.replied else None,
        "reply_unit": message.reply_unit,
        "list_url": message.list_url,
        "column_url": message.column_url,
        **extra,
    }


@rule("message_unanswered", "deduct", "留言未回复")
def message_unanswered(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    limits = rules["messages"]
    max_working_days: int = limits["reply_working_days"]
    veto_after: int = limits["veto_after_days"]
    for message in judged_messages(obs, rules, as_of):
        if _is_answered(message):
            continue
        waited = working_days_after(message.sent, as_of)
        if waited <= max_working_days:
            continue
        days = (as_of - message.sent).days
        veto = days > veto_after
        limit_text = f"超过{veto_after}天" if veto else f"超过{max_working_days}个工作日"
        yield Finding(
            check="message_unanswered", severity="veto" if veto else "deduct",
            url=message_url(message), page=message.list_url,
            message=(f"{_label(message)}({message.sent.isoformat()}提交){limit_text}未回复"
                     f"(已{waited}个工作日、{days}天)"),
            evidence=_evidence(message, working_days=waited, days=days,
                               reply_working_days=max_working_days, veto_after_days=veto_after))


@rule("message_late_reply", "warn", "留言回复超期")
def message_late_reply(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    max_working_days: int = rules["messages"]["reply_working_days"]
    for message in judged_messages(obs, rules, as_of):
        if message.replied is None:
            continue
        took = working_days_after(message.sent, message.replied)
        if took <= max_working_days:
            continue
        yield Finding(
            check="message_late_reply", severity="warn", url=message_url(message),
            page=message.list_url,
            message=(f"{_label(message)}({message.sent.isoformat()}提交)于{message.replied.isoformat()}"
                     f"回复，用时{took}个工作日，超过{max_working_days}个工作日"),
            evidence=_evidence(message, working_days=took, reply_working_days=max_working_days))
