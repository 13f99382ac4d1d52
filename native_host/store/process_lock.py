"""The store's cross-process lock. On POSIX it is `fcntl.flock` on the lock file, exactly
what filelock's UnixFileLock takes (so processes of an older version and of this one
exclude each other), without importing filelock, which costs every CLI command that
writes about 30 ms of start (its own modules, `dataclasses`, `secrets`, `platform`).
Elsewhere (Windows), and on a file system without flock, it is filelock's FileLock.

Like FileLock: re-entrant, and held per thread (two threads of one process exclude each
other, each through its own descriptor). `HeldLock` is the one taken by a process, not a
thread (FileLock's `thread_local=False`): the audit journal's, held for a host's life."""

from __future__ import annotations

import _thread  # what threading builds on; threading itself costs the CLI ~1 ms of start
import contextlib
import errno
import os
import time

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

POLL_SECONDS = 0.05  # as filelock


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""

    def __init__(self, path: str) -> None:
        super().__init__(f"another process holds the lock {path}")
        self.path = path


class ProcessLock:
    """Raises LockTimeout after `timeout` seconds (0: at once) of another's hold."""

    def __init__(self, path: str, timeout: float, mode: int = 0o600) -> None:
        self.path, self.timeout, self.mode = path, timeout, mode
        self._held: dict[int, list[int]] = {}  # thread id -> [fd, depth]: that thread's hold
        self._filelock: Any = None
        if os.name != "posix":
            self._use_filelock()

    def _use_filelock(self) -> None:
        from filelock import FileLock

        self._filelock = FileLock(self.path, timeout=self.timeout, mode=self.mode)

    def __enter__(self) -> ProcessLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Raises LockTimeout, or OSError when the lock file cannot be opened."""
        if self._filelock is not None:
            from filelock import Timeout

            try:
                self._filelock.acquire()
            except Timeout:
                raise LockTimeout(self.path) from None
            return
        held = self._held.get(_thread.get_ident())
        if held:
            held[1] += 1
            return
        fd = _flock(self.path, self.mode, self.timeout)
        if fd is None:
            self._use_filelock()  # no flock here: filelock falls back on a marker file
            self.acquire()
            return
        self._held[_thread.get_ident()] = [fd, 1]

    def release(self) -> None:
        if self._filelock is not None:
            self._filelock.release()
            return
        held = self._held.get(_thread.get_ident())
        if not held:
            return
        held[1] -= 1
        if held[1] == 0:
            _unlock(self._held.pop(_thread.get_ident())[0])


class HeldLock:
    """Held by the process, whichever thread takes or releases it; not re-entrant. The
    same flock as ProcessLock and filelock (`thread_local=False` there)."""

    def __init__(self, path: str, timeout: float, mode: int = 0o600) -> None:
        self.path, self.timeout, self.mode = path, timeout, mode
        self._fd: int | None = None
        self._filelock: Any = None

    def acquire(self) -> None:
        """Raises LockTimeout, or OSError when the lock file cannot be opened."""
        if os.name == "posix" and self._filelock is None:
            self._fd = _flock(self.path, self.mode, self.timeout)
            if self._fd is not None:
                return
        from filelock import FileLock, Timeout

        if self._filelock is None:
            self._filelock = FileLock(self.path, timeout=self.timeout, mode=self.mode,
                                      thread_local=False)
        try:
            self._filelock.acquire()
        except Timeout:
            raise LockTimeout(self.path) from None

    def release(self) -> None:
        if self._filelock is not None:
            self._filelock.release()
        elif self._fd is not None:
            fd, self._fd = self._fd, None
            _unlock(fd)


def _flock(path: str, mode: int, timeout: float) -> int | None:
    """The descriptor of `path`, locked (flock), or None where flock is not supported.
    Raises LockTimeout after `timeout` seconds of another's hold."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, mode)
    with contextlib.suppress(OSError):  # not ours to change: it locks all the same
        os.fchmod(fd, mode)  # a file an older version left looser
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockTimeout(path) from None
            time.sleep(POLL_SECONDS)
        except OSError as error:
            os.close(fd)
            if error.errno != errno.ENOSYS:
                raise
            return None
        except BaseException:
            os.close(fd)
            raise


def _unlock(fd: int) -> None:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
