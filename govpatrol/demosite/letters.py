"""Public letters of the 云溪市 portal's three mailboxes, and what each one is planted for.

Every date is absolute and chosen by its official working-day distance (statutory holidays
off, make-up weekends on) at AS_OF 2026-11-20: the reply limit is 15 working days, the veto
limit 90 calendar days, the lookback one year. ``role`` says what an audit must make of a
letter:

- ``in_time``    answered within 15 working days
- ``late``       answered after more than 15 working days (message_late_reply, warn)
- ``unanswered`` no reply after more than 15 working days, 90 days or less (message_unanswered, deduct)
- ``veto``       no reply for more than 90 days (message_unanswered, veto)
- decoys: ``young`` (no reply, a few working days old), ``edge_reply`` (answered on the 15th
  working day), ``edge_wait`` (no reply, exactly 15 working days old), ``old`` (no reply, but
  sent before the one-year lookback window)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PROBLEM_ROLES = {"late": ("message_late_reply", "warn"),
                 "unanswered": ("message_unanswered", "deduct"),
                 "veto": ("message_unanswered", "veto")}
DECOY_ROLES = {"young": "message_unanswered", "edge_wait": "message_unanswered",
               "old": "message_unanswered", "edge_reply": "message_late_reply"}


@dataclass(frozen=True)
class Letter:
    number: str
    title: str
    sent: date
    status: str  # as the list shows it
    replied: date | None = None
    unit: str | None = None  # the unit that replied (or is handling it)
    role: str = "in_time"
    note: str = ""  # why this letter sits where it does (for expected.py)
    author: str = "市民"

    @property
    def content(self) -> str:
        return f"您好！我想反映一个问题：{self.title}。希望有关部门尽快核实处理，谢谢。"

    @property
    def reply(self) -> str:
        if self.replied is None:
            return ""
        return (f"您好！您反映的“{self.title}”收悉。经{self.unit}核实，已安排专人跟进处理，"
                "相关情况已电话告知。感谢您对我市工作的关心和支持。")


@dataclass(frozen=True)
class Mailbox:
    key: str
    name: str
    path: str  # the list page as the homepage links it (may carry a query)
    letters: tuple[Letter, ...]  # newest first, as listed
    detail_pattern: str | None = None  # a letter's own page, formatted with ``n`` (1-based id)

    def detail_path(self, letter: Letter) -> str | None:
        if self.detail_pattern is None:
            return None
        return self.detail_pattern.format(n=self.letters.index(letter) + 1, number=letter.number)

    def letter_for(self, n: int) -> Letter | None:
        return self.letters[n - 1] if 1 <= n <= len(self.letters) else None


def _number(prefix: str, sent: date, seq: int) -> str:
    return f"{prefix}{sent:%Y%m%d}{seq:05d}"


def _letters(prefix: str, rows: list[tuple]) -> tuple[Letter, ...]:
    """(sent, title, status, replied, unit, role, note) rows -> letters numbered by day."""
    letters = []
    for seq, (sent, title, status, replied, unit, role, note) in enumerate(rows, start=1):
        letters.append(Letter(_number(prefix, sent, seq * 7 % 100), title, sent, status, replied, unit,
                              role, note, author=("王**", "李**", "张**", "刘**", "陈**", "杨**")[seq % 6]))
    return tuple(sorted(letters, key=lambda letter: (letter.sent, letter.number), reverse=True))


D = date
MAYOR = Mailbox("szxx", "市长信箱", "/zmhd/szxx/index.html", _letters("", [
    (D(2026, 11, 17), "青石镇菜市场周边占道经营严重", "待回复", None, None, "young", "3个工作日，未到期"),
    (D(2026, 11, 9), "建议增设溪口街道公交站点", "已回复", D(2026, 11, 12), "市交通运输局", "in_time", ""),
    (D(2026, 11, 2), "小区充电桩安装审批咨询", "已回复", D(2026, 11, 6), "市住房城乡建设局", "in_time", ""),
    (D(2026, 10, 30), "白沙镇农村道路路灯损坏", "办理中", None, "市住房城乡建设局", "edge_wait",
     "未回复，正好15个工作日"),
    (D(2026, 10, 29), "东湖街道老旧小区雨污管网改造进度", "办理中", None, "市住房城乡建设局", "unanswered",
     "未回复，16个工作日"),
    (D(2026, 9, 28), "学区划分政策咨询", "已回复", D(2026, 10, 23), "市教育局", "edge_reply",
     "国庆节前来信，第15个工作日回复（按周一至周五算是19天）"),
    (D(2026, 9, 18), "南屏镇自来水水压不足", "已回复", D(2026, 10, 19), "市水利局", "late",
     "跨中秋、国庆假期，第17个工作日回复（09-20、10-10调休上班）"),
    (D(2026, 9, 10), "医保异地备案办理流程", "已回复", D(2026, 9, 15), "市医保局", "in_time", ""),
    (D(2026, 7, 20), "云峰乡采石场夜间作业噪音扰民", "已受理", None, "市生态环境局", "veto", "123天未回复"),
    (D(2026, 6, 15), "公积金贷款额度咨询", "已回复", D(2026, 6, 18), "市住房城乡建设局", "in_time", ""),
]), detail_pattern="/zmhd/szxx/letter/{number}.html")

LEADERS = Mailbox("jact", "领导信箱", "/jact/front/mailpublist.do?sysid=6", _letters("", [
    (D(2026, 11, 18), "溪口街道夜市油烟扰民", "办理中", None, "市生态环境局", "young", "2个工作日，未到期"),
    (D(2026, 11, 11), "城区停车收费标准咨询", "已办结", D(2026, 11, 13), "市发展改革委", "in_time", ""),
    (D(2026, 11, 4), "建议延长市图书馆开放时间", "已办结", D(2026, 11, 10), "市文化广电旅游局", "in_time", ""),
    (D(2026, 10, 26), "桃源镇中心小学校车接送", "已办结", D(2026, 11, 2), "市教育局", "in_time", ""),
    (D(2026, 10, 14), "龙潭镇河道垃圾漂浮物清理", "办理中", None, "市水利局", "unanswered", "27个工作日未回复"),
    (D(2026, 10, 9), "新能源汽车购置补贴申领", "已办结", D(2026, 10, 16), "市商务局", "in_time", ""),
    (D(2026, 9, 22), "灵活就业人员社保缴费基数", "已办结", D(2026, 10, 20), "市人力社保局", "edge_reply",
     "国庆节前来信，第15个工作日回复（按周一至周五算是20天）"),
    (D(2026, 9, 15), "西岭街道断头路何时打通", "已办结", D(2026, 10, 16), "市自然资源和规划局", "late",
     "跨中秋、国庆假期，第19个工作日回复"),
    (D(2026, 9, 7), "农村宅基地审批咨询", "已办结", D(2026, 9, 11), "市农业农村局", "in_time", ""),
    (D(2026, 8, 24), "柳塘乡通村公路维修", "已办结", D(2026, 9, 4), "市交通运输局", "in_time", ""),
    (D(2026, 8, 12), "城区学校周边交通安全", "已办结", D(2026, 8, 19), "市教育局", "in_time", ""),
    (D(2026, 7, 28), "夏季高温户外作业补贴", "已办结", D(2026, 8, 5), "市人力社保局", "in_time", ""),
    (D(2026, 7, 13), "石门镇卫生院夜间急诊", "已办结", D(2026, 7, 21), "市卫生健康委", "in_time", ""),
    (D(2026, 6, 23), "枫林乡养殖场异味扰民", "已受理", None, "市生态环境局", "veto", "150天未回复"),
    (D(2026, 6, 8), "高考加分政策咨询", "已办结", D(2026, 6, 12), "市教育局", "in_time", ""),
    (D(2026, 5, 19), "小微企业创业担保贷款", "已办结", D(2026, 5, 27), "市财政局", "in_time", ""),
    (D(2026, 4, 27), "城区公共厕所开放时间", "已办结", D(2026, 5, 8), "市住房城乡建设局", "in_time", ""),
    (D(2026, 4, 7), "清明节期间公墓交通管制", "已办结", D(2026, 4, 9), "市民政局", "in_time", ""),
    (D(2026, 3, 16), "老年人优待证办理", "已办结", D(2026, 3, 20), "市民政局", "in_time", ""),
    (D(2026, 1, 12), "冬季供暖温度不达标", "已办结", D(2026, 1, 15), "市住房城乡建设局", "in_time", ""),
    (D(2025, 12, 1), "城区道路积雪清扫", "已办结", D(2025, 12, 5), "市住房城乡建设局", "in_time", ""),
    (D(2025, 10, 16), "云溪大桥限行时段调整建议", "办理中", None, "市交通运输局", "old",
     "400天未回复，但早于一年监测期"),
]), detail_pattern="/jact/front/mailpubdetail.do?sysid=6&transactId={n}")

CONSULT = Mailbox("wszx", "网上咨询", "/zmhd/wszx/index.html", _letters("ZX", [
    (D(2026, 11, 19), "居住证办理需要哪些材料", "待回复", None, None, "young", "1个工作日，未到期"),
    (D(2026, 11, 12), "个体工商户年报时间", "已答复", D(2026, 11, 16), "市市场监管局", "in_time", ""),
    (D(2026, 10, 27), "新生儿医保参保流程", "处理中", None, "市医保局", "unanswered", "18个工作日未回复"),
    (D(2026, 10, 15), "电动自行车上牌地点", "已答复", D(2026, 10, 20), "市公安局", "in_time", ""),
    (D(2026, 8, 22), "公租房申请条件", "待处理", None, "市住房城乡建设局", "unanswered",
     "正好90天未回复：扣分，不是单项否决"),
    (D(2026, 8, 21), "残疾人两项补贴申领", "待处理", None, "市民政局", "veto", "91天未回复"),
    (D(2026, 6, 2), "不动产登记预约方式", "已答复", D(2026, 6, 5), "市自然资源和规划局", "in_time", ""),
    (D(2026, 3, 23), "职业技能培训补贴", "已答复", D(2026, 3, 27), "市人力社保局", "in_time", ""),
    (D(2026, 2, 10), "春节期间政务服务中心开放时间", "已答复", D(2026, 3, 10), "市数据局", "late",
     "跨春节假期，第16个工作日答复（02-14、02-28调休上班）"),
    (D(2026, 2, 10), "外地车辆春节进城限行", "已答复", D(2026, 3, 9), "市公安局", "edge_reply",
     "跨春节假期，第15个工作日答复"),
    (D(2026, 1, 5), "企业职工退休手续办理", "已答复", D(2026, 1, 9), "市人力社保局", "in_time", ""),
    (D(2025, 12, 15), "冬季燃气安全检查预约", "已答复", D(2025, 12, 17), "市住房城乡建设局", "in_time", ""),
]))

MAILBOXES = (MAYOR, LEADERS, CONSULT)
