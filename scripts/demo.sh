#!/usr/bin/env bash
# Sets up (see setup.sh) and runs the demo: the librarian scenario in a real, headless
# Chromium with the real extension and host; prints the folder of screenshots it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/persona-guard demo "$@"
