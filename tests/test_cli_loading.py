"""A command loads only its own module: an audit carries neither the crawl's libraries
(its crawl runs in a child process), nor the console's and the queue's, nor the browser
(loaded only when one is started)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scrapy", "twisted", "fastapi", "celery", "apscheduler", "redis", "playwright")

PROBE = """
import json, sys
from govpatrol.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("@@" + json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def _run(*args: str) -> tuple[str, dict]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, timeout=120)
    out, _, tail = done.stdout.rpartition("@@")
    return out + done.stderr, json.loads(tail)


def test_audit_loads_no_crawl_console_or_queue_library():
    out, probe = _run("audit", "--help")
    assert probe["code"] == 0
    assert "Usage: govpatrol audit" in out
    assert probe["loaded"] == []


@pytest.mark.parametrize("command", ["notice", "history", "judge"])
def test_a_command_alone_is_still_named_by_its_name(command):
    # With one command's module loaded, the app stays a group: the name is not an argument.
    out, probe = _run(command, "--help")
    assert probe["code"] == 0
    assert f"Usage: govpatrol {command}" in out


def test_help_lists_every_command():
    out, probe = _run("--help")
    assert probe["code"] == 0
    for command in ("audit", "demo", "patrol", "notice", "serve", "worker", "registry",
                    "schedule", "user", "page", "probe", "judge", "history"):
        assert f" {command} " in out


def test_an_unknown_command_gets_typers_message():
    out, probe = _run("audits")
    assert probe["code"] == 2
    assert "No such command 'audits'" in out
