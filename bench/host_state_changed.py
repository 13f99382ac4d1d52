"""A mode switched from the CLI reaching 4 running hosts as `state_changed` (ms): from
launching `persona-guard mode`, and from the moment the new mode is on disk.

    .venv/bin/python bench/host_state_changed.py [SWITCHES]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

from host_common import HELLO, PYTHON, ROOT, HostProcess, data_dir_with_profiles, percentile

HOSTS = 4


def main(switches: int) -> None:
    folder = data_dir_with_profiles()
    hosts = [HostProcess(folder) for _ in range(HOSTS)]
    for host in hosts:
        host.ask(HELLO)
    time.sleep(0.5)  # let every host finish loading
    from_launch: list[float] = []
    from_disk: list[float] = []
    env = {**os.environ, "PERSONA_GUARD_DATA_DIR": folder}
    state_file = os.path.join(folder, "state.json")
    for n in range(switches):
        mode = ("library", "personal")[n % 2]
        arrived: list[float] = []

        def wait(host: HostProcess, mode: str = mode, arrived: list[float] = arrived) -> None:
            while True:
                message = host.read()
                if message["type"] == "state_changed" and message["mode"] == mode:
                    arrived.append(time.perf_counter())
                    return

        threads = [threading.Thread(target=wait, args=(h,)) for h in hosts]
        for thread in threads:
            thread.start()
        before = os.stat(state_file).st_mtime_ns if os.path.exists(state_file) else 0
        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "native_host.cli", "mode", mode], env=env, cwd=ROOT,
                       check=True, capture_output=True)
        for thread in threads:
            thread.join(10)
        written = os.stat(state_file).st_mtime_ns
        assert written != before and len(arrived) == HOSTS
        from_launch.append((max(arrived) - start) * 1000)
        # the file's mtime and perf_counter share no epoch: convert via time.time()
        offset = time.time() - time.perf_counter()
        from_disk.append((max(arrived) + offset - written / 1e9) * 1000)
    for host in hosts:
        host.close()
    print(json.dumps({
        "benchmark": "CLI mode switch to state_changed at 4 hosts", "switches": switches,
        "all_4_hosts_from_cli_launch_ms": {"p50": round(percentile(from_launch, 50), 1),
                                           "max": round(max(from_launch), 1)},
        "all_4_hosts_from_write_ms": {"p50": round(percentile(from_disk, 50), 1),
                                      "max": round(max(from_disk), 1)},
    }, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
