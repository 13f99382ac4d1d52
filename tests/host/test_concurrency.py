"""Many processes on one store: eight hosts and the CLI at once, and hosts killed in the
middle of their writes."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import struct
import threading
import time
from pathlib import Path

from native_host.store.audit import AuditLog
from native_host.store.files import file_signature, read_json
from native_host.store.store import Store
from tests.host.conftest import HELLO, ORIGIN, check, cli, frame

HOSTS = 8
CHECKS = 25
# Bounds on waits, never time limits: on a loaded machine eight hosts warming up at once
# (imports, profiles) take their first verdict tens of seconds after `ready`; nothing
# stalls (no lock is taken on the check path), they only wait for the CPU.
PATIENCE = 300.0
SWITCHES = ["personal", "library", "personal", "auto", "library"]
FINAL = "personal"


def test_eight_hosts_and_the_cli_at_once(library_dir, host_factory):
    hosts = [host_factory(library_dir) for _ in range(HOSTS)]
    for host in hosts:
        assert host.ask(HELLO, timeout=PATIENCE)["type"] == "ready"
    failures: list[str] = []

    def browse(index: int) -> None:  # a person typing and posting in each browser
        host = hosts[index]
        try:
            for n in range(CHECKS):
                verdict = host.ask(check(f"{index}-{n}"), timeout=PATIENCE)
                assert verdict["type"] == "verdict", verdict
                ok = host.ask({"v": 1, "type": "outcome", "id": f"o{n}",
                               "check_id": f"{index}-{n}", "outcome": "proceeded"},
                              timeout=PATIENCE)
                assert ok["type"] == "ok", ok
        except Exception as error:  # reported below, with the host's number
            failures.append(f"host {index}: {error!r}")

    threads = [threading.Thread(target=browse, args=(i,)) for i in range(HOSTS)]
    for thread in threads:
        thread.start()
    for mode in SWITCHES:
        assert cli(library_dir, "mode", mode).returncode == 0
    for thread in threads:
        thread.join()  # each wait inside is bounded by PATIENCE
    assert not failures
    assert cli(library_dir, "mode", FINAL).returncode == 0

    for host in hosts:  # every host ends on the final mode, pushed to its browser
        host.wait_for_push(lambda m: m["mode"] == FINAL, timeout=PATIENCE)
        assert host.ask({"v": 1, "type": "get_state", "id": "end"},
                        timeout=PATIENCE)["mode"] == FINAL
    for host in hosts:
        assert host.close(timeout=PATIENCE) == 0

    records = list(AuditLog(library_dir).records())
    assert sorted(r["check_id"] for r in records) == sorted(
        f"{i}-{n}" for i in range(HOSTS) for n in range(CHECKS))
    assert all(r["outcome"] == "proceeded" for r in records)
    assert len({r["key"] for r in records}) == HOSTS * CHECKS
    assert Store(library_dir).mode().persona == FINAL
    assert not list(library_dir.rglob("*.corrupt-*"))


KILLS = 200


def test_a_host_killed_in_the_middle_of_writes_leaves_a_store_that_loads(library_dir):
    """SIGKILL at random moments while hosts write the mode and the audit log, and a CLI
    adds and removes a profile. The hosts are forked from this (warm) interpreter so 200
    of them fit in seconds; each runs the same `native_host.host.host.main` as a browser's."""
    import importlib

    # what a host imports after `ready`, imported here once so each child starts warm
    for name in ("logging.handlers", "native_host.host.logs", "native_host.host.handlers.check",
                 "native_host.host.handlers.outcome", "native_host.host.handlers.set_mode",
                 "native_host.install.heal", "native_host.bundles.sink",
                 "native_host.bundles.syncer"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    rng = random.Random(1)
    profile = (Path(__file__).resolve().parents[2] / "persona_profiles" /
               "small-company.json").read_bytes()
    for round_ in range(KILLS):
        as_cli = round_ % 4 == 3
        watched = library_dir / ("profiles.json" if as_cli else "state.json")
        before = file_signature(watched)
        pid, stdin_fd = _fork_writer(library_dir, as_cli, profile)
        deadline = time.monotonic() + 5
        while file_signature(watched) == before and time.monotonic() < deadline:
            time.sleep(0.001)  # until it is writing
        time.sleep(rng.uniform(0, 0.015))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(stdin_fd)
        _assert_store_loads(library_dir)
    assert not list(library_dir.rglob("*.corrupt-*"))
    assert len(list(AuditLog(library_dir).records())) > 0


def _fork_writer(folder: Path, as_cli: bool, profile: bytes) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    out_read, out_write = os.pipe()
    messages = b"".join(
        frame(m) for n in range(400) for m in (
            {"v": 1, "type": "set_mode", "id": f"m{n}", "mode": ("library", "personal")[n % 2]},
            check(f"c{n}"),
            {"v": 1, "type": "outcome", "id": f"o{n}", "check_id": f"c{n}",
             "outcome": "cancelled"}))
    pid = os.fork()
    if pid == 0:  # the child: a host (or a CLI) on these pipes
        try:
            os.close(write_fd)
            os.close(out_read)
            os.dup2(read_fd, 0)
            os.dup2(out_write, 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.environ["PERSONA_GUARD_DATA_DIR"] = str(folder)
            if as_cli:
                store = Store(folder)
                while True:
                    store.add_profile(profile, "small-company.json", org=True)
                    store.remove_profile("acme")
            from native_host.host.host import main

            main([ORIGIN], audit_interval=0.001)
        finally:
            os._exit(0)
    os.close(read_fd)
    os.close(out_write)
    # drain replies so the host never blocks on a full pipe
    threading.Thread(target=_drain, args=(out_read,), daemon=True).start()
    with contextlib.suppress(OSError):
        os.write(write_fd, frame(HELLO) + messages[:60000])
    return pid, write_fd


def _drain(fd: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 1 << 16):
            pass
    os.close(fd)


def _assert_store_loads(folder: Path) -> None:
    """Every file parses as it is (nothing to move aside) and the store reads."""
    for path in [folder / "state.json", folder / "profiles.json",
                 *sorted((folder / "audit").glob("*.json"))]:
        read_json(path)  # raises CorruptFile on a torn write
    store = Store(folder)
    store.mode()
    store.load_merged()
    list(AuditLog(folder).records())


def test_fork_frames_helper_is_native_endian():
    assert frame(b"{}")[:4] == struct.pack("=I", 2)
