"""`check` round trip over the pipes, browser -> host -> browser, once the host is warm
(ms); and the first check right after `ready`, which may wait for the rules to load.

    .venv/bin/python bench/host_check_roundtrip.py [CHECKS]
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from host_common import HELLO, HostProcess, data_dir_with_profiles, percentile

REQUESTS: list[dict[str, Any]] = [
    {"site": "x", "action": "reply",
     "identity": {"site": "x", "handle": "davidleeking", "kind": "user"},
     "context": {"reply_to": {"handle": "tscpl_friends",
                              "text": "When does the Topeka library open on Sunday?"}},
     "draft": {"text": "We open at noon!"}},
    {"site": "x", "action": "post",
     "identity": {"site": "x", "handle": "topekalibrary", "kind": "user"},
     "draft": {"text": "Storytime is back on Saturday #tscpl"}},
    {"site": "facebook", "action": "comment",
     "identity": {"site": "facebook", "handle": "davidleeking", "kind": "user"},
     "context": {"mentions": ["topekalibrary"]}, "draft": {"text": "my kids loved it"}},
]


def main(checks: int) -> None:
    host = HostProcess(data_dir_with_profiles())
    host.ask(HELLO)
    start = time.perf_counter()
    host.ask({"v": 1, "type": "check", "id": "first", **REQUESTS[0]})
    first = (time.perf_counter() - start) * 1000
    times = []
    for n in range(checks):
        message = {"v": 1, "type": "check", "id": n, **REQUESTS[n % len(REQUESTS)]}
        start = time.perf_counter()
        reply = host.ask(message)
        times.append((time.perf_counter() - start) * 1000)
        assert reply["type"] == "verdict", reply
    host.close()
    print(json.dumps({
        "benchmark": "check round trip over the pipes", "checks": checks,
        "round_trip_ms": {"p50": round(percentile(times, 50), 3),
                          "p99": round(percentile(times, 99), 3),
                          "max": round(max(times), 3)},
        "first_check_after_ready_ms": round(first, 1),
    }, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
