"""Loading the stored profiles as a host does (`Store.load_merged`: read, validate, merge,
compile the matcher) on the large set at 50 and at 500 personas (each persona with 500
accounts and 200 keywords, as bench/decision.py builds them), added with `persona-guard
profile add` into a fresh data folder.

    .venv/bin/python bench/profile_compile.py [--repeat N] [--root OTHER_CHECKOUT]
                                              [--personas 50 500]

Prints JSON, per persona count and per checkout (this one, and OTHER_CHECKOUT with its own
.venv when given, measured in turn in the same run), in milliseconds of wall time (the
process's CPU time beside it):

* load_ms: the median of N loads, each by a new Store in one process, as a host starts
  or reloads after a profile change (a checkout that keeps the compiled profiles reads
  them; one that does not validates and merges each time);
* first_load_ms: one load with no compiled profiles kept (removed first): what the first
  load after an upgrade, or after a hand edit of profiles.json, costs;
* floor_ms: json.loads of the same profiles.json, the least any load of it costs; and
  load_to_floor, the ratio."""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

from decision import build_profile
from host_common import ROOT, data_dir_with

CHILD = r"""
import json, os, statistics, sys, time
from pathlib import Path
from native_host.store.store import Store

folder, repeat = Path(sys.argv[1]), int(sys.argv[2])
compiled = folder / "profiles.compiled"

def timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    made = work()
    took = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    del made  # freeing it is the next load's cost in a host too, but not this load's
    return took

if compiled.exists():
    compiled.unlink()
first = timed(lambda: Store(folder).load_merged())  # writes it again where kept
loads = sorted(timed(lambda: Store(folder).load_merged()) for _ in range(repeat))
raw = (folder / "profiles.json").read_bytes()
floors = sorted(timed(lambda: json.loads(raw)) for _ in range(repeat))
mid = repeat // 2
print(json.dumps({
    "load_ms": round(loads[mid][0], 1), "load_cpu_ms": round(loads[mid][1], 1),
    "first_load_ms": round(first[0], 1), "first_load_cpu_ms": round(first[1], 1),
    "floor_ms": round(floors[mid][0], 1),
    "load_to_floor": round(loads[mid][0] / floors[mid][0], 2),
    "profiles_json_mb": round(len(raw) / 1e6, 1),
    "compiled_kept": compiled.exists(),
}))
"""


def measure(python: str, root: Path, folder: str, repeat: int) -> dict:
    out = subprocess.run([python, "-c", CHILD, folder, str(repeat)], cwd=str(root),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--root", type=Path, help="another checkout, measured beside this")
    parser.add_argument("--personas", type=int, nargs="+", default=[50, 500])
    args = parser.parse_args()
    roots = {"this": ROOT}
    if args.root:
        roots["other"] = args.root.resolve()
    figures: dict[str, dict] = {}
    for count in args.personas:
        profile = build_profile(random.Random(7), count)
        pythons = {name: str(root / ".venv" / "bin" / "python") for name, root in roots.items()}
        folders = {name: data_dir_with(profile, pythons[name], root)
                   for name, root in roots.items()}
        figures[str(count)] = {name: measure(pythons[name], root, folders[name], args.repeat)
                               for name, root in roots.items()}
    print(json.dumps({
        "benchmark": "profile_compile",
        "accounts_per_persona": 500, "keywords_per_persona": 200,
        "repeat": args.repeat,
        "roots": {name: str(root) for name, root in roots.items()},
        "personas": figures,
        "python": sys.version.split()[0],
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
