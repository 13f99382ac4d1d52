"""Instructions the host runs per `check` on the large profile set of bench/decision.py (the
messages of host_check_cpu.py), counted by valgrind's callgrind: the same count for the
same code and input whatever else the machine does, so a change of a few percent shows
where CPU time (host_check_cpu.py) moves more than that from one run to the next.

    .venv/bin/python bench/host_check_instructions.py [CHECKS] [--root DIR]

Each figure is the difference of two runs of the host under callgrind, started and
warmed alike (hello, then 50 checks): one that then answers CHECKS messages and one that
answers none, divided by CHECKS. The host's store watcher also runs meanwhile (every
0.1 s of the slower run's wall time): a small, roughly constant share. Floor: the same
host per `outcome` naming no check (framing, JSON, dispatch and a small error reply),
measured the same way in the same run. Needs valgrind (Debian's package)."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from decision import VARIANTS, build_profile, check_messages
from host_common import HELLO, HostProcess, as_installed, data_dir_with

WARM = 50


def counted(folder: str, root: str, warm: list[dict[str, Any]],
            measured: list[dict[str, Any]]) -> int:
    """Instructions of one host run under callgrind: started, warmed, then `measured`."""
    with tempfile.TemporaryDirectory(prefix="pg-bench-callgrind-") as out:
        launcher = Path(out) / "python"
        launcher.write_text(f'#!/bin/sh\nexec valgrind --tool=callgrind -q '
                            f'--callgrind-out-file={out}/cg.%p "{sys.executable}" "$@"\n')
        launcher.chmod(0o755)
        host = HostProcess(folder, root, env=as_installed(dict(os.environ)),
                           python=str(launcher))
        host.ask(HELLO)
        for message in [*warm, *measured]:
            host.ask(message)
        assert host.proc.stdin is not None
        host.proc.stdin.close()
        host.proc.wait(600)
        totals = [int(line.split()[1]) for path in Path(out).glob("cg.*")
                  for line in path.read_text().splitlines()
                  if line.startswith(("totals:", "summary:"))]
    if not totals:
        raise SystemExit("host_check_instructions: callgrind wrote no totals")
    return max(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checks", type=int, nargs="?", default=1000)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("host_check_instructions: valgrind is not installed; install it: "
                         "apt-get install valgrind")
    rng = random.Random(7)
    data = build_profile(rng)
    folder = data_dir_with(data, sys.executable, args.root)
    messages = check_messages(data, rng)
    warm = messages[:WARM]
    checks = [{**messages[n % VARIANTS], "id": n} for n in range(args.checks)]
    outcomes = [{"v": 1, "type": "outcome", "id": n, "check_id": "none",
                 "outcome": "cancelled"} for n in range(args.checks)]
    counted(folder, args.root, warm, [])  # the bytecode cache, written once
    none = counted(folder, args.root, warm, [])
    per_check = (counted(folder, args.root, warm, checks) - none) / args.checks
    per_outcome = (counted(folder, args.root, warm, outcomes) - none) / args.checks
    print(json.dumps({
        "benchmark": "host instructions per check, large profile set", "root": args.root,
        "checks": args.checks, "instructions_per_check": round(per_check),
        "floor_instructions_per_outcome": round(per_outcome),
        "ratio": round(per_check / per_outcome, 2) if per_outcome else None,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
