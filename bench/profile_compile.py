"""Loading the stored profiles as a host does (`Store.load_merged`: read, validate, merge,
compile the matcher) on the large set at 50 and at 500 personas (each persona with 500
accounts and 200 keywords, as bench/decision.py builds them), added with `persona-guard
profile add` into a fresh data folder.

    .venv/bin/python bench/profile_compile.py [--repeat N] [--root OTHER_CHECKOUT]
                                              [--personas 50 500]

Prints JSON, per persona count and per checkout (this one, and OTHER_CHECKOUT with its own
.venv when given, measured in turn in the same run), in milliseconds of wall time (the
process's CPU time beside it):

* load_ms: the median of N loads, each in a new process (its modules imported first: the
  imports are not the load), as a host loads after a profile change or at its start (a
  checkout that keeps the compiled profiles reads them; one that does not validates and
  merges each time);
* first_load_ms: one load with no compiled profiles kept (removed first): what the first
  load after an upgrade, or after a hand edit of profiles.json, costs;
* floor_ms: json.loads of the same profiles.json in the same processes (median), the
  least a load that reads it costs; and load_to_floor, the ratio."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

from decision import build_profile
from host_common import ROOT, data_dir_with

CHILD = r"""
import json, sys, time
from pathlib import Path
from native_host.store.store import Store
import native_host.profiles.merge, native_host.profiles.format  # imports are not the load
try:
    import native_host.store.compiled, native_host.profiles.compiled
except ImportError:
    pass  # a checkout that keeps nothing compiled

folder, fresh = Path(sys.argv[1]), sys.argv[2] == "first"
compiled = folder / "profiles.compiled"
if fresh and compiled.exists():
    compiled.unlink()
wall, cpu = time.perf_counter(), time.process_time()
made = Store(folder).load_merged()
took = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
raw = (folder / "profiles.json").read_bytes()
wall = time.perf_counter()
json.loads(raw)
floor = (time.perf_counter() - wall) * 1000
print(json.dumps({"ms": took[0], "cpu_ms": took[1], "floor_ms": floor,
                  "mb": len(raw) / 1e6, "kept": compiled.exists()}))
"""


def once(python: str, root: Path, folder: str, kind: str) -> dict:
    out = subprocess.run([python, "-c", CHILD, folder, kind], cwd=str(root),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def measure(python: str, root: Path, folder: str, repeat: int) -> dict:
    first = once(python, root, folder, "first")  # writes the compiled profiles where kept
    loads = sorted((once(python, root, folder, "load") for _ in range(repeat)),
                   key=lambda run: run["ms"])
    mid = loads[len(loads) // 2]
    floor = statistics.median(run["floor_ms"] for run in loads)
    return {"load_ms": round(mid["ms"], 1), "load_cpu_ms": round(mid["cpu_ms"], 1),
            "first_load_ms": round(first["ms"], 1),
            "first_load_cpu_ms": round(first["cpu_ms"], 1),
            "floor_ms": round(floor, 1), "load_to_floor": round(mid["ms"] / floor, 2),
            "profiles_json_mb": round(first["mb"], 1), "compiled_kept": mid["kept"]}


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
