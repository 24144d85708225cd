"""A stored period to write notices from: November 2026, several sites and accounts, a
previous notice for October and the cases history keeps, with a local web server for the
problem pages so that screenshots are real.

Period 2026-11-01 … 2026-11-30, what each subject is:
- site A 某某市人民政府: 不合格 (首页不更新, veto) plus deduct and warn findings; an earlier
  complete run in the same period that must be ignored (the latest complete run counts).
- site B 某某市教育局: 合格, only a warning.
- site C 某某市交通运输局: 合格 but with deduct findings (a problem site without a veto).
- site D 某某市卫生健康委员会: its run in the period failed (未完成检查); a complete run in
  October must not stand in for it.
- site E 某某市自然资源局: 不合格 by V4c (five blank columns), on a port nobody listens on,
  so its screenshot fails.
- site F 某某区人民政府: inspected in October only, not part of the notice.
- accounts: 某某发布(微博) 不合格, 某某教育(微信) 合格, 某某交通(客户端) 合格 with a deduct
  finding, 某某卫健(微博) failed run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from storage import models as m
from storage.db import Database

PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


class ProblemPages(BaseHTTPRequestHandler):
    """Any path is a small Chinese page, except /missing.html, which is a 404 page."""

    requested: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        type(self).requested.append(self.path)
        status = 404 if self.path.startswith("/missing") else 200
        title = "页面不存在" if status == 404 else f"某某市人民政府 {self.path}"
        body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
                f"<body style='background:#fff'><h1 style='color:#b3261e'>{title}</h1>"
                f"<ul><li>2026-10-20 最新信息</li></ul></body></html>").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@dataclass
class Period:
    db: Database
    base: str
    dead: str
    ids: dict[str, int]

    def url(self, path: str) -> str:
        return self.base + path


def new_database(directory: Path) -> Database:
    return Database("sqlite:///" + str(directory / "govpatrol.db"))


def seed_period(db: Database, base: str, dead: str) -> dict[str, int]:
    """Store the sites, accounts, runs, findings, cases and previous notice described above."""
    ids: dict[str, int] = {}
    with db.session() as s:
        def site(key: str, name: str, url: str, organizer: str) -> m.Site:
            row = m.Site(url=url, name=name, organizer=organizer, site_code=f"33010000{len(ids):02d}",
                         created_at=NOW, options={})
            s.add(row)
            s.flush()
            ids[key] = row.id
            return row

        def account(key: str, platform: str, name: str, site_row: m.Site | None) -> m.Account:
            row = m.Account(platform=platform, key=f"{platform}-{name}", name=name,
                            url=f"{dead}/newmedia/{platform}/{len(ids)}",
                            site_id=site_row.id if site_row else None, options={})
            s.add(row)
            s.flush()
            ids[key] = row.id
            return row

        def run(key: str, as_of: date, status: str = "complete", verdict: str | None = None,
                reasons: list[str] | None = None, *, site_row: m.Site | None = None,
                account_row: m.Account | None = None, error: str | None = None,
                details: list[str] | None = None) -> m.Run:
            row = m.Run(site_id=site_row.id if site_row else None,
                        account_id=account_row.id if account_row else None,
                        kind="account" if account_row else "patrol", as_of=as_of,
                        started_at=NOW, finished_at=NOW if status == "complete" else None,
                        status=status, error=error, settings={},
                        stats={"verdict_details": details or []},
                        verdict=verdict, verdict_reasons=reasons or [])
            s.add(row)
            s.flush()
            ids[key] = row.id
            return row

        def finding(run_row: m.Run, check: str, severity: str, url: str, message: str,
                    **evidence) -> None:
            s.add(m.Finding(run_id=run_row.id, check=check, severity=severity, url=url,
                            page=url, message=message, evidence=evidence))

        a = site("A", "某某市人民政府", base + "/", "某某市人民政府办公室")
        b = site("B", "某某市教育局", base + "/edu/", "某某市教育局")
        c = site("C", "某某市交通运输局", base + "/jt/", "某某市交通运输局")
        d = site("D", "某某市卫生健康委员会", base + "/wjw/", "某某市卫生健康委员会")
        e = site("E", "某某市自然资源局", dead + "/zrzy/", "某某市自然资源局")
        f = site("F", "某某区人民政府", base + "/qu/", "某某区人民政府办公室")

        early = run("A-early", date(2026, 11, 5), verdict="fail", reasons=["site_unreachable"],
                    site_row=a)
        finding(early, "site_unreachable", "veto", base + "/", "站点无法访问（失败率8%）")
        run_a = run("A-run", date(2026, 11, 20), verdict="fail", reasons=["homepage_stale"],
                    site_row=a, details=["首页最新信息发布于2026-10-20，超过2周未更新"])
        finding(run_a, "homepage_stale", "veto", base + "/", "首页超过2周未更新（最新信息发布于2026-10-20）",
                latest="2026-10-20", days=31)
        finding(run_a, "broken_link", "deduct", base + "/missing.html", "首页链接无法访问(HTTP 404)",
                status=404, scope="homepage", pages=[base + "/"])
        finding(run_a, "stale_column", "deduct", base + "/col/news/", "栏目“工作动态”超过2周未更新",
                category="news", latest="2026-10-01")
        finding(run_a, "broken_link", "warn", "http://www.other.gov.cn/blocked.html",
                "链接访问受限(HTTP 403)", status=403, scope="site")

        run_b = run("B-run", date(2026, 11, 18), verdict="pass", site_row=b)
        finding(run_b, "interpretation_late", "warn", base + "/edu/zc/1.html",
                "政策解读晚于文件发布5个工作日", working_days=5)

        run_c = run("C-run", date(2026, 11, 19), verdict="pass", site_row=c)
        finding(run_c, "identity_missing", "deduct", base + "/jt/", "首页底部缺少公安机关备案号",
                missing=["police_record"])
        finding(run_c, "blank_column", "deduct", base + "/jt/col/blank/", "栏目“规划计划”为空白栏目")
        s.add(m.CheckStatus(run_id=run_c.id, check="message_unanswered", status="not_checked",
                            reason="未找到留言栏目"))
        s.add(m.CheckStatus(run_id=run_c.id, check="ipv6_unsupported", status="checked"))

        run("D-old", date(2026, 10, 20), verdict="pass", site_row=d)
        run("D-run", date(2026, 11, 21), status="failed", site_row=d, error="首页无法抓取：连接被拒绝")

        run_e = run("E-run", date(2026, 11, 22), verdict="fail", reasons=["V4c"], site_row=e)
        for number in range(1, 6):
            finding(run_e, "blank_column", "deduct", f"{dead}/zrzy/col/{number}/",
                    f"栏目“专栏{number}”为空白栏目")

        run("F-run", date(2026, 10, 15), verdict="fail", reasons=["homepage_stale"], site_row=f)

        weibo = account("weibo", "weibo", "某某发布", a)
        wechat = account("wechat", "wechat", "某某教育", b)
        app = account("app", "rss", "某某交通", c)
        sick = account("sick", "weibo", "某某卫健", d)
        run_w = run("weibo-run", date(2026, 11, 20), verdict="fail", reasons=["newmedia_stale"],
                    account_row=weibo)
        finding(run_w, "newmedia_stale", "veto", weibo.url, "账号超过2周未更新（最新发布于2026-10-30）")
        run("wechat-run", date(2026, 11, 20), verdict="pass", account_row=wechat)
        run_app = run("app-run", date(2026, 11, 20), verdict="pass", account_row=app)
        finding(run_app, "newmedia_stale", "deduct", app.url, "近7天发布1条，少于每周2条")
        run("sick-run", date(2026, 11, 20), status="interrupted", account_row=sick,
            error="检查进程中断(无心跳)")

        previous = m.Notice(period_from=date(2026, 10, 1), period_to=date(2026, 10, 31),
                            created_at=NOW, deadline=date(2026, 11, 21), summary={"problems": [
                                [f"site:{a.id}", "homepage_stale", base + "/", "首页不更新"],
                                [f"site:{c.id}", "ipv6_unsupported", base + "/jt/", "不支持IPv6"],
                                [f"site:{c.id}", "message_unanswered", base + "/jt/hd/1.html",
                                 "留言未答复"],
                            ]})
        s.add(previous)
        s.flush()
        ids["previous"] = previous.id

        def case(key: str, subject: str, check: str, url: str, first_seen: date, *,
                 state: str = "open", fixed_on: date | None = None, severity: str = "deduct",
                 run_row: m.Run = run_a, notice_id: int | None = None) -> None:
            row = m.Case(subject=subject, check=check, url=url, severity=severity,
                         message=f"{check} 问题", first_run_id=run_row.id, last_run_id=run_row.id,
                         first_seen=first_seen, last_seen=fixed_on or date(2026, 11, 20),
                         fixed_on=fixed_on, state=state, notice_id=notice_id,
                         site_id=int(subject.split(":")[1]))
            s.add(row)
            s.flush()
            ids[key] = row.id

        case("case-new", f"site:{a.id}", "broken_link", base + "/missing.html", date(2026, 11, 20))
        case("case-repeat", f"site:{a.id}", "stale_column", base + "/col/news/", date(2026, 9, 15),
             state="notified", notice_id=previous.id)
        case("case-home", f"site:{a.id}", "homepage_stale", base + "/", date(2026, 10, 10),
             severity="veto")
        case("case-fixed", f"site:{b.id}", "broken_link", base + "/edu/old.html", date(2026, 9, 1),
             state="fixed", fixed_on=date(2026, 11, 12), run_row=run_b)
        case("case-closed", f"site:{e.id}", "blank_column", f"{dead}/zrzy/col/1/", date(2026, 8, 1),
             state="closed", run_row=run_e)
    return ids
