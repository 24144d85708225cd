"""Benchmark: govpatrol against LinkChecker on one generated static site served on loopback.

    .venv/bin/python bench/linkbench.py                 # 5,000 pages, one run of each tool
    .venv/bin/python bench/linkbench.py --runs 3        # medians of three runs
    .venv/bin/python bench/linkbench.py --pages 500 --only govpatrol

The site (``--pages`` pages, about 19 relative links a page) holds a known set of broken
targets: missing pages, missing images and pages that answer HTTP 500. A threaded Python server
in a process of its own serves it on 127.0.0.1 (its CPU is not the tools'), counts the requests
it answers and sends the ``LinkChecker`` response header, with which LinkChecker lets a server
raise its ``maxrequestspersecond`` (linkcheckerrc(5)). Each tool runs in turn as a child
process: ``govpatrol audit --politeness fast`` and LinkChecker (``bench/requirements-linkchecker.txt``,
installed into ``bench/.linkchecker-venv`` on first use) with 10 threads. For each the bench
prints wall and CPU seconds of the tool's whole process tree (RUSAGE_CHILDREN), pages per
second, requests served, the peak RSS of the process tree (sampled from /proc) and recall and
precision of the broken targets each reported, against the truth; the last line is the ratios
govpatrol/LinkChecker. No traffic leaves loopback.
"""
from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from proctree import processes, pss, run_sampled, tree_of  # beside this script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINKCHECKER_VENV = HERE / ".linkchecker-venv"
LINKCHECKER_REQUIREMENTS = HERE / "requirements-linkchecker.txt"
GOVPATROL = ROOT / ".venv" / "bin" / "govpatrol"
AS_OF = "2026-11-30"

# A 1x1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


# ---- the site -------------------------------------------------------------------------------
@dataclass
class Site:
    pages: dict[str, bytes] = field(default_factory=dict)  # path -> HTML
    images: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)  # paths answered with HTTP 500
    broken: set[str] = field(default_factory=set)  # every broken target (paths)
    links: int = 0


def build_site(n_pages: int, seed: int = 11, missing_pages: int = 60, missing_images: int = 50,
               server_errors: int = 28) -> Site:
    """A static site of ``n_pages`` article pages under a homepage; every page reachable
    through a tree of links, about 19 relative links a page, and the broken targets each
    linked from three pages."""
    rng = random.Random(seed)
    site = Site()
    site.images = {f"/img/{k}.png" for k in range(200)}
    missing_page_paths = [f"/a/missing-{k}.html" for k in range(missing_pages)]
    missing_image_paths = [f"/img/missing-{k}.png" for k in range(missing_images)]
    site.errors = {f"/err/{k}.html" for k in range(server_errors)}
    site.broken = set(missing_page_paths) | set(missing_image_paths) | site.errors
    placed: dict[int, list[str]] = {}
    for target in sorted(site.broken):
        for page in rng.sample(range(n_pages), 3):
            placed.setdefault(page, []).append(target)

    def path(i: int) -> str:
        return f"/a/{i // 100}/{i}.html"

    for i in range(-1, n_pages):
        own = "/index.html" if i < 0 else path(i)
        if i < 0:
            children = [0, 1, 2, 3]
            others: list[int] = rng.sample(range(n_pages), 15)
        else:
            children = [c for c in (2 * i + 2, 2 * i + 3) if c < n_pages]
            others = [(i + 1) % n_pages, max(i - 1, 0)] + rng.sample(range(n_pages), 12)
        links: list[tuple[str, str]] = []
        for j in children + others:
            links.append(("a", path(j)))
        if i >= 0:
            links.append(("a", "/index.html"))
            links += [("img", f"/img/{rng.randrange(200)}.png") for _ in range(3)]
        for target in placed.get(i, []):
            links.append(("img" if target.endswith(".png") else "a", target))
        items = []
        for kind, target in links:
            href = os.path.relpath(target, os.path.dirname(own)) if own != "/index.html" \
                else target[1:]
            if kind == "img":
                items.append(f'<li><img src="{href}" alt="配图"></li>')
            else:
                number = target.rsplit("/", 1)[1].split(".")[0]
                items.append(f'<li><a href="{href}">关于第{number}号工作事项的通知</a></li>')
        site.links += len(links)
        title = "示例市人民政府" if i < 0 else f"关于第{i}号工作事项的通知"
        # An article's worth of text (a short page that mentions "第404号" reads as a soft 404).
        body = ("示例市人民政府依法推进政务公开工作，本文为基准测试页面，"
                "内容用于衡量链接检查的速度与准确性。" * 20)
        html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
                f'<body><h1>{title}</h1><p class="info">发布日期：2026-11-{1 + (i % 28):02d}</p>'
                f'<div class="content"><p>{body}</p></div><ul class="related">{"".join(items)}</ul>'
                f'<div class="footer">示例市人民政府办公室 主办</div></body></html>')
        site.pages[own] = html.encode("utf-8")
    site.pages["/"] = site.pages["/index.html"]
    return site


# ---- the server -----------------------------------------------------------------------------
def serve(site_args: tuple, port_out, counter, ready) -> None:
    site = build_site(*site_args)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _answer(self, body: bool) -> None:
            with counter.get_lock():
                counter.value += 1
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path in site.pages:
                status, ctype, data = 200, "text/html; charset=utf-8", site.pages[path]
            elif path in site.images:
                status, ctype, data = 200, "image/png", PNG
            elif path in site.errors:
                status, ctype, data = 500, "text/html; charset=utf-8", \
                    "<html><body><h1>服务器内部错误</h1></body></html>".encode("utf-8")
            else:
                status, ctype, data = 404, "text/html; charset=utf-8", \
                    "<html><body><h1>404 Not Found</h1></body></html>".encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            # LinkChecker raises its per-host request rate for a server that sends this.
            self.send_header("LinkChecker", "benchmark")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self):
            self._answer(True)

        def do_HEAD(self):
            self._answer(False)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

        def handle_error(self, request, client_address):  # a client that hung up: no matter
            pass

    server = Server(("127.0.0.1", 0), Handler)
    port_out.value = server.server_address[1]
    ready.set()
    server.serve_forever(poll_interval=0.2)


def start_server(site_args: tuple):
    """The site served by ``serve`` in a process of its own: (process, port, request counter)."""
    ctx = multiprocessing.get_context("fork")
    port, counter, ready = ctx.Value("i", 0), ctx.Value("q", 0), ctx.Event()
    server = ctx.Process(target=serve, args=(site_args, port, counter, ready), daemon=True)
    server.start()
    ready.wait(60)
    return server, port.value, counter


# ---- measuring a tool -----------------------------------------------------------------------
def measure(command: list[str], log: Path, env: dict | None = None) -> dict:
    """Run ``command`` to its end: wall and CPU seconds of its process tree, peak tree RSS
    and PSS."""
    peak = peak_pss = 0
    own_peaks: dict[int, int] = {}  # pid -> its own peak RSS

    def sample(pid: int, _seconds: float) -> None:
        nonlocal peak, peak_pss
        table = processes()
        tree = tree_of(pid, table)
        peak = max(peak, sum(table[p][1] for p in tree))
        peak_pss = max(peak_pss, sum(pss(p) for p in tree))
        for p in tree:
            own_peaks[p] = max(own_peaks.get(p, 0), table[p][1])

    code, wall, cpu = run_sampled(command, log, env=env, cwd=ROOT, every=0.05, sample=sample)
    # The tool's own process and its largest child, each at its own peak.
    largest = sorted(own_peaks.values(), reverse=True)[:2]
    return {"exit": code, "wall": wall, "cpu": cpu, "peak_rss_mb": peak / 2**20,
            "peak_pss_mb": peak_pss / 2**20,
            "process_peaks_mb": [round(b / 2**20) for b in largest]}


def ensure_linkchecker() -> Path:
    binary = LINKCHECKER_VENV / "bin" / "linkchecker"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LINKCHECKER_VENV)], check=True)
        subprocess.run([str(LINKCHECKER_VENV / "bin" / "pip"), "install", "-q", "-r",
                        str(LINKCHECKER_REQUIREMENTS)], check=True)
    return binary


def run_linkchecker(base: str, work: Path) -> tuple[dict, set[str]]:
    binary = ensure_linkchecker()
    # Run as root, LinkChecker drops to "nobody": that user must be able to write here.
    work.chmod(0o777)
    config = work / "linkcheckerrc"
    # More than 10 requests a second only for a server that sends the LinkChecker header.
    config.write_text("[checking]\nthreads=10\nmaxrequestspersecond=1000\n", encoding="utf-8")
    out = work / "linkchecker.csv"
    env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work),
           "XDG_DATA_HOME": str(work)}
    figures = measure([str(binary), "-f", str(config), "--threads", "10", "--no-status",
                       "-o", "none", "-F", f"csv/utf-8/{out}", base],
                      work / "linkchecker.log", env=env)
    reported: set[str] = set()
    with open(out, encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter=";"):
        if row.get("valid", "").strip().lower() in ("false", "0"):
            reported.add(row["url"])
    return figures, reported


def run_govpatrol(base: str, work: Path, max_pages: int, politeness: str,
                  source: Path | None = None) -> tuple[dict, set[str]]:
    report = work / "govpatrol.json"
    database = work / "govpatrol.db"
    env = {**os.environ, "GOVPATROL_CONFIG": str(work / "none.yaml")}
    if source is not None:  # another checkout of govpatrol (e.g. an older commit) in this venv
        env["PYTHONPATH"] = str(source.resolve())
    (work / "none.yaml").write_text("{}\n", encoding="utf-8")
    # A link checker takes no evidence screenshots, so the audit takes none either (older
    # checkouts took none and know no such option).
    no_screenshots = ["--no-screenshots"] if source is None else []
    figures = measure([str(GOVPATROL), "audit", base, "--politeness", politeness,
                       "--max-pages", str(max_pages), "--as-of", AS_OF,
                       "--database", f"sqlite:///{database}", "--json", str(report),
                       *no_screenshots], work / "govpatrol.log", env=env)
    data = json.loads(report.read_text(encoding="utf-8"))
    reported = {f["url"] for f in data["findings"] if f["check"] == "broken_link"}
    figures["pages_crawled"] = data.get("stats", {}).get("pages")
    return figures, reported


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) one running process has used so far."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def score(reported: set[str], truth: set[str]) -> tuple[float, float]:
    hit = len(reported & truth)
    recall = hit / len(truth) if truth else 1.0
    precision = hit / len(reported) if reported else (1.0 if not truth else 0.0)
    return recall, precision


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="article pages of the site")
    parser.add_argument("--runs", type=int, default=1, help="runs of each tool (medians shown)")
    parser.add_argument("--only", choices=("govpatrol", "linkchecker"), help="run one tool")
    parser.add_argument("--politeness", default="fast", help="govpatrol's politeness level")
    parser.add_argument("--keep", type=Path, help="keep each run's files in this folder")
    parser.add_argument("--govpatrol-source", type=Path,
                        help="run govpatrol from this checkout (git archive of another commit)")
    args = parser.parse_args()

    site_args = (args.pages,)
    site = build_site(*site_args)
    server, port, counter = start_server(site_args)
    base = f"http://127.0.0.1:{port}/"
    truth = {base + p[1:] for p in site.broken}
    html_pages = len(site.pages) - 1  # "/" and "/index.html" are one page
    print(f"site: {html_pages} pages, {site.links} links ({site.links / html_pages:.1f} a page), "
          f"{len(truth)} broken targets, served at {base}", flush=True)
    tools = [t for t in ("govpatrol", "linkchecker") if args.only in (None, t)]
    results: dict[str, list[dict]] = {t: [] for t in tools}
    try:
        for run in range(args.runs):
            for tool in tools:
                work = Path(tempfile.mkdtemp(prefix=f"linkbench-{tool}-", dir=args.keep))
                with counter.get_lock():
                    counter.value = 0
                server_before = process_cpu(server.pid)
                if tool == "govpatrol":
                    figures, reported = run_govpatrol(base, work, args.pages * 2 + 100,
                                                      args.politeness, args.govpatrol_source)
                else:
                    figures, reported = run_linkchecker(base, work)
                with counter.get_lock():
                    figures["requests"] = counter.value
                # The server shares the two cores: its CPU is a floor under any tool's wall.
                figures["server_cpu"] = process_cpu(server.pid) - server_before
                figures["recall"], figures["precision"] = score(reported, truth)
                figures["pages_per_s"] = html_pages / figures["wall"]
                results[tool].append(figures)
                print(f"run {run + 1} {tool}: " + json.dumps(
                    {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()},
                    ensure_ascii=False), flush=True)
                if figures["exit"] not in ((0, 1) if tool == "linkchecker" else (0,)):
                    # (LinkChecker exits 1 when it found broken links)
                    print(f"  {tool} exited {figures['exit']}; its files: {work}", flush=True)
                missed, extra = sorted(truth - reported), sorted(reported - truth)
                if missed or extra:
                    print(f"  missed {len(missed)} {missed[:3]}, extra {len(extra)} {extra[:3]}")
    finally:
        server.terminate()
        server.join()
    keys = ("wall", "cpu", "server_cpu", "pages_per_s", "requests", "peak_rss_mb", "peak_pss_mb",
            "recall", "precision")
    medians = {t: {k: statistics.median(r[k] for r in runs) for k in keys}
               for t, runs in results.items()}
    print()
    print(f"{'tool':<12} {'wall s':>8} {'CPU s':>8} {'server':>7} {'pages/s':>8} {'requests':>9} "
          f"{'RSS MB':>7} {'PSS MB':>7} {'recall':>7} {'precision':>9}" + ("  (medians of %d runs)" % args.runs
                                                              if args.runs > 1 else ""))
    for tool, m in medians.items():
        print(f"{tool:<12} {m['wall']:8.1f} {m['cpu']:8.1f} {m['server_cpu']:7.1f} {m['pages_per_s']:8.0f} "
              f"{m['requests']:9.0f} {m['peak_rss_mb']:7.0f} {m['peak_pss_mb']:7.0f} {m['recall']:7.2f} "
              f"{m['precision']:9.2f}")
    if len(medians) == 2:
        g, lc = medians["govpatrol"], medians["linkchecker"]
        print("govpatrol/LinkChecker: " + ", ".join(
            f"{k} {g[k] / lc[k]:.2f}" for k in ("wall", "cpu", "requests", "peak_rss_mb")
            if lc[k]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
