"""Memory of a host answering checks: RSS (MB) after every 1,000 of 10,000 checks, each
with its outcome (so the audit log grows too). Linux (/proc).

    .venv/bin/python bench/host_rss.py [CHECKS] [--root DIR]

--root starts another checkout's host (e.g. main's) for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from host_check_roundtrip import REQUESTS
from host_common import HELLO, ROOT, HostProcess, data_dir_with_profiles


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def main(checks: int, root: str) -> None:
    host = HostProcess(data_dir_with_profiles(), root)
    host.ask(HELLO)
    samples = {"after_ready": round(rss_mb(host.proc.pid), 1)}
    for n in range(1, checks + 1):
        host.ask({"v": 1, "type": "check", "id": n, **REQUESTS[n % len(REQUESTS)]})
        host.ask({"v": 1, "type": "outcome", "id": f"o{n}", "check_id": n,
                  "outcome": "proceeded"})
        if n % 1000 == 0:
            samples[str(n)] = round(rss_mb(host.proc.pid), 1)
    host.close()
    values = [v for k, v in samples.items() if k != "after_ready"]
    print(json.dumps({
        "benchmark": "host RSS while answering checks", "checks": checks, "root": root,
        "rss_mb": samples,
        "growth_from_1000_to_end_mb": round(values[-1] - values[0], 1),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checks", type=int, nargs="?", default=10_000)
    parser.add_argument("--root", default=str(ROOT))
    arguments = parser.parse_args()
    main(arguments.checks, arguments.root)
