"""The audit log under faults, with the real host: a record acknowledged with `ok`
survives a kill -9, and a full disk (a real 1 MiB tmpfs) costs one log line per try,
tries further and further apart, and an `audit` that says records are pending."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from native_host.store.audit import AuditLog
from native_host.store.store import Store
from tests.host.conftest import PROFILES, check


def act(host, check_id) -> dict:  # type: ignore[no-untyped-def]
    host.ask(check(check_id))
    return host.ask({"v": 1, "type": "outcome", "id": f"o-{check_id}", "check_id": check_id,
                     "outcome": "proceeded"})


def test_an_acknowledged_record_survives_a_kill_9_of_the_host(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    for n in range(30):
        assert act(host, n)["type"] == "ok"
    host.proc.kill()  # SIGKILL: no goodbye, no flush
    host.proc.wait()
    assert sorted(r["check_id"] for r in AuditLog(library_dir).records()) == list(range(30))
    assert not list((library_dir / "audit").glob("journal-*"))  # moved in, then removed


def test_a_killed_hosts_records_reach_the_audit_of_a_host_still_running(library_dir,
                                                                        host_factory):
    survivor = host_factory(library_dir)
    survivor.hello()
    doomed = host_factory(library_dir)
    doomed.hello()
    for n in range(5):
        assert act(doomed, f"d{n}")["type"] == "ok"
    doomed.proc.kill()
    doomed.proc.wait()
    page = survivor.ask({"v": 1, "type": "audit", "id": "a", "limit": 50})
    assert sorted(item["check_id"] for item in page["items"]) == [f"d{n}" for n in range(5)]
    assert page["pending"] == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs: the disk that fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}); "
                    "bench/fuzz_host.py --disk-full records the figure")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
    return filler


def test_a_full_disk_is_one_line_per_try_and_audit_says_records_are_pending(
        small_disk, host_factory):
    data = small_disk / "data"
    store = Store(data)
    for name in ("public-library.json", "library-staff-personal.json"):
        store.add_profile((PROFILES / name).read_bytes(), name)
    host = host_factory(data)
    host.hello()
    assert act(host, "before")["type"] == "ok"
    host.ask({"v": 1, "type": "audit", "id": "first", "limit": 5})  # written, journal emptied
    filler = fill(small_disk)
    for n in range(5):
        assert act(host, n)["type"] == "ok"  # the person is never held up
    page = host.ask({"v": 1, "type": "audit", "id": "full", "limit": 50})
    assert page["type"] == "audit_page" and page["pending"] >= 1
    assert [item["check_id"] for item in page["items"]] == ["before"]

    deadline = time.monotonic() + 60  # a generous bound on the wait, not a time limit
    while len(_tries(host.stderr())) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    noise = host.stderr()
    tries = _tries(noise)
    assert len(tries) >= 3, noise
    assert tries == sorted(tries) and tries[-1] > tries[0]  # further and further apart
    assert "Traceback" not in noise

    filler.unlink()  # space again: everything pending reaches the log
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = host.ask({"v": 1, "type": "audit", "id": "later", "limit": 50})
        if page["pending"] == 0 and len(page["items"]) == 6:
            break
        time.sleep(0.5)
    assert page["pending"] == 0
    assert sorted(map(str, (item["check_id"] for item in page["items"]))) == [
        "0", "1", "2", "3", "4", "before"]
    assert host.close() == 0
    shutil.rmtree(data, ignore_errors=True)


def _tries(noise: str) -> list[float]:
    return [float(x) for x in re.findall(r"could not write \d+ audit records .*; next try "
                                          r"in ([\d.]+) s", noise)]
