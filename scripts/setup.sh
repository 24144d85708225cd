#!/usr/bin/env bash
# Sets up everything govpatrol needs on a fresh Debian machine: a virtual environment with
# the pinned Python packages, a Chromium for the pages that only a browser can read, and
# Redis and PostgreSQL for patrols on many machines.
# Safe to run again: finished steps are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.govpatrol-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing Python packages (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
  echo "$want" > "$stamp"
fi
# The project's own bytecode, as pip compiles that of installed packages: a patrol starts a
# crawl process per site, and where PYTHONDONTWRITEBYTECODE is set (as in many containers)
# each would otherwise compile every module again. Only changed files are compiled.
.venv/bin/python -m compileall -q -j 0 checks storage crawlers reports govpatrol >/dev/null

# Chromium: Debian's package where apt is available (no browser download is possible on a
# closed network), Playwright's own build elsewhere.
if [ -z "${GOVPATROL_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "[setup] installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "[setup] installing Playwright's chromium"
    .venv/bin/python -m playwright install chromium
  fi
fi
# Chinese fonts, so that evidence screenshots and PDF previews of notices show Chinese text.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && ! fc-list 2>/dev/null | grep -qi "cjk"; then
  echo "[setup] installing CJK fonts"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
# Redis and PostgreSQL for patrols on many machines (SPEC §7); the tests start their own
# servers from these packages, so nothing needs to run beforehand.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
  if [ -n "$missing" ]; then
    echo "[setup] installing Debian's$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi
echo "[setup] ready"
