"""The ``govpatrol`` command line run as a child process, as an inspector runs it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The program name is set so that usage and error lines read as they do when installed.
CLI_BOOT = "import sys; sys.argv[0] = 'govpatrol'; from govpatrol.cli import app; app()"


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI_BOOT, *args]


def run_cli(*args: str, timeout: float = 600, cwd: Path | None = None
            ) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO)}
    return subprocess.run(cli_command(*args), capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or REPO, env=env)
