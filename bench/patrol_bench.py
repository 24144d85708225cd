"""Benchmark: one patrol of many generated government sites on this machine.

    .venv/bin/python bench/patrol_bench.py                         # 100 sites, --parallel 2
    .venv/bin/python bench/patrol_bench.py --sites 20 --parallel 2 4 8 16

Seeds 0..N-1 of ``govpatrol/demosite/generated/`` are served, each on 127.0.0.1 and ::1 under
its own host names, by a server process of their own (its CPU is not the patrol's), with one
local DNS server that knows every name. The real ``govpatrol patrol --registry …
--nameserver …`` runs at the default politeness, once per ``--parallel`` value. For each run
the bench prints sites per hour, CPU seconds of the patrol's whole process tree per 1,000 pages
crawled, the tree's peak RSS, and memory as sites go by: the patrol process's own RSS at the
start, middle and end, and the peak RSS of the crawl children of the first and the last
sites. No traffic leaves loopback.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govpatrol.demosite.generated.build import generate  # noqa: E402
from govpatrol.demosite.generated.dns import LoopbackDNS  # noqa: E402
from govpatrol.demosite.generated.server import GeneratedServer  # noqa: E402

from proctree import command_of, processes, pss, run_sampled, tree_of  # noqa: E402 (beside this script)

ROOT = Path(__file__).resolve().parents[1]
GOVPATROL = ROOT / ".venv" / "bin" / "govpatrol"


def serve(count: int, pipe) -> None:
    """Serve seeds 0..count-1 and one DNS for all their names; send what the patrol needs."""
    servers, zone, sites = [], {}, []
    for seed in range(count):
        site = generate(seed)
        served = GeneratedServer(site).start()
        served.dns.stop()  # one DNS server for every site instead
        servers.append(served)
        for host in site.served_hosts:
            zone[host] = {"A": ["127.0.0.1"], "AAAA": ["::1"]}
        sites.append({"name": f"{seed}号网站", "url": served.home,
                      "as_of": site.truth.as_of.isoformat()})
    dns = LoopbackDNS(zone).start()
    pipe.send({"sites": sites, "dns": dns.address})
    pipe.recv()  # until told to stop
    for served in servers:
        served.dns = None
        served.stop()
    dns.stop()


def run_patrol(sites: list[dict], dns: str, parallel: int, work: Path, extra: list[str],
               source: Path | None = None) -> dict:
    registry = work / "sites.yaml"
    registry.write_text(json.dumps({"sites": [{"name": s["name"], "url": s["url"]}
                                              for s in sites]}, ensure_ascii=False),
                        encoding="utf-8")
    report = work / "patrol.json"
    (work / "none.yaml").write_text("{}\n", encoding="utf-8")
    env = {**os.environ, "GOVPATROL_CONFIG": str(work / "none.yaml"), "COLUMNS": "200"}
    if source is not None:  # another checkout of govpatrol (e.g. an older commit) in this venv
        env["PYTHONPATH"] = str(source.resolve())
    command = [str(GOVPATROL), "patrol", "--registry", str(registry), "--as-of", sites[0]["as_of"],
               "--database", f"sqlite:///{work / 'patrol.db'}", "--nameserver", dns,
               "--parallel", str(parallel), "--json", str(report), *extra]
    # (seconds, patrol process RSS, tree RSS, tree PSS)
    samples: list[tuple[float, int, int, int]] = []
    crawl_peaks: dict[int, list] = {}  # crawl child pid -> [first seen, peak RSS]

    def sample(patrol_pid: int, now: float) -> None:
        table = processes()
        tree = tree_of(patrol_pid, table)
        own = table.get(patrol_pid, (0, 0))[1]
        samples.append((now, own, sum(table[p][1] for p in tree), sum(pss(p) for p in tree)))
        for pid in tree:
            if is_crawl(pid, table):
                seen = crawl_peaks.setdefault(pid, [now, 0])
                seen[1] = max(seen[1], table[pid][1])

    def is_crawl(pid: int, table: dict) -> bool:
        """A crawl process: ``crawlers.runner`` in a new interpreter (older checkouts), or a
        crawl forked by the warm crawl process (``crawlers.warm``), not that process itself."""
        command = command_of(pid)
        if b"crawlers.runner" in command:
            return True
        return b"crawlers.warm" in command and b"crawlers.warm" in command_of(table[pid][0])

    code, wall, cpu = run_sampled(command, work / "patrol.log", env=env, cwd=work, every=0.25,
                                  sample=sample)
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"sites": []}
    pages = sum((s.get("stats") or {}).get("pages") or 0 for s in data["sites"])
    verdicts = [(s.get("verdict") or {}).get("result") for s in data["sites"]]
    # (a crawl sampled only in its first second counts 0 in proctree: left out)
    peaks = [peak for _first, peak in sorted(crawl_peaks.values()) if peak]
    tenth = max(1, len(peaks) // 10)
    third = max(1, len(samples) // 3)
    return {
        "exit": code, "sites": len(sites), "sites_reported": len(data["sites"]),
        "judged": sum(1 for v in verdicts if v in ("pass", "fail")), "pages": pages,
        "wall_s": wall, "cpu_s": cpu, "sites_per_hour": len(sites) / wall * 3600,
        "cpu_s_per_1000_pages": cpu / pages * 1000 if pages else None,
        "peak_tree_rss_mb": max((s[2] for s in samples), default=0) / 2**20,
        "peak_tree_pss_mb": max((s[3] for s in samples), default=0) / 2**20,
        "patrol_process_mb_start_mid_end": [
            round(statistics.median(s[1] for s in part) / 2**20)
            for part in (samples[:third], samples[third:2 * third], samples[2 * third:]) if part],
        "crawl_child_peak_mb_first_last": [
            round(statistics.mean(peaks[:tenth]) / 2**20) if peaks else None,
            round(statistics.mean(peaks[-tenth:]) / 2**20) if peaks else None],
        "crawl_children": len(peaks),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100, help="generated sites (seeds 0..N-1)")
    parser.add_argument("--parallel", type=int, nargs="+", default=[2],
                        help="sites inspected at a time; several values run one patrol each")
    parser.add_argument("--keep", type=Path, help="keep each patrol's files in this folder")
    parser.add_argument("--no-screenshots", action="store_true",
                        help="take no evidence screenshots (to see what they cost)")
    parser.add_argument("--max-pages", type=int, help="crawl budget per site (default: govpatrol's)")
    parser.add_argument("--govpatrol-source", type=Path,
                        help="run govpatrol from this checkout (git archive of another commit)")
    args = parser.parse_args()

    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe()
    server = ctx.Process(target=serve, args=(args.sites, theirs), daemon=True)
    server.start()
    served = ours.recv()
    extra = ["--max-pages", str(args.max_pages)] if args.max_pages else []
    extra += ["--no-screenshots"] if args.no_screenshots else []
    print(f"{len(served['sites'])} generated sites served; DNS {served['dns']}", flush=True)
    results = []
    try:
        for parallel in args.parallel:
            work = Path(tempfile.mkdtemp(prefix=f"patrolbench-p{parallel}-", dir=args.keep))
            figures = run_patrol(served["sites"], served["dns"], parallel, work, extra,
                                 args.govpatrol_source)
            figures["parallel"] = parallel
            results.append(figures)
            print(json.dumps({k: round(v, 1) if isinstance(v, float) else v
                              for k, v in figures.items()}, ensure_ascii=False), flush=True)
            if figures["exit"] != 0:
                print(f"  patrol exited {figures['exit']}; its files: {work}", flush=True)
    finally:
        ours.send("stop")
        server.join(30)
        if server.is_alive():
            server.terminate()
    print()
    print(f"{'parallel':>8} {'wall s':>7} {'sites/h':>8} {'pages':>6} {'CPU s/1000 p':>12} "
          f"{'RSS MB':>7} {'PSS MB':>7} {'patrol MB start/mid/end':>24} {'crawl MB first/last':>20}")
    for r in results:
        per = r["cpu_s_per_1000_pages"]
        print(f"{r['parallel']:>8} {r['wall_s']:7.0f} {r['sites_per_hour']:8.0f} {r['pages']:6} "
              f"{per if per is None else round(per, 1):>12} {r['peak_tree_rss_mb']:7.0f} "
              f"{r['peak_tree_pss_mb']:7.0f} "
              f"{'/'.join(map(str, r['patrol_process_mb_start_mid_end'])):>24} "
              f"{'/'.join(map(str, r['crawl_child_peak_mb_first_last'])):>20}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
