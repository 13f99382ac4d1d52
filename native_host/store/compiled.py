"""`profiles.compiled`: the merged stored profiles, kept compiled beside `profiles.json`.

It is derived data, used only while it names the very `profiles.json` it was made from
(its signature: inode, modification time in nanoseconds, size; every store write
replaces the file, and so does an editor saving it by hand). Missing, unreadable, made by
another version, not the owner's own and private, damaged (a checksum over the whole
body), or naming another `profiles.json`: it is ignored, the profiles are validated and
merged as if it were not there (with the same errors for a profile that no longer
loads), and it is written again. Written atomically, owner-only (0600), only for a set
of profiles that loaded and merged whole.

The body is two pieces of `marshal` data of builtin types only (no code runs reading
it), which this interpreter reads several times faster than JSON or pickle: the
vocabulary first, so that the matcher's automaton builds on another core while the rest
is read."""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import stat
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from native_host import __version__
from native_host.profiles.matcher import Automaton, build_automaton
from native_host.store.files import atomic_write
from native_host.store.loggers import logger
from native_host.store.records import ProfileEntry

if TYPE_CHECKING:
    from native_host.profiles.format import Profile
    from native_host.profiles.view import MergedProfiles

MAGIC = b"PGCOMPILED\n"
# what else must match: the plain form's shape is this package's, marshal's this Python's
_MADE_BY = (__version__, sys.version_info[:2], marshal.version)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a profile set is validated and merged: the
    hundreds of thousands of objects it makes would each time be walked again by a
    collection they start (most of the cost of a large set's merge)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read(path: Path, signature: tuple[int, int, int] | None,
         ) -> tuple[MergedProfiles, list[ProfileEntry]] | None:
    """The merged profiles kept for the `profiles.json` of `signature`, or None."""
    if signature is None:
        return None
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not _private_and_ours(info):
                return None
            data = handle.read()
    except OSError:
        return None
    head = len(MAGIC) + 8
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    body = memoryview(data)[head:]
    if zlib.crc32(body) != int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "big"):
        return None
    first = int.from_bytes(data[len(MAGIC) + 4:head], "big")
    with collector_paused():
        try:
            made_by, for_signature, vocabulary = marshal.loads(body[:first])
            if made_by != _MADE_BY or tuple(for_signature) != tuple(signature):
                return None
            # the automaton builds on another core (without the interpreter's lock)
            # while the rest is read here
            built: dict[str, Automaton] = {}
            builder = threading.Thread(target=_build, args=(vocabulary, built),
                                       name="automaton", daemon=True)
            builder.start()
            plain, rows = marshal.loads(body[first:])
            plain["vocabulary"] = vocabulary
            builder.join()
            return (_from_plain(plain, lambda words: built.get("automaton")),
                    [ProfileEntry(*row) for row in rows])
        except (ValueError, TypeError, KeyError, EOFError, IndexError) as error:
            logger("store").warning("ignored %s (%s); the profiles are merged again",
                                    path, error)
            return None


def _build(vocabulary: list[str], into: dict[str, Automaton]) -> None:
    with contextlib.suppress(Exception):  # else from_plain builds it, and raises there
        into["automaton"] = build_automaton(vocabulary)


def write(path: Path, signature: tuple[int, int, int] | None, merged: MergedProfiles,
          entries: list[ProfileEntry], renamed: dict[str, str] | None = None) -> None:
    """Keep `merged` (made from `entries`, the stored profiles of `signature`). A failure
    costs only speed: the next load merges again. `renamed`: see compiled.to_plain."""
    from native_host.profiles.compiled import to_plain

    if signature is None:
        return
    try:
        plain = to_plain(merged, {entry.source: entry.raw for entry in entries}, renamed)
        first = marshal.dumps((_MADE_BY, tuple(signature), plain.pop("vocabulary")))
        body = first + marshal.dumps((plain, [tuple(entry) for entry in entries]))
    except (ValueError, KeyError) as error:  # not a plain form: never expected
        logger("store").warning("could not compile the profiles for %s (%s)", path, error)
        return
    try:
        atomic_write(path, MAGIC + zlib.crc32(body).to_bytes(4, "big")
                     + len(first).to_bytes(4, "big") + body)
    except OSError as error:
        logger("store").warning("could not write %s (%s); the profiles are merged at each "
                                "load meanwhile", path, error.strerror or error)


def _private_and_ours(info: os.stat_result) -> bool:
    if os.name != "posix":
        return True  # the data folder's own permissions guard it
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)


def _from_plain(plain: dict[str, Any],
                automaton: Callable[[list[str]], Automaton | None]) -> MergedProfiles:
    from native_host.profiles.compiled import from_plain

    return from_plain(plain, _load_profile, automaton)


def _load_profile(raw: str, source: str) -> Profile:
    """A stored profile's model, made only when a caller asks for it: the models (pydantic)
    stay out of a host that reads the compiled profiles."""
    from native_host.profiles.format import load_profile_bytes

    return load_profile_bytes(raw.encode("utf-8"), source)
