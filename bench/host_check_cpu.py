"""The host's own CPU time (user + system, from /proc) per `check` on the large profile
set of bench/decision.py (50 personas x 500 accounts x 200 keywords, 1 KB draft, 2 KB
text replied to), over CHECKS checks sent one at a time over the real pipes, once warm.

    .venv/bin/python bench/host_check_cpu.py [CHECKS] [--python PATH --root DIR]

--root runs another checkout's host the same way (e.g. main's, for a before/after in one
run). Each check's draft and reply text are new, the keywords found in them the same (the
verdict is remembered by its evidence, as while a person types); `..._new_evidence_us`
is the same with other keywords and accounts found in every check, so the verdict is
written anew each time. Floor: the same host's CPU per `outcome` naming no check (framing,
JSON, dispatch and a small error reply: what any message costs), measured in the same
process. Linux only (reads /proc)."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from decision import VARIANTS, build_profile, check_messages, other_evidence
from host_common import HELLO, HostProcess, data_dir_with

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checks", type=int, nargs="?", default=3000)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    rng = random.Random(7)
    data = build_profile(rng)
    folder = data_dir_with(data, args.python, args.root)
    messages = check_messages(data, rng)
    new_evidence = [{**message, "context": {
        **message["context"], "reply_to": {
            "handle": "fan_7_2", "text": f"{message['context']['reply_to']['text']} {keyword}"}},
        "draft": {"text": f"{message['draft']['text']} {account}"}}
        for message, (keyword, account) in zip(messages, other_evidence(data), strict=True)]

    host = HostProcess(folder, args.root, python=args.python)
    host.ask(HELLO)
    for message in messages[:50]:  # warm: the profiles loaded, every module imported
        assert host.ask(message)["type"] == "verdict"
    begin = cpu_seconds(host.proc.pid)
    for n in range(args.checks):
        host.ask({**messages[n % VARIANTS], "id": n})
    check_cpu = cpu_seconds(host.proc.pid) - begin
    begin = cpu_seconds(host.proc.pid)
    for n in range(args.checks):
        host.ask({**new_evidence[n % VARIANTS], "id": n})
    new_evidence_cpu = cpu_seconds(host.proc.pid) - begin
    begin = cpu_seconds(host.proc.pid)
    for n in range(args.checks):
        host.ask({"v": 1, "type": "outcome", "id": n, "check_id": "none",
                  "outcome": "cancelled"})
    floor_cpu = cpu_seconds(host.proc.pid) - begin
    host.proc.stdin.close()
    host.proc.wait(30)
    per_check = check_cpu / args.checks * 1e6
    per_floor = floor_cpu / args.checks * 1e6
    print(json.dumps({
        "benchmark": "host CPU per check, large profile set", "root": args.root,
        "checks": args.checks, "host_cpu_per_check_us": round(per_check, 1),
        "host_cpu_per_check_new_evidence_us": round(new_evidence_cpu / args.checks * 1e6, 1),
        "floor_host_cpu_per_outcome_us": round(per_floor, 1),
        "ratio": round(per_check / per_floor, 2) if per_floor else None,
        "goal_us": 150, "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
