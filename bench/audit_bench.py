"""Benchmark: audit a generated local government site of N pages and report pages per
second, links per second and peak memory.

    .venv/bin/python bench/audit_bench.py --pages 5000

Run it on an otherwise idle machine; the figures go into the README by hand.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checks.rulebook import load_rulebook  # noqa: E402
from govpatrol.demosite import AS_OF, DemoSites  # noqa: E402
from govpatrol.inspection import InspectionOptions, inspect_site  # noqa: E402
from reports.build import build_audit_report  # noqa: E402
from storage.db import Database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="size of the generated site")
    parser.add_argument("--max-pages", type=int, default=20000, help="crawl budget")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, DemoSites(host="127.0.0.1", scale=args.pages) as demo:
        db = Database(f"sqlite:///{tmp}/bench.db")
        options = InspectionOptions(as_of=AS_OF, max_pages=args.max_pages,
                                    rulebook=load_rulebook(), obey_robots=False)
        started = time.perf_counter()
        run_id = inspect_site(db, demo.main, options)
        seconds = time.perf_counter() - started
        with db.session() as session:
            report = build_audit_report(session, run_id)
    stats = report["stats"]
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {
        "site_pages": args.pages,
        "pages_crawled": stats["pages"],
        "links_checked": stats["links_checked"],
        "columns": stats["columns"],
        "findings": len(report["findings"]),
        "seconds": round(seconds, 1),
        "pages_per_second": round(stats["pages"] / seconds, 1),
        "links_per_second": round(stats["links_checked"] / seconds, 1),
        "peak_memory_crawler_mb": round(child_kb / 1024, 1),
        "peak_memory_parent_mb": round(self_kb / 1024, 1),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
