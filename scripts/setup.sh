#!/usr/bin/env bash
# Installs everything Persona Guard needs on a Debian machine: Debian's chromium and
# firefox-esr, a virtual environment with the package and its test tools, and the npm
# dev tools (web-ext, puppeteer-core). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)  # load for bench/bundle_server.py
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${need_apt[*]}; run: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "setup: apt-get install ${need_apt[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
# [test] includes [browser] (Playwright, for probe, demo and the browser tests)
echo "setup: pip install -e .[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

if [ -f package.json ]; then
  echo "setup: npm install"
  # puppeteer-core never downloads a browser; PUPPETEER_SKIP_DOWNLOAD is for safety.
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error >/dev/null
fi
