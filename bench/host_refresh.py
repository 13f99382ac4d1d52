"""Checks answered while a changed profile set compiles: the host runs on a large set
(PERSONAS personas x 500 accounts x 200 keywords, as bench/decision.py builds it, 500 by
default), then another process stores a new version of it (`persona-guard profile add`,
one account more) while checks keep coming, one at a time over the real pipes, until a
check's verdict shows the new version (the state is too large for one frame at this size,
so `state_changed` cannot say it). Prints how long that took, how many checks were
answered meanwhile, and their round trips; the floor is the same checks' round trip with
nothing compiling, in the same run.

    .venv/bin/python bench/host_refresh.py [PERSONAS] [--root DIR]

--root starts another checkout's host (e.g. main's) for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import decision
from host_common import HELLO, ROOT, HostProcess, data_dir_with, percentile

NEW_ACCOUNT = "acct_added_in_v2"  # an account only the new version has (in p3)


def check(n: int, handle: str = "acct_3_250") -> dict[str, object]:
    return {"v": 1, "type": "check", "id": n, "site": "x", "action": "post",
            "identity": {"site": "x", "handle": handle, "kind": "user"},
            "draft": {"text": f"draft {n} for the people of p3"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("personas", type=int, nargs="?", default=500)
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args()
    decision.PERSONAS = args.personas
    data = decision.build_profile(random.Random(7))
    folder = data_dir_with(data, sys.executable, args.root)
    host = HostProcess(folder, args.root)
    host.ask(HELLO)
    assert host.ask(check(0))["type"] == "verdict"  # the first load is done
    steady = []
    for n in range(1, 21):
        start = time.perf_counter()
        host.ask(check(n))
        steady.append((time.perf_counter() - start) * 1000)

    changed = json.loads(json.dumps({**data, "version": 2}))
    changed["personas"]["p3"]["accounts"].append({"site": "x", "handle": NEW_ACCOUNT})
    path = Path(tempfile.mkdtemp(prefix="pg-bench-")) / "changed.json"
    path.write_text(json.dumps(changed))
    subprocess.run([sys.executable, "-m", "native_host.cli", "profile", "add", str(path)],
                   env={**os.environ, "PERSONA_GUARD_DATA_DIR": folder}, check=True,
                   capture_output=True, cwd=args.root)
    stored = time.perf_counter()
    during: list[float] = []
    n = 1000
    swapped = None
    while swapped is None:
        n += 1
        start = time.perf_counter()
        verdict = host.ask(check(n, NEW_ACCOUNT))
        during.append((time.perf_counter() - start) * 1000)
        if verdict.get("active_persona") == "p3":
            swapped = time.perf_counter()
    host.close()
    print(json.dumps({
        "benchmark": "checks while a changed profile set compiles", "root": args.root,
        "personas": args.personas,
        "stored_to_swapped_ms": round((swapped - stored) * 1000),
        "checks_answered_meanwhile": len(during),
        "round_trip_ms_meanwhile": {"p50": round(percentile(during, 50), 2),
                                    "max": round(max(during), 1)},
        "floor_round_trip_ms_nothing_compiling": {"p50": round(percentile(steady, 50), 2),
                                                  "max": round(max(steady), 1)},
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
