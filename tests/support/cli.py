"""The ``govpatrol`` command line run as a child process, as an inspector runs it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from typer.testing import CliRunner

from govpatrol.cli import load_commands

REPO = Path(__file__).resolve().parents[2]

# What the installed ``govpatrol`` script runs: only the command's own module is loaded.
CLI_BOOT = "from govpatrol.cli import main; main()"


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI_BOOT, *args]


def run_cli(*args: str, timeout: float = 600, cwd: Path | None = None
            ) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO)}
    return subprocess.run(cli_command(*args), capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or REPO, env=env)


def invoker_in(folder: Path, monkeypatch) -> Callable:
    """The app, every command loaded, invoked in this process from ``folder`` with no
    settings file of the inspector's (``GOVPATROL_CONFIG``) in the way."""
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GOVPATROL_CONFIG", raising=False)
    runner, app = CliRunner(), load_commands()
    return lambda *args: runner.invoke(app, list(args))
