"""`persona-guard mode work` (set the mode, print the state) on the large profile set of
bench/decision.py (50 personas x 500 accounts x 200 keywords), wall time, median of
RUNS runs interleaved with the floor: the bare interpreter (`python -c pass`).

    .venv/bin/python bench/cli_mode.py [RUNS] [--python PATH --root DIR] [--from-source]

Both start byte-compiled, as an installed copy does (host_common.as_installed);
--from-source keeps this environment's PYTHONDONTWRITEBYTECODE, if set."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from decision import build_profile
from host_common import as_installed


def timed(command: list[str], env: dict[str, str], cwd: str) -> float:
    begin = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs", type=int, nargs="?", default=15)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--from-source", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pg-bench-")
    env = {**os.environ, "PERSONA_GUARD_DATA_DIR": folder}
    if not args.from_source:
        env = as_installed(env)
    profile = Path(folder) / "bench-profile.json"
    profile.write_text(json.dumps(build_profile(random.Random(7))))
    subprocess.run([args.python, "-m", "native_host.cli", "profile", "add", str(profile)],
                   env=env, check=True, capture_output=True, cwd=args.root)
    cli, bare = [], []
    for n in range(-1, args.runs):  # the first of each (compiling, caches) is not counted
        persona = "p1" if n % 2 else "p2"  # a real change each time
        took = timed([args.python, "-m", "native_host.cli", "mode", persona], env, args.root)
        floor = timed([args.python, "-c", "pass"], env, args.root)
        if n >= 0:
            cli.append(took)
            bare.append(floor)
    mode_ms, floor_ms = statistics.median(cli) * 1e3, statistics.median(bare) * 1e3
    print(json.dumps({
        "benchmark": "persona-guard mode, large profile set", "root": args.root,
        "runs": args.runs, "byte_compiled": not args.from_source,
        "mode_median_ms": round(mode_ms, 1),
        "floor_python_c_pass_median_ms": round(floor_ms, 1),
        "ratio": round(mode_ms / floor_ms, 2), "goal_ratio": 1.5,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
