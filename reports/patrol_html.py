"""A patrol (``govpatrol.patrol/1``) as one self-contained page: each site's verdict with a
link to its own report, and each new-media account's latest post and posting rhythm."""
from __future__ import annotations

from typing import Any, Mapping

from reports import labels
from reports.html import _environment


def render_patrol_html(report: Mapping[str, Any], site_links: Mapping[str, str] | None = None) -> str:
    """``site_links`` maps a site's URL to the relative path of its own HTML report."""
    sites = []
    for site in report.get("sites") or []:
        counts = labels.count_by_severity(site.get("findings") or [])
        sites.append({"site": site.get("site") or {}, "verdict": site.get("verdict") or {},
                      "counts": counts, "run": site.get("run") or {},
                      "link": (site_links or {}).get((site.get("site") or {}).get("url", ""))})
    accounts = []
    for account in report.get("accounts") or []:
        rhythm = account.get("rhythm") or []
        peak = max((day.get("posts", 0) for day in rhythm), default=0) or 1
        accounts.append({**account, "platform_name": labels.platform_label(account.get("platform")),
                         "bars": [{"date": day["date"], "posts": day["posts"],
                                   "height": round(100 * day["posts"] / peak)} for day in rhythm]})
    template = _environment().get_template("patrol.html.j2")
    return template.render(report=report, sites=sites, accounts=accounts,
                           verdict_label=labels.verdict_label)
