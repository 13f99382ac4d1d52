"""The host's own CPU time (user + system, from /proc) while it sits idle after `ready`,
on the large profile set of bench/decision.py (50 personas x 500 accounts x 200
keywords), over SECONDS seconds: what the store watcher costs while nothing changes.

    .venv/bin/python bench/host_idle_cpu.py [SECONDS] [--python PATH --root DIR]

Floor: the same host, idle the same time, on the shipped profiles (the watcher's fixed
cost), measured in the same run, the two hosts side by side. Linux only (reads /proc)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from decision import build_profile
from host_check_cpu import cpu_seconds
from host_common import HELLO, HostProcess, data_dir_with, data_dir_with_profiles


def start(python: str, root: str, folder: str) -> HostProcess:
    host = HostProcess(folder, root, python=python)
    host.ask(HELLO)
    # every message waits for the engine (models, rules, merged profiles): once this is
    # answered the start-up work is over
    host.ask({"v": 1, "type": "outcome", "id": 1, "check_id": "none", "outcome": "cancelled"})
    return host


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seconds", type=float, nargs="?", default=5.0)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    large = data_dir_with(build_profile(random.Random(7)), args.python, args.root)
    small = data_dir_with_profiles()
    hosts = {"large": start(args.python, args.root, large),
             "shipped": start(args.python, args.root, small)}
    time.sleep(1.0)  # bundle sync started at the first ticks: steady idle from here on
    begin = {name: cpu_seconds(h.proc.pid) for name, h in hosts.items()}
    time.sleep(args.seconds)
    spent = {name: cpu_seconds(h.proc.pid) - begin[name] for name, h in hosts.items()}
    for host in hosts.values():
        host.close()
    print(json.dumps({
        "benchmark": "host CPU while idle", "root": args.root, "seconds": args.seconds,
        "idle_cpu_s_large_set": round(spent["large"], 3),
        "floor_idle_cpu_s_shipped_profiles": round(spent["shipped"], 3),
        "ratio": round(spent["large"] / spent["shipped"], 2) if spent["shipped"] else None,
        "idle_cpu_percent_large_set": round(100 * spent["large"] / args.seconds, 2),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
