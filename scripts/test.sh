#!/usr/bin/env bash
# Sets up (see setup.sh) and runs every check: ruff, mypy, web-ext lint, and the whole pytest
# suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ruff"
.venv/bin/ruff check .
echo "== mypy"
.venv/bin/mypy --strict-optional  # files and settings: [tool.mypy] in pyproject.toml
if [ -f extension/build.py ] && [ -x node_modules/.bin/web-ext ]; then
  echo "== web-ext lint"
  .venv/bin/python extension/build.py firefox --out build/firefox >/dev/null
  node_modules/.bin/web-ext lint --source-dir build/firefox --self-hosted --warnings-as-errors=false
fi
echo "== pytest"
# One worker per core (at most 4), each taking whole test files: a file's browser starts once.
workers=$(nproc 2>/dev/null || echo 1)
workers=$(( workers > 4 ? 4 : workers ))
exec .venv/bin/python -m pytest -n "${PERSONA_GUARD_TEST_WORKERS:-$workers}" --dist loadfile "$@"
