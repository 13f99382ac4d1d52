"""One audit write as the log grows: 10,000 records, then 1,000,000.

For each size the log is filled first (old segments written straight to files, the
newest few through `AuditLog`), then `AuditWriter.record()` takes N records: the
acknowledged part (a journal append, before the host says `ok`) is timed per record, and
the whole (records until they are in the segments, fsync included) per record. The floor
is a bare `os.write` of the same line to an O_APPEND file, in the same run.

    .venv/bin/python bench/audit_append.py [--records 5000] [--dir /some/disk/folder]

Bounded: two log sizes, N records each; everything is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from native_host.store.audit import SEGMENT, AuditLog, AuditWriter, record_line

SIZES = (10_000, 1_000_000)


def sample(n: int) -> dict[str, object]:
    return {"key": f"0badcafe:c-{n}", "check_id": f"c-{n}", "time": "2026-12-01T22:00:00.000+00:00",
            "browser": "chromium", "site": "x", "action": "reply",
            "identity": {"site": "x", "handle": "davidleeking", "kind": "user",
                         "display_name": "David Lee King"},
            "mode": "auto", "active_persona": "personal", "expected_persona": "library",
            "reasons": ["CONTEXT_MISMATCH"], "decision": "warn", "outcome": "switched",
            "outcome_at": "2026-12-01T22:00:03.000+00:00"}


def fill(root: Path, size: int) -> None:
    """`size` records: whole old segments as files (small records: only their number
    matters to a write), the last two segments' worth through the log itself."""
    audit = root / "audit"
    audit.mkdir(parents=True)
    tail = 2 * SEGMENT
    for number in range((size - tail) // SEGMENT):
        docs = {str(seq): {"seq": seq, "k": 1}
                for seq in range(number * SEGMENT, (number + 1) * SEGMENT)}
        (audit / f"{number:010d}.json").write_text(json.dumps({"records": docs}))
    AuditLog(root, keep=10 * size).write([sample(n) for n in range(tail)])


def measure(size: int, records: int, base: Path) -> dict[str, float]:
    root = base / f"log-{size}"
    fill(root, size)
    log = AuditLog(root, keep=10 * size)
    writer = AuditWriter(log, interval=0.25)
    acks: list[float] = []
    start = time.perf_counter()
    for n in range(records):
        t = time.perf_counter()
        writer.record(sample(n))
        acks.append(time.perf_counter() - t)
    writer.flush(timeout=600)
    whole = time.perf_counter() - start
    writer.close()
    assert log._newest_segment() is not None
    shutil.rmtree(root)
    return {"ack_median_us": statistics.median(acks) * 1e6,
            "ack_p99_us": sorted(acks)[int(len(acks) * 0.99)] * 1e6,
            "whole_per_record_us": whole / records * 1e6}


def floor(records: int, base: Path) -> float:
    path = base / "floor.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    line = record_line(sample(0))
    times = []
    for _ in range(records):
        t = time.perf_counter()
        os.write(fd, line)
        times.append(time.perf_counter() - t)
    os.close(fd)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--dir", default=None, help="where to build the logs (default: TMP)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="pg-audit-", dir=args.dir))
    try:
        results = {str(size): measure(size, args.records, base) for size in SIZES}
        bare = floor(args.records, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        small, big = (results[str(s)] for s in SIZES) if len(results) == 2 else ({}, {})
    print(json.dumps({
        "bench": "audit_append",
        "records_per_size": args.records,
        "sizes": results,
        "floor_bare_os_write_us": round(bare, 2),
        "ack_ratio_1m_vs_10k": round(big["ack_median_us"] / small["ack_median_us"], 3),
        "whole_ratio_1m_vs_10k": round(big["whole_per_record_us"] /
                                       small["whole_per_record_us"], 3),
        "ack_vs_floor": round(small["ack_median_us"] / bare, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
