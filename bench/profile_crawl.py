"""Profile one audit of the linkbench site: the crawl child under cProfile, then the parent's
own phases (network probes, judging, report) timed one by one.

    .venv/bin/python bench/profile_crawl.py --pages 5000 --politeness fast --top 25

Prints the crawl child's top functions by own time and by cumulative time, and the wall
seconds of each phase; ``--out FILE`` keeps the cProfile data (``python -m pstats FILE``).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checks.rulebook import load_rulebook  # noqa: E402
from crawlers.channel import DATABASE_ENV  # noqa: E402
from govpatrol.inspection import (  # noqa: E402
    InspectionOptions, judge_run, network_policy, open_run,
)
from govpatrol.netcheck import observe_network  # noqa: E402
from linkbench import AS_OF, ROOT, build_site, start_server  # noqa: E402
from reports.build import build_audit_report  # noqa: E402
from storage.db import Database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--politeness", default="fast")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, help="keep the cProfile data here")
    parser.add_argument("--no-profile", action="store_true", help="time the crawl only")
    args = parser.parse_args()

    site = build_site(args.pages)
    server, port, counter = start_server((args.pages,))
    homepage = f"http://127.0.0.1:{port}/"
    work = Path(tempfile.mkdtemp(prefix="profile-crawl-"))
    prof = args.out or work / "crawl.prof"
    db = Database(f"sqlite:///{work / 'audit.db'}")
    rulebook = load_rulebook()
    options = InspectionOptions(as_of=date.fromisoformat(AS_OF), max_pages=args.pages * 2 + 100,
                                rulebook=rulebook, politeness=args.politeness)
    phases: dict[str, float] = {}
    try:
        started = time.perf_counter()
        run_id = open_run(db, homepage, options)
        config = {"run_id": run_id, "homepage": homepage,
                  "allowed_networks": network_policy(homepage, options).as_config(),
                  "as_of": AS_OF, "max_pages": options.max_pages, "columns": [],
                  "nameservers": [], "link": rulebook.get("links", {}), "obey_robots": True,
                  "render": True, "force_render": [], "log_file": str(work / "crawl.log"),
                  "parent_pid": os.getpid(), "scrapy_settings": {},
                  "politeness": args.politeness}
        (work / "crawl.json").write_text(json.dumps(config), encoding="utf-8")
        phases["open run"] = time.perf_counter() - started
        command = [sys.executable] + ([] if args.no_profile else ["-m", "cProfile", "-o", str(prof)]) \
            + ["-m", "crawlers.runner", str(work / "crawl.json")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        code = subprocess.call(command, cwd=str(ROOT), env={**os.environ, DATABASE_ENV: db.url})
        phases["crawl (child)"] = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        if code != 0:
            print(f"crawl exited {code}; log: {work / 'crawl.log'}")
            return 1
        started = time.perf_counter()
        observe_network(db, run_id, homepage, nameservers=[], rules=rulebook,
                        audit_probes=rulebook["availability"]["audit_probes"],
                        policy=network_policy(homepage, options))
        phases["network probes"] = time.perf_counter() - started
        started = time.perf_counter()
        judge_run(db, run_id, rulebook, options.as_of)
        phases["judge"] = time.perf_counter() - started
        started = time.perf_counter()
        with db.session() as session:
            report = build_audit_report(session, run_id)
        phases["report"] = time.perf_counter() - started
    finally:
        server.terminate()
        server.join()
    print(f"site {len(site.pages) - 1} pages; crawled {report['stats']['pages']} pages, "
          f"{counter.value} requests served; crawl child CPU {child_cpu:.1f} s")
    for name, seconds in phases.items():
        print(f"  {name:<16} {seconds:7.1f} s")
    if not args.no_profile:
        for order in ("tottime", "cumulative"):
            text = io.StringIO()
            pstats.Stats(str(prof), stream=text).sort_stats(order).print_stats(args.top)
            print(text.getvalue().split("\n", 6)[-1] if order == "tottime" else text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
