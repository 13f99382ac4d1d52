"""Cold start: process launch to the `ready` reply, over real pipes (ms). Also the bare
interpreter's start on this machine, for scale.

    .venv/bin/python bench/host_cold_start.py [RUNS] [--root DIR] [--from-source]

Both start byte-compiled, as an installed copy does (host_common.as_installed);
--from-source keeps this environment's PYTHONDONTWRITEBYTECODE, if set. --root starts
another checkout's host (e.g. main's) for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

from host_common import (
    HELLO,
    PYTHON,
    ROOT,
    HostProcess,
    as_installed,
    data_dir_with_profiles,
    percentile,
)

# what the start path imports, and what it leaves until after `ready` (ms over bare)
IMPORTS = {
    "start path (native_host.host.host)": "import native_host.host.host",
    "after ready: models + rules": "import native_host.host.messages, native_host.decision.rules",
    "after ready: asyncio": "import asyncio",
    "after ready: logging.handlers": "import logging.handlers",
    "never on the host's path: aiohttp": "import aiohttp",
}


def import_costs(runs: int, env: dict[str, str], root: str) -> dict[str, float]:
    def best(code: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([PYTHON, "-c", code], check=True, env=env, cwd=root)
            times.append((time.perf_counter() - start) * 1000)
        return min(times)

    bare = best("pass")
    return {name: round(best(code) - bare, 1) for name, code in IMPORTS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs", type=int, nargs="?", default=30)
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--from-source", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ) if args.from_source else as_installed(dict(os.environ))
    folder = data_dir_with_profiles()
    bare, ready = [], []
    for n in range(-1, args.runs):  # the first of each (compiling, caches) is not counted
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True, env=env, cwd=args.root)
        floor = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        host = HostProcess(folder, args.root, env)
        host.send(HELLO)
        reply = host.read()
        took = (time.perf_counter() - start) * 1000
        assert reply["type"] == "ready" and reply["state"]["personas"], reply
        host.close()
        if n >= 0:
            bare.append(floor)
            ready.append(took)
    print(json.dumps({
        "benchmark": "host cold start to ready", "runs": args.runs, "root": args.root,
        "byte_compiled": not args.from_source,
        "ready_ms": {"p50": round(percentile(ready, 50), 1),
                     "p90": round(percentile(ready, 90), 1), "min": round(min(ready), 1)},
        "bare_interpreter_ms": {"p50": round(percentile(bare, 50), 1),
                                "min": round(min(bare), 1)},
        "ratio_p50": round(percentile(ready, 50) / percentile(bare, 50), 2), "goal_ratio": 1.5,
        "import_cost_ms_best_of_5": import_costs(5, env, args.root),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
