"""`get_state` on the large profile set of bench/decision.py (50 personas x 500 accounts
x 200 keywords): the reply's size against the 1 MiB frame limit, and the host's own CPU
(user + system, from /proc) per `get_state`, over COUNT requests sent one at a time.

    .venv/bin/python bench/host_get_state.py [COUNT] [--python PATH --root DIR]

Floor: the same host's CPU per `outcome` naming no check (what any message costs),
measured in the same process. Linux only (reads /proc)."""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from decision import build_profile
from host_check_cpu import cpu_seconds
from host_common import HEADER, data_dir_with
from host_idle_cpu import start

LIMIT = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=100)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    folder = data_dir_with(build_profile(random.Random(7)), args.python, args.root)
    host = start(args.python, args.root, folder)
    first = host.ask({"v": 1, "type": "get_state", "id": 0})
    size = len(json.dumps(first, ensure_ascii=False).encode())
    begin = cpu_seconds(host.proc.pid)
    for n in range(args.count):
        host.ask({"v": 1, "type": "get_state", "id": n})
    state_cpu = cpu_seconds(host.proc.pid) - begin
    begin = cpu_seconds(host.proc.pid)
    for n in range(args.count):
        host.ask({"v": 1, "type": "outcome", "id": n, "check_id": "none",
                  "outcome": "cancelled"})
    floor_cpu = cpu_seconds(host.proc.pid) - begin
    host.close()
    per_state = state_cpu / args.count * 1e6
    per_floor = floor_cpu / args.count * 1e6
    print(json.dumps({
        "benchmark": "get_state, large profile set", "root": args.root,
        "reply_type": first["type"], "reply_code": first.get("code"),
        "reply_bytes": size, "frame_limit_bytes": LIMIT, "header_bytes": HEADER.size,
        "count": args.count, "host_cpu_per_get_state_us": round(per_state, 1),
        "floor_host_cpu_per_outcome_us": round(per_floor, 1),
        "ratio": round(per_state / per_floor, 2) if per_floor else None,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
