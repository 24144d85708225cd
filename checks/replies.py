"""What a mailbox's status words say of a message: answered, still pending, or neither.

The one vocabulary for both sides: the crawl uses it to recognise a status field in a row,
the message checks to judge whether a message was answered.
"""
from __future__ import annotations

import re

# Pending words are tested first: "未回复" contains "回复".
PENDING_STATUS = ("未回复", "待回复", "未答复", "待答复", "未办结", "未处理", "办理中", "处理中",
                  "受理中", "已受理", "待受理", "待处理", "正在办理", "转办中", "已转办", "交办中",
                  "待审核", "审核中", "待审查")
ANSWERED_STATUS = ("已回复", "已答复", "已办结", "已处理", "已反馈", "已解决", "办结", "已完成")

_JUNK = re.compile(r"[\s\u3000:：【】\[\]()（）*]+")


def is_mailbox_status_answered(status: str | None) -> bool | None:
    """True for 已回复/已答复/已办结/已处理 …, False for 未回复/办理中/已受理/待处理 …, None
    when the status says neither (or is missing)."""
    text = _JUNK.sub("", status or "")
    if not text:
        return None
    if any(word in text for word in PENDING_STATUS):
        return False
    if any(word in text for word in ANSWERED_STATUS):
        return True
    return None
