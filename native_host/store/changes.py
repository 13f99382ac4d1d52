"""Whether the store's folder may have changed since last asked, for less than the two
stats that say what changed (Store.signature, before every check).

On Linux an inotify watch on the folder queues an event in the same system call as the
change itself (a rename into the folder, a write, a delete), so once another process's
write has returned, `maybe()` sees it: one poll of the watch, and no stat while nothing
came. Elsewhere, or where inotify is refused (no glibc, the limit of
watches reached), and once the folder itself is moved or deleted, `maybe()` is always
True and the caller compares the signatures, as it would without a watch."""

from __future__ import annotations

import os
import select
import struct
import sys

# <sys/inotify.h>: what a change to a file in the folder, or to the folder, raises
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF = 0x400, 0x800
_IN_IGNORED = 0x8000  # always reported, as is a queue overflow (any event says "maybe")
_WATCHED = (_IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO
            | _IN_CREATE | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF)
_GONE = _IN_DELETE_SELF | _IN_MOVE_SELF | _IN_IGNORED  # the watch no longer sees the folder
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name
_READ = 64 * 1024


class FolderChanges:
    """`maybe()`: True when something in `folder` may have changed since the last call
    (or the first); False only when the watch says nothing did."""

    def __init__(self, folder: str) -> None:
        self._fd = _watch(folder)
        self._queued: select.poll | None = None  # asks without raising for nothing
        if self._fd is not None:
            self._queued = select.poll()
            self._queued.register(self._fd, select.POLLIN)

    @property
    def watching(self) -> bool:
        return self._fd is not None

    def maybe(self) -> bool:
        fd, queued = self._fd, self._queued
        if fd is None or queued is None:
            return True
        if not queued.poll(0):
            return False  # the usual case: nothing queued
        lost = False
        while True:  # everything queued counts, however many reads it takes
            try:
                data = os.read(fd, _READ)
            except BlockingIOError:
                break
            except OSError:
                lost = True
                break
            lost = lost or _lost(data)
            if not queued.poll(0):
                break
        if lost:
            self.close()  # from now on every call says "maybe"
        return True

    def __del__(self) -> None:  # a watch is one of the user's few inotify instances
        self.close()

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            self._queued = None
            os.close(fd)


def _lost(data: bytes) -> bool:
    """Whether the events in `data` say the watch no longer sees the folder."""
    offset = 0
    while offset + _EVENT.size <= len(data):
        _wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
        if mask & _GONE:
            return True
        offset += _EVENT.size + length
    return False


def _watch(folder: str) -> int | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)  # IN_NONBLOCK, IN_CLOEXEC
    except (OSError, AttributeError):  # not glibc
        return None
    if fd < 0:
        return None
    if libc.inotify_add_watch(fd, os.fsencode(folder), _WATCHED) < 0:
        os.close(fd)
        return None
    return int(fd)
