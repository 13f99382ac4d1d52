"""Keeping the host small: a browser keeps one host per profile running all day."""

from __future__ import annotations

import sys

_M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas() -> None:
    """glibc gives each thread that allocates a malloc arena of its own; the host's few
    threads (stdin reader, warm-up, audit writer) then hold about 1.5 MB of RSS for
    nothing. One arena is plenty: the host's threads rarely allocate at the same time.
    Must run before the first thread starts. Elsewhere (macOS, Windows, musl) a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc
        pass


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's malloc_trim): loading the
    profiles leaves megabytes of freed garbage that malloc would otherwise keep resident
    all day. Cheap (about a millisecond); run after each load. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
