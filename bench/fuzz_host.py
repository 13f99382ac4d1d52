"""The real host against hostile input and faults, over real pipes.

* fuzz: --frames hostile frames (tests/host/hostile.py: every field of every message
  kind, surrogates, nesting, huge numbers, repeated keys, broken bytes) in windows of
  100; counts crashes (the host's output ended), hangs (no reply within 30 s), wrong
  codes (tests/host/hostile.judge) and the host's peak memory. Floor: the same host's
  memory right after `ready`, and the time of as many plain `get_state` frames.
* kill9: --kills rounds of checks and outcomes, the host killed with SIGKILL right
  after an `ok`; counts acknowledged records and those in the log afterwards.
* diskfull (root only): the data folder on a 1 MiB tmpfs that is then filled; what the
  host writes to stderr in 10 s, how long `audit` takes and whether it says `pending`,
  and whether every record arrives once there is space again.

    .venv/bin/python bench/fuzz_host.py [--frames 100000] [--kills 50] [--seed 1]

Bounded: every wait has a limit; the tmpfs is unmounted at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from native_host.store.audit import AuditLog
from native_host.store.store import Store
from tests.host import hostile
from tests.host.conftest import HELLO, PROFILES, HostProc, check

WINDOW = 100
HANG_SECONDS = 30.0


def library(folder: Path) -> Path:
    store = Store(folder)
    for name in ("public-library.json", "library-staff-personal.json"):
        store.add_profile((PROFILES / name).read_bytes(), name)
    return folder


def peak_kib(host: HostProc, field: str = "VmHWM") -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{host.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def fuzz(frames: int, seed: int, base: Path) -> dict[str, Any]:
    folder = library(base / "fuzz")
    rng = random.Random(seed)
    crashes = hangs = wrong = sent = 0
    examples: list[str] = []
    peaks: list[int] = []
    host = HostProc(folder)
    host.ask(HELLO, timeout=120)
    floor_kib = peak_kib(host, "VmRSS")
    checked: list[Any] = []
    start = time.perf_counter()
    while sent < frames:
        bodies = [hostile.frame_body(rng, sent + i, checked) for i in range(WINDOW)]
        sent += WINDOW
        for body in bodies:
            host.send(body)
        try:
            for body in bodies:
                reply = host.reply(timeout=HANG_SECONDS)
                problem = hostile.judge(body, reply)
                if problem is not None:
                    wrong += 1
                    if len(examples) < 5:
                        examples.append(f"{problem}: {body[:120]!r}")
        except (TimeoutError, EOFError) as error:
            crashed = isinstance(error, EOFError) or host.proc.poll() is not None
            crashes += crashed
            hangs += not crashed
            examples.append(f"{type(error).__name__} after frame {sent}")
            peaks.append(peak_kib(host))
            host.kill()
            host = HostProc(folder)
            host.ask(HELLO, timeout=120)
            checked = []
        if len(checked) > 2000:
            del checked[:1000]
    elapsed = time.perf_counter() - start
    peaks.append(peak_kib(host))
    host.close(timeout=60)
    plain = HostProc(folder)  # the floor: as many plain frames, same windows
    plain.ask(HELLO, timeout=120)
    plain_start = time.perf_counter()
    for window in range(frames // WINDOW):
        for i in range(WINDOW):
            plain.send({"v": 1, "type": "get_state", "id": window * WINDOW + i})
        for _ in range(WINDOW):
            plain.reply(timeout=HANG_SECONDS)
    plain_elapsed = time.perf_counter() - plain_start
    plain.close(timeout=60)
    return {"frames": sent, "crashes": crashes, "hangs": hangs, "wrong_codes": wrong,
            "examples": examples, "seconds": round(elapsed, 1),
            "floor_plain_get_state_seconds": round(plain_elapsed, 1),
            "time_ratio": round(elapsed / plain_elapsed, 2),
            "peak_rss_kib": max(peaks), "floor_rss_after_ready_kib": floor_kib,
            "memory_ratio": round(max(peaks) / floor_kib, 2) if floor_kib else None}


def act(host: HostProc, check_id: str) -> bool:
    host.ask(check(check_id), timeout=120)
    return host.ask({"v": 1, "type": "outcome", "id": f"o-{check_id}", "check_id": check_id,
                     "outcome": "proceeded"}, timeout=120)["type"] == "ok"


def kill9(rounds: int, seed: int, base: Path) -> dict[str, Any]:
    folder = library(base / "kill9")
    rng = random.Random(seed)
    acknowledged: list[str] = []
    for round_ in range(rounds):
        host = HostProc(folder)
        host.ask(HELLO, timeout=120)
        for n in range(rng.randrange(1, 40)):
            if act(host, f"{round_}-{n}"):
                acknowledged.append(f"{round_}-{n}")
        host.proc.kill()  # right after the last ok: no goodbye, no flush
        host.proc.wait()
    kept = {r["check_id"] for r in AuditLog(folder).records()}
    return {"rounds": rounds, "acknowledged": len(acknowledged),
            "in_the_log_after": len(kept & set(acknowledged)),
            "lost": len(set(acknowledged) - kept),
            "journals_left": len(list((folder / "audit").glob("journal-*")))}


def diskfull(base: Path) -> dict[str, Any]:
    mount = base / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return {"skipped": f"cannot mount a tmpfs: {done.stderr.strip()}"}
    try:
        folder = library(mount / "data")
        host = HostProc(folder)
        host.ask(HELLO, timeout=120)
        act(host, "before")
        host.ask({"v": 1, "type": "audit", "id": "sync", "limit": 1}, timeout=120)
        filler = mount / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        acked = sum(act(host, f"full-{n}") for n in range(20))
        start = time.perf_counter()
        page = host.ask({"v": 1, "type": "audit", "id": "full", "limit": 100}, timeout=120)
        audit_ms = (time.perf_counter() - start) * 1000
        before = host.stderr().count("\n")
        time.sleep(10)
        noise = host.stderr()
        lines_10s = noise.count("\n") - before
        tries = re.findall(r"next try in ([\d.]+) s", noise)
        filler.unlink()
        deadline = time.monotonic() + 180
        later = page
        while time.monotonic() < deadline:
            later = host.ask({"v": 1, "type": "audit", "id": "later", "limit": 100},
                             timeout=120)
            if later["pending"] == 0 and len(later["items"]) == acked + 1:
                break
            time.sleep(0.5)
        host.close(timeout=60)
        return {"acknowledged_while_full": acked, "audit_reply_ms": round(audit_ms, 1),
                "audit_pending": page["pending"], "audit_items": len(page["items"]),
                "stderr_lines_in_10s": lines_10s, "tracebacks": noise.count("Traceback"),
                "retry_delays_s": [float(t) for t in tries],
                "written_once_space_returned": len(later["items"]) - 1,
                "pending_after": later["pending"]}
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["fuzz", "kill9", "diskfull"], default=None)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="pg-fuzz-"))
    out: dict[str, Any] = {"bench": "fuzz_host"}
    try:
        if args.only in (None, "fuzz"):
            out["fuzz"] = fuzz(args.frames, args.seed, base)
        if args.only in (None, "kill9"):
            out["kill9"] = kill9(args.kills, args.seed, base)
        if args.only in (None, "diskfull"):
            out["diskfull"] = diskfull(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
