"""One inspection of one site, end to end: a run is opened, the crawl runs in a child
process, the checks judge what it stored, and the run is closed as complete only then."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from checks.rulebook import load_rulebook
from checks.verdict import judge_site
from crawlers.defaults import MAX_PAGES, RENDER
from crawlers.dns import LookupFailed, NameResolver
from crawlers.launch import CrawlHandle, CrawlStartError, WarmCrawls, start_cold
from crawlers.channel import DATABASE_ENV, PROGRESS_PREFIX
from crawlers.netpolicy import NetworkPolicy
from crawlers.politeness import DEFAULT as DEFAULT_POLITENESS
from crawlers.urls import host_of
from govpatrol.evidence import SCREENSHOTS_PER_RUN, shoot_run_evidence
from govpatrol.history import update_cases
from govpatrol.netcheck import AvailabilityProbes, observe_network
from storage import models as m
from storage.db import Database
from storage.queries import (
    get_or_create_site,
    load_observations,
    store_results,
    stored_fact,
    stored_page_count,
)

ProgressCallback = Callable[[dict], None]


class InspectionError(RuntimeError):
    """The inspection itself could not complete (the crawl died or timed out)."""


@dataclass
class InspectionOptions:
    as_of: date
    max_pages: int = MAX_PAGES
    nameservers: list[str] = field(default_factory=list)
    rulebook: dict = field(default_factory=load_rulebook)
    obey_robots: bool = True
    render: bool = RENDER  # read script-drawn lists through the browser
    force_render: list[str] = field(default_factory=list)  # URLs, or "*" for every page
    time_limit: float | None = None  # seconds for the whole crawl of one site
    columns: list[dict] = field(default_factory=list)  # registry overrides
    site_fields: dict = field(default_factory=dict)  # name, organizer, site_code
    scrapy_settings: dict = field(default_factory=dict)
    politeness: str = DEFAULT_POLITENESS  # crawlers/politeness.py: polite, normal or fast
    log_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "govpatrol-logs")
    # Non-public networks requests may reach (settings' allowed_networks, CIDR), and whether
    # the homepage's own network is allowed too: an audit started on purpose from the
    # command line or the registry; one started from the web must set it False.
    allowed_networks: list[str] = field(default_factory=list)
    trust_homepage: bool = True
    screenshots: int = SCREENSHOTS_PER_RUN  # evidence pages shot per run (0: none)
    # A patrol's warm crawl process, forking each site's crawl (None: a new process each).
    warm_crawls: WarmCrawls | None = None


def network_policy(homepage: str, options: InspectionOptions) -> NetworkPolicy:
    """The network policy of an audit of ``homepage`` (crawlers.netpolicy)."""
    resolver = NameResolver(tuple(options.nameservers))
    addresses: list[str] = []
    if options.trust_homepage:
        for family in ("ipv4", "ipv6"):
            try:
                addresses += resolver.addresses(host_of(homepage), family)
            except (LookupFailed, ValueError, UnicodeError):
                continue
    return NetworkPolicy.for_homepage(addresses, options.allowed_networks,
                                      trust_homepage=options.trust_homepage)


def open_run(db: Database, homepage: str, options: InspectionOptions, *, kind: str = "audit",
             patrol_id: int | None = None) -> int:
    with db.session() as session:
        site = get_or_create_site(session, homepage, **options.site_fields)
        run = m.Run(site_id=site.id, patrol_id=patrol_id, kind=kind, as_of=options.as_of,
                    started_at=datetime.now(timezone.utc), status="running",
                    settings={"max_pages": options.max_pages,
                              "nameservers": list(options.nameservers),
                              "politeness": options.politeness},
                    stats={}, verdict_reasons=[])
        session.add(run)
        session.flush()
        return run.id


def crawl(db: Database, run_id: int, homepage: str, options: InspectionOptions,
          progress: ProgressCallback | None = None) -> None:
    """Run the site crawl in a child process; raise InspectionError when it fails.

    The crawl's config and log are the user's own (0600 in a 0700 folder); the config holds
    no credentials (the database URL goes in the child's environment) and is removed when the
    crawl ends, the log too unless the crawl failed."""
    folder = _private_folder(options.log_dir)
    # Several databases may number their runs alike: the stamp keeps each crawl's log apart.
    stamp = f"run-{run_id}-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    log_path = folder / f"{stamp}.log"
    link_rules = options.rulebook.get("links", {})
    policy = network_policy(homepage, options)
    config = {
        "run_id": run_id, "homepage": homepage,
        "allowed_networks": policy.as_config(),
        "as_of": options.as_of.isoformat(), "max_pages": options.max_pages,
        "columns": options.columns, "nameservers": list(options.nameservers),
        "link": link_rules, "obey_robots": options.obey_robots,
        "render": options.render, "force_render": options.force_render,
        "log_file": str(log_path), "parent_pid": os.getpid(),
        "scrapy_settings": options.scrapy_settings, "politeness": options.politeness,
    }
    config_path = folder / f"{stamp}.json"
    read_fd, write_fd = os.pipe()
    config["progress_fd"] = write_fd
    start = options.warm_crawls.start if options.warm_crawls is not None else start_cold
    try:
        with _private_file(config_path) as handle:
            handle.write(json.dumps(config, ensure_ascii=False).encode("utf-8"))
        with _private_file(log_path):
            pass  # the crawl appends to it
        child = start(config_path, log_path, write_fd, {DATABASE_ENV: db.url})
    except BaseException as exc:
        os.close(read_fd)
        config_path.unlink(missing_ok=True)
        if isinstance(exc, CrawlStartError):
            raise InspectionError(str(exc)) from exc
        raise
    finally:
        os.close(write_fd)
    try:
        _wait(child, read_fd, progress, options, log_path, db, run_id)
        log_path.unlink(missing_ok=True)  # kept only for a crawl that failed
    finally:
        config_path.unlink(missing_ok=True)


def _wait(child: CrawlHandle, read_fd: int, progress: ProgressCallback | None,
          options: InspectionOptions, log_path: Path, db: Database, run_id: int) -> None:
    live: dict = {}

    def relay(counters: dict) -> None:
        live.update(counters)
        if progress:
            progress(counters)

    reader = threading.Thread(target=_read_progress, args=(read_fd, relay), daemon=True)
    reader.start()
    try:
        code = child.wait(timeout=options.time_limit)
    except subprocess.TimeoutExpired:
        _stop(child)
        raise InspectionError(f"检查超时：{options.time_limit:.0f}秒内未完成抓取") from None
    except BaseException:
        _stop(child)
        raise
    finally:
        reader.join(timeout=5)
    if code != 0:
        raise InspectionError(f"抓取进程异常退出(代码{code})，日志：{log_path}\n"
                              + _tail(log_path))
    _check_stored(db, run_id, live, log_path)


def _check_stored(db: Database, run_id: int, live: dict, log_path: Path) -> None:
    """A crawl counts only if what it saw reached this run's database: the crawl's closing
    summary is its last write, and the pages shown live as stored must all be there."""
    with db.session() as session:
        summary = stored_fact(session, run_id, "crawl", "summary")
        stored = stored_page_count(session, run_id)
    if summary is None:
        raise InspectionError(f"抓取结果未能写入数据库 {db.url}，本次检查不作结论；日志：{log_path}\n"
                              + _tail(log_path))
    shown = live.get("pages", 0)
    if stored != shown:
        raise InspectionError(f"抓取计数与存储不一致（实时显示{shown}页，数据库存有{stored}页），"
                              f"本次检查不作结论；日志：{log_path}")


def judge_run(db: Database, run_id: int, rulebook: dict, as_of: date | None = None):
    """Judge a stored run (again): findings, check statuses and verdict replace the old ones."""
    with db.session() as session:
        run = session.get(m.Run, run_id)
        as_of = as_of or run.as_of
        obs = load_observations(session, run_id)
        judged = judge_site(obs, rulebook, as_of)
        store_results(session, run_id, judged.results.findings, judged.results.statuses,
                      judged.verdict)
        run.stats = {**(run.stats or {}), "verdict_details": list(judged.verdict.details)}
        return judged


def finish_run(db: Database, run_id: int, *, status: str, error: str | None = None) -> None:
    with db.session() as session:
        run = session.get(m.Run, run_id)
        run.status = status
        run.error = error
        run.finished_at = datetime.now(timezone.utc)
        started = run.started_at if run.started_at.tzinfo else run.started_at.replace(
            tzinfo=timezone.utc)
        run.stats = {**(run.stats or {}),
                     "seconds": round((run.finished_at - started).total_seconds(), 1)}


@contextmanager
def closing_run(db: Database, run_id: int) -> Iterator[None]:
    """Close a run by how its work ended. It is ``complete`` only when all of it is stored
    (and only then does it update the cases it opens or fixes); work that dies leaves it
    ``failed``, and Ctrl-C ``interrupted``."""
    try:
        yield
    except KeyboardInterrupt:
        finish_run(db, run_id, status="interrupted", error="检查被中止")
        raise
    except InspectionError as exc:
        finish_run(db, run_id, status="failed", error=str(exc))
        raise
    except Exception as exc:
        finish_run(db, run_id, status="failed", error=f"{type(exc).__name__}: {exc}")
        raise
    finish_run(db, run_id, status="complete")
    with db.session() as session:
        update_cases(session, run_id)


def inspect_site(db: Database, homepage: str, options: InspectionOptions,
                 progress: ProgressCallback | None = None, *, kind: str = "audit",
                 patrol_id: int | None = None) -> int:
    """Crawl, observe the network, judge and close one run; returns its id. ``homepage`` is
    normalised where it entered (``crawlers.urls.homepage_url``) and trusted from here on."""
    run_id = open_run(db, homepage, options, kind=kind, patrol_id=patrol_id)
    inspect_run(db, run_id, homepage, options, progress)
    return run_id


def inspect_run(db: Database, run_id: int, homepage: str, options: InspectionOptions,
                progress: ProgressCallback | None = None) -> None:
    """The work of ``inspect_site`` on a run already opened (whose id a caller shows while
    it runs)."""
    with closing_run(db, run_id):
        policy = network_policy(homepage, options)
        # The homepage's availability probes wait a second between tries: they run while
        # the site is crawled, not after it.
        availability = AvailabilityProbes(
            homepage, nameservers=list(options.nameservers), rules=options.rulebook,
            times=options.rulebook["availability"]["audit_probes"], policy=policy)
        crawl(db, run_id, homepage, options, progress)
        observe_network(db, run_id, homepage, nameservers=list(options.nameservers),
                        rules=options.rulebook, policy=policy, availability=availability)
        judge_run(db, run_id, options.rulebook, options.as_of)
        # Evidence is shot now, through the audit's resolver and policy; never fails the run.
        shoot_run_evidence(db, run_id, homepage, nameservers=options.nameservers,
                           policy=policy, limit=options.screenshots)


def _read_progress(fd: int, progress: ProgressCallback | None) -> None:
    with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if progress and line.startswith(PROGRESS_PREFIX):
                try:
                    progress(json.loads(line[len(PROGRESS_PREFIX):]))
                except ValueError:
                    continue


def _stop(child: CrawlHandle) -> None:
    """Stop the crawl's process group. A first SIGTERM lets Scrapy close and flush what it
    stored; a second one stops it waiting on hung downloads; SIGKILL if even that fails."""
    for sig, grace in ((signal.SIGTERM, 3), (signal.SIGTERM, 5), (signal.SIGKILL, None)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _private_folder(folder: Path) -> Path:
    """``folder`` made private to this user (0700); a private folder of our own under the
    temporary directory when ``folder`` belongs to someone else."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.stat()
    if info.st_uid == os.getuid():
        if info.st_mode & 0o077:
            folder.chmod(0o700)
        return folder
    return Path(tempfile.mkdtemp(prefix="govpatrol-logs-"))


def _private_file(path: Path):
    """A new file only this user may read (0600), opened for writing in binary."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


