"""The seeded site generator: deterministic, varied, and its truth agrees with what it serves."""
from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
import pytest

from govpatrol.demosite.generated import generate
from govpatrol.demosite.generated.families import FAMILIES
from govpatrol.demosite.generated.score import AUDIT_CHECKS
from govpatrol.demosite.generated.site import Dynamic, Resource, Site, with_port

SEEDS = range(20)
PORT = 8123


@pytest.fixture(scope="module")
def sites() -> dict[int, Site]:
    return {seed: generate(seed) for seed in SEEDS}


def text(resource: Resource) -> str:
    """The body decoded by the charset its Content-Type names (GBK for gb2312, as browsers do)."""
    charset = resource.content_type.partition("charset=")[2].lower() or "utf-8"
    return resource.body.decode("gbk" if charset in ("gb2312", "gbk") else charset)


def fetch(site: Site, url: str, method: str = "GET", hops: int = 0):
    """(final url, status, body, hops) of ``url`` answered by the site's routes, redirects followed."""
    parts = urlsplit(url)
    route = site.lookup(parts.hostname or "", parts.path or "/", dict(parse_qsl(parts.query)))
    if route is None:
        return url, 404, b"", hops
    params = dict(parse_qsl(parts.query))
    resource = route(params) if isinstance(route, Dynamic) else route
    if method == "HEAD" and resource.head_status:
        return url, resource.head_status, b"", hops
    location = dict(resource.headers).get("Location")
    if location and 300 <= resource.status < 400 and hops < 30:
        return fetch(site, urljoin(url, with_port(location, PORT)), method, hops + 1)
    if resource.content_type.startswith("image/"):
        return url, resource.status, resource.body, hops
    return url, resource.status, with_port(text(resource), PORT).encode("utf-8"), hops


def pages(site: Site):
    """(url, html) of every HTML page the site serves with status 200."""
    for host, table in site.routes.items():
        for key, route in table.items():
            if isinstance(route, Dynamic) or not route.content_type.startswith("text/html") or route.status != 200:
                continue
            yield f"http://{host}:{PORT}{key}", with_port(text(route), PORT)


def links(url: str, html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    found = [urljoin(url, value) for value in tree.xpath("//a/@href | //img/@src | //script/@src | //link/@href")]
    found += [urljoin(url, value) for value in tree.xpath("//@data-api")]
    return [link.split("#")[0] for link in found if link.startswith("http")]


def test_the_same_seed_gives_the_same_site(sites):
    again = generate(5)
    assert again.routes == sites[5].routes
    assert again.truth == sites[5].truth
    assert again.template == sites[5].template


def test_different_seeds_give_different_templates_and_every_family(sites):
    templates = [json.dumps(site.template, sort_keys=True) for site in sites.values()]
    assert len(set(templates)) == len(templates)
    assert Counter(site.family for site in sites.values()).keys() == set(FAMILIES)
    # Every randomised part of the template takes more than one value over twenty seeds.
    for key in sites[0].template:
        if key not in ("family", "plan"):
            assert len({site.template[key] for site in sites.values()}) > 1, key
    homepages = {site.routes[urlsplit(with_port(site.home, PORT)).hostname]["/"].body for site in sites.values()}
    assert len(homepages) == len(sites)
    # Old ASP sites take turns serving GBK labelled gb2312.
    assert {site.template["encoding"] for site in sites.values() if site.family == "asp"} == {"gbk", "utf-8"}


def test_truth_is_consistent(sites):
    for seed, site in sites.items():
        truth = site.truth
        keys = [(e.check, e.url) for e in truth.findings]
        assert len(keys) == len(set(keys)), seed
        assert not set(keys) & {(d.check, d.url) for d in truth.decoys}, seed
        for expect in truth.findings + truth.decoys:
            assert expect.check in AUDIT_CHECKS
            host = urlsplit(with_port(expect.url, PORT)).hostname
            assert host in site.served_hosts or host in site.dead_hosts, expect
        assert all(e.severity in ("veto", "deduct", "warn") for e in truth.findings)
        vetoes = any(e.severity == "veto" for e in truth.findings)
        assert (truth.verdict == "fail") == (vetoes or bool(truth.reasons)), seed
        assert {c.url for c in truth.columns} >= {e.url for e in truth.findings
                                                 if e.check in ("stale_column", "blank_column")}


def test_clean_seeds_have_no_findings_and_pass(sites):
    clean = [site for site in sites.values() if site.plan.clean]
    assert len(clean) >= 4
    for site in clean:
        assert site.truth.findings == []
        assert site.truth.verdict == "pass"
        assert site.truth.decoys  # a clean site still carries decoys


def test_every_planted_problem_is_in_the_truth(sites):
    for seed, site in sites.items():
        plan, checks = site.plan, Counter(e.check for e in site.truth.findings)
        if plan.clean:
            continue
        assert checks["broken_link"] == len(plan.links), seed
        assert checks["homepage_stale"] == int(plan.homepage_stale), seed
        assert checks["identity_missing"] == int(plan.identity_missing is not None), seed
        assert checks["blank_column"] == int(plan.blank), seed
        assert checks["stale_column"] >= len(plan.stale) + int(plan.weekly), seed
        roles = plan.interpretation
        assert checks["interpretation_missing"] == int("missing" in roles), seed
        assert checks["interpretation_late"] == int("late" in roles), seed
        assert checks["interpretation_unlinked"] == sum(r in roles for r in ("unlinked_doc", "unlinked_interp"))
        assert checks["message_late_reply"] == int("late" in plan.letters), seed
        assert checks["message_unanswered"] == sum(r in plan.letters for r in ("unanswered", "veto")), seed
        if "dns" in plan.links:
            assert site.dead_hosts and not set(site.dead_hosts) & set(site.served_hosts)


def test_every_failure_shape_appears_over_twenty_seeds(sites):
    plans = [site.plan for site in sites.values() if not site.plan.clean]
    assert {kind for plan in plans for kind in plan.links} == {"404_home", "404_article", "dns", "redirect12",
                                                               "soft404"}
    assert {role for plan in plans for role in plan.interpretation} == {"missing", "unlinked_doc",
                                                                        "unlinked_interp", "late"}
    assert {role for plan in plans for role in plan.letters} == {"late", "unanswered", "veto"}
    assert {plan.identity_missing for plan in plans} - {None} == {"site_code", "icp", "police_record",
                                                                   "organizer", "jiucuo"}
    assert any(plan.homepage_stale for plan in plans) and any(plan.weekly for plan in plans)
    shapes = {shape for site in sites.values() for shape in site.template["mailbox_shapes"].strip("()").split(",")}
    assert {s.strip(" '") for s in shapes if s.strip(" '")} == {"table", "jact", "json"}
    assert {site.template["loader"] for site in sites.values() if site.family == "gkmlpt"} == {
        "inline", "external", "data-api"}
    assert {site.template["static_pager"] for site in sites.values() if site.family == "static"} == {
        "links", "hidden_blocks"}
    # A TRS portal whose 政务公开 columns live on an 信息公开 sub-host, linked from the main host.
    split = [site for site in sites.values() if site.family == "trs" and site.template["xxgk_host"] == "True"]
    assert split
    for site in split:
        sub = [host for host in site.served_hosts if host.startswith("xxgk.")]
        assert sub and any(urlsplit(with_port(c.url, PORT)).hostname == sub[0] for c in site.truth.columns)


def test_every_link_works_except_the_planted_ones(sites):
    for seed in SEEDS:
        site = sites[seed]
        broken = {with_port(e.url, PORT) for e in site.truth.findings if e.check == "broken_link"}
        seen_broken = set()
        for url, html in pages(site):
            for link in links(url, html):
                host = urlsplit(link).hostname
                if host in site.dead_hosts:
                    assert link in broken, (seed, url, link)
                    seen_broken.add(link)
                    continue
                final, status, body, hops = fetch(site, link)
                if link in broken:
                    seen_broken.add(link)
                    assert status >= 400 or hops > 8 or "不存在" in body.decode("utf-8"), (seed, link)
                else:
                    assert status == 200 and hops <= 3, (seed, url, link, status, hops)
        assert seen_broken == broken, seed


def test_decoy_links_only_look_broken(sites):
    site = sites[0]
    decoys = [with_port(d.url, PORT) for d in site.truth.decoys if d.check == "broken_link"]
    statuses = {url: (fetch(site, url, "HEAD")[1], fetch(site, url)[1], fetch(site, url)[3]) for url in decoys}
    assert any(head == 405 and get == 200 for head, get, _ in statuses.values())  # HEAD refused, GET fine
    assert any(get == 200 and hops == 3 for _, get, hops in statuses.values())  # three redirects
    long_page = [fetch(site, url)[2] for url in decoys if fetch(site, url)[3] == 0 and "404" in
                 fetch(site, url)[2].decode("utf-8")]
    assert long_page and len(long_page[0]) > 2048


def test_column_facts_match_the_served_lists(sites):
    for seed in SEEDS:
        site = sites[seed]
        for column in site.truth.columns:
            url, status, body, _ = fetch(site, with_port(column.url, PORT))
            assert status == 200, (seed, column.url)
            assert column.name in body.decode("utf-8")
            if column.items == 0:
                assert column.latest is None and column.new_last_7_days == 0
            else:
                assert (site.truth.as_of - column.latest).days >= 0


def test_json_api_lists_page_through_all_items_and_hide_the_oldest_document_on_page_two(sites):
    for site in sites.values():
        if site.family != "gkmlpt":
            continue
        missing = [e for e in site.truth.findings if e.check == "interpretation_missing"]
        api_pages = {key: json.loads(route.body) for key, route in site.routes[site.served_hosts[0]].items()
                     if key.startswith("/gkmlpt/api/all/") and "page=" in key}
        total_items = sum(len(page["articles"]) for page in api_pages.values())
        assert total_items == sum(c.items for c in site.truth.columns if c.category != "mailbox")
        for expect in missing:
            path = urlsplit(with_port(expect.url, PORT)).path
            holders = [key for key, page in api_pages.items() if any(a["url"] == path for a in page["articles"])]
            assert len(holders) == 1 and "page=2" in holders[0]


def test_truth_uses_the_default_rulebook_thresholds():
    import yaml

    from govpatrol.demosite.generated.content import MAX_AGE
    from govpatrol.demosite.generated.run import REPO

    rules = yaml.safe_load((REPO / "checks" / "rulebook.yaml").read_text(encoding="utf-8"))
    categories = rules["freshness"]["categories"]
    assert MAX_AGE == {name: values["max_age_days"] for name, values in categories.items()}
    assert rules["freshness"]["homepage"]["max_age_days"] == 14 and categories["news"]["weekly_min"] == 2
    assert rules["messages"]["reply_working_days"] == 15 and rules["messages"]["veto_after_days"] == 90
    assert rules["interpretation"]["late_after_working_days"] == 3
    assert rules["links"]["max_redirects"] == 8
