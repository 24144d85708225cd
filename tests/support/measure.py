"""Run a command in a child and report its CPU time and the peak memory of its process tree.

The wrapper process waits for the command and reads RUSAGE_CHILDREN: the CPU seconds of the
command and every process it waited for, and the largest resident set among them, in MB.
Bounds are asserted on CPU, never on wall time, which a busy machine stretches.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

GOVPATROL = str(Path(sys.executable).with_name("govpatrol"))
_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "max_rss_mb": usage.ru_maxrss / 1024,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""


@dataclass
class Measured:
    code: int
    stdout: str
    stderr: str
    max_rss_mb: float
    cpu_seconds: float
    seconds: float  # wall time, for messages only

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def measure(args: list[str], *, timeout: float = 120, cwd: Path | None = None,
            env: dict | None = None) -> Measured:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    return Measured(out["code"], out["stdout"], out["stderr"], out["max_rss_mb"],
                    out["cpu_seconds"], time.monotonic() - started)
