"""`python -m govpatrol.demosite.generated --seed N` serves one site and prints how to audit it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_serves_a_seed_and_prints_its_url_and_nameserver():
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "govpatrol.demosite.generated", "--seed", "3", "--truth"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
        command = process.stdout.readline()
        url = re.search(r"(http://\S+/)$", first.strip()).group(1)
        assert "asp" in first and "verdict pass" in first  # seed 3 is the clean ASP site
        assert re.match(r"nameserver 127\.0\.0\.1:\d+; as-of 2026-\d\d-\d\d", second)
        assert command.startswith(f"govpatrol audit {url} --as-of ")
        port = int(re.search(r":(\d+)/$", url).group(1))
        host = re.search(r"http://([^:/]+)", url).group(1)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"{host}:{port}"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            charset = answer.headers.get_content_charset()
            assert charset == "gb2312"  # seed 3 serves GBK, as old ASP sites do
            assert answer.status == 200 and "网站标识码" in answer.read().decode("gbk")
    finally:
        process.terminate()
        process.wait(timeout=10)
