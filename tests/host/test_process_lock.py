"""The store's lock (store.process_lock) excludes other processes, whichever lock they take
(this one, or filelock's, as an older version does), other threads, and is re-entrant.
HeldLock, the audit journal's, is the process's: any of its threads may release it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from native_host.store.process_lock import HeldLock, LockTimeout, ProcessLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the POSIX path (flock)")

# A child process tries the lock once, without waiting, and says what it found.
TRY_LOCK = """
import sys
from {module} import {lock} as Lock, {timeout} as Timeout
try:
    Lock(sys.argv[1], timeout=0).acquire()
except Timeout:
    print("held")
else:
    print("free")
"""
FILELOCK_TRY = TRY_LOCK.format(module="filelock", lock="FileLock", timeout="Timeout")
PROCESS_LOCK_TRY = TRY_LOCK.format(module="native_host.store.process_lock", lock="ProcessLock",
                                   timeout="LockTimeout")


def seen_from_another_process(code: str, path: Path) -> str:
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True, timeout=120).stdout.strip()


def test_held_it_keeps_out_other_processes_and_filelock_then_lets_them_in(tmp_path: Path):
    path = tmp_path / "store.lock"
    lock = ProcessLock(str(path), timeout=0)
    lock.acquire()
    lock.acquire()  # re-entrant
    assert seen_from_another_process(FILELOCK_TRY, path) == "held"
    lock.release()
    assert seen_from_another_process(PROCESS_LOCK_TRY, path) == "held"  # still held once
    lock.release()
    assert seen_from_another_process(FILELOCK_TRY, path) == "free"
    assert seen_from_another_process(PROCESS_LOCK_TRY, path) == "free"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_lock_filelock_holds_keeps_it_out(tmp_path: Path):
    from filelock import FileLock

    path = tmp_path / "store.lock"
    with FileLock(str(path), timeout=0), pytest.raises(LockTimeout):
        ProcessLock(str(path), timeout=0).acquire()


def test_another_thread_waits_for_it(tmp_path: Path):
    lock = ProcessLock(str(tmp_path / "store.lock"), timeout=0)
    lock.acquire()
    outcome: list[str] = []

    def other() -> None:
        try:
            lock.acquire()
        except LockTimeout:
            outcome.append("kept out")
        else:
            outcome.append("got it")
            lock.release()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    lock.release()
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert outcome == ["kept out", "got it"]


def test_a_held_lock_is_the_process_s_until_any_thread_releases_it(tmp_path: Path):
    path = tmp_path / "journal-abc.lock"
    lock = HeldLock(str(path), timeout=0)
    taker = threading.Thread(target=lock.acquire)
    taker.start()
    taker.join()  # the thread that took it is gone: the process still holds it
    assert seen_from_another_process(FILELOCK_TRY, path) == "held"
    assert seen_from_another_process(PROCESS_LOCK_TRY, path) == "held"
    with pytest.raises(LockTimeout):
        ProcessLock(str(path), timeout=0).acquire()  # as a recovering reader tries it
    releaser = threading.Thread(target=lock.release)
    releaser.start()
    releaser.join()
    assert seen_from_another_process(FILELOCK_TRY, path) == "free"
    assert path.stat().st_mode & 0o777 == 0o600
