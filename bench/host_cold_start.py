"""Cold start: process launch to the `ready` reply, over real pipes (ms). Also the bare
interpreter's start on this machine, for scale.

    .venv/bin/python bench/host_cold_start.py [RUNS]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from host_common import HELLO, PYTHON, HostProcess, data_dir_with_profiles, percentile

# what the start path imports, and what it leaves until after `ready` (ms over bare)
IMPORTS = {
    "start path (native_host.host.host)": "import native_host.host.host",
    "after ready: models + rules": "import native_host.host.messages, native_host.decision.rules",
    "after ready: asyncio": "import asyncio",
    "after ready: logging.handlers": "import logging.handlers",
    "never on the host's path: aiohttp": "import aiohttp",
}


def import_costs(runs: int) -> dict[str, float]:
    def best(code: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([PYTHON, "-c", code], check=True)
            times.append((time.perf_counter() - start) * 1000)
        return min(times)

    bare = best("pass")
    return {name: round(best(code) - bare, 1) for name, code in IMPORTS.items()}


def main(runs: int) -> None:
    folder = data_dir_with_profiles()
    bare, ready = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True)
        bare.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        host = HostProcess(folder)
        host.send(HELLO)
        reply = host.read()
        ready.append((time.perf_counter() - start) * 1000)
        assert reply["type"] == "ready" and reply["state"]["personas"], reply
        host.close()
    print(json.dumps({
        "benchmark": "host cold start to ready", "runs": runs,
        "ready_ms": {"p50": round(percentile(ready, 50), 1),
                     "p90": round(percentile(ready, 90), 1), "min": round(min(ready), 1)},
        "bare_interpreter_ms": {"p50": round(percentile(bare, 50), 1),
                                "min": round(min(bare), 1)},
        "import_cost_ms_best_of_5": import_costs(5),
    }, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
