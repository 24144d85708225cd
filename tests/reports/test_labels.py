from datetime import datetime

from reports import labels


def test_labels_for_known_ids_and_fallback_to_the_id():
    assert labels.check_label("broken_link") == "链接不可用"
    assert labels.check_label("some_new_check") == "some_new_check"
    assert labels.severity_label("veto") == "单项否决"
    assert labels.severity_label("odd") == "odd"
    assert labels.verdict_label("fail") == "不合格"
    assert labels.verdict_label("pass") == "合格"
    assert labels.category_label("notice") == "通知公告类"
    assert labels.category_label("unknown") == "unknown"
    assert labels.reason_label("homepage_stale") == "首页不更新"
    assert "空白栏目" in labels.reason_label("V4c")
    assert labels.evidence_label("weird_key") == "weird_key"


def test_every_spec_check_and_category_has_a_label():
    from crawlers.extract.category import CATEGORIES

    assert all(labels.category_label(c) != c for c in CATEGORIES)
    assert len(labels.CHECK_LABELS) == 13


def test_groups_put_veto_first_then_deduct_then_warn(report):
    groups = labels.group_findings(report["findings"])
    ranks = [labels.severity_rank(g.severity) for g in groups]
    assert ranks == sorted(ranks)
    assert [g.check for g in groups][:2] == ["homepage_stale", "message_unanswered"]
    # Within a group the worst finding comes first.
    messages = next(g for g in groups if g.check == "message_unanswered").findings
    assert [f["severity"] for f in messages] == ["veto", "deduct"]
    assert next(g for g in groups if g.check == "broken_link").counts() == {"deduct": 1, "warn": 1}


def test_evidence_text_reads_like_a_sentence():
    text = labels.evidence_text({"status": 404, "scope": "homepage", "reachable": False,
                                 "pages": [f"http://a.gov.cn/{i}" for i in range(12)],
                                 "ratio": 0.875, "odd": None, "tags": [], "redirects": 0}, max_items=3)
    assert text.startswith("状态: 404；范围: 首页不可用链接；可访问: 否；")
    assert "http://a.gov.cn/2……另有9条" in text and "http://a.gov.cn/3" not in text
    assert "比例: 87.5%" in text
    assert text.endswith("比例: 87.5%；重定向次数: 0")  # empty values are left out, zero is not


def test_value_kind_only_links_web_addresses():
    assert labels.value_kind("http://a.gov.cn/") == "url"
    assert labels.value_kind("javascript:alert(1)") == "scalar"
    assert labels.value_kind(["http://a.gov.cn/", "https://b.gov.cn/"]) == "urls"
    assert labels.value_kind([{"url": "x"}]) == "records"
    assert labels.value_kind([1, "http://a.gov.cn/"]) == "list"
    assert labels.value_kind({"a": 1}) == "mapping"


def test_format_time_prints_china_time():
    assert labels.format_time("2026-11-20T02:00:00+08:00") == "2026-11-20 02:00:00"
    # Any other zone, and a naive time (UTC, as storage keeps run times), in China time.
    assert labels.format_time("2026-11-19T18:00:00+00:00") == "2026-11-20 02:00:00"
    assert labels.format_time("2026-11-19T18:00:00") == "2026-11-20 02:00:00"
    assert labels.format_time(datetime(2026, 11, 19, 18, 0)) == "2026-11-20 02:00:00"
    assert labels.format_time("2026-11-19T13:00:00-05:00") == "2026-11-20 02:00:00"
    assert labels.format_time("2026-11-19") == "2026-11-19"  # a date alone has no zone
    assert "北京时间" in labels.TIME_NOTE
    assert labels.format_time(None) == "—"
    assert labels.format_time("not a time") == "not a time"


def test_report_parts(report):
    assert labels.not_checked(report) == [
        ("ipv6_unsupported", "站点域名无法通过IPv6解析服务器查询"),
        ("newmedia_stale", "登记信息中没有新媒体账号")]
    assert labels.unchecked_counts(report) == [("超出抓取页面上限", 12), ("抓取超时", 3),
                                               ("robots协议禁止抓取", 1)]
    assert [key for key, _, _ in labels.report_extras(report)] == ["ipv6", "availability", "run"]
    assert labels.marked_columns(report["findings"]) == {
        "http://www.example.gov.cn/col/col2/index.html": "不更新",
        "http://www.example.gov.cn/col/col3/index.html": "空白"}
    assert labels.verdict_reasons({"reasons": ["homepage_stale", "V4c"]}) == [
        "首页不更新", labels.REASON_LABELS["V4c"]]


def test_ids_among_evidence_values_and_moments_read_for_a_person():
    assert labels.value_text(["no_aaaa", "second_level_ratio"], "failed") == \
        "无AAAA记录、二级链接IPv6支持率不足"
    assert labels.format_scalar(3, "failed") == "3"  # a count of failures stays a number
    assert labels.format_scalar("dns", "stage") == "域名解析"
    assert labels.format_scalar("ipv6", "family") == "IPv6"
    # An ISO moment from a probe is shown in China time, like every other time.
    assert labels.format_scalar("2026-11-30T16:05:00+00:00", "at") == "2026-12-01 00:05:00"
    assert labels.format_scalar("2026-11-30", "latest") == "2026-11-30"


def test_the_ipv6_section_does_not_list_the_failed_links_a_finding_lists():
    failures = [{"url": f"http://www.a.gov.cn/{i}.html", "stage": "dns"} for i in range(40)]
    report = {"ipv6": {"host": "www.a.gov.cn",
                       "second_level": {"total": 40, "ok": 0, "ratio": 0.0, "failures": failures}},
              "findings": [{"check": "ipv6_unsupported", "evidence": {}}]}
    [(key, label, shown)] = labels.report_extras(report)
    assert (key, label) == ("ipv6", "IPv6检测")
    assert "failures" not in shown["second_level"] and shown["second_level"]["total"] == 40
    assert "40个链接" in shown["second_level"]["message"]
    report["findings"] = []  # nothing else lists them: the section keeps them
    assert labels.report_extras(report)[0][2]["second_level"]["failures"] == failures
