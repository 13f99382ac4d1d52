"""Files written whole: one tolerant read, one atomic write, one move-aside of a corrupt
file, tinydb's table layout.

The store, the audit log, the bundle keys and the browsers' host manifests all write
through `atomic_write`: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any


class CorruptFile(Exception):
    pass


def read_json(path: Path) -> dict[str, Any] | None:
    """The decoded file; None when it is missing or empty. Raises CorruptFile."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorruptFile(f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise CorruptFile(f"a JSON {type(data).__name__}, not an object")
    return data


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write beside `path`, fsync, rename over it, then make the rename durable. The file
    gets `mode` (owner-only unless said otherwise); its folder is made if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # created owner-only and exclusively (what tempfile.mkstemp does, without importing
    # tempfile and random on the CLI's path), so a private file is never briefly readable
    tmp = str(path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _replace(source: str, target: Path) -> None:
    # Windows refuses to replace a file another process has open (a reader, for a few
    # milliseconds): try again briefly
    for attempt in range(20):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.01)


def move_aside(path: Path) -> Path:
    """Rename a file that cannot be read to `NAME.corrupt-TIME` beside it: nothing in it is
    lost, and the next write starts a good one. Returns the new path; raises OSError."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    return aside


def table_rows(data: dict[str, Any] | None, table: str) -> list[tuple[int, dict[str, Any]]]:
    """(doc_id, document) pairs of one table of a tinydb file, in insertion order."""
    rows = (data or {}).get(table) or {}
    if not isinstance(rows, dict):
        return []
    return sorted(((int(k), v) for k, v in rows.items() if k.isdigit() and isinstance(v, dict)),
                  key=lambda row: row[0])


def with_single(data: dict[str, Any] | None, table: str,
                doc: dict[str, Any]) -> dict[str, Any]:
    """`data` (a tinydb file's content) with `table` holding `doc` alone, as document 1:
    what tinydb's upsert of document 1 writes, for a table that only ever holds one."""
    return {**(data or {}), table: {"1": doc}}


def file_signature(path: Path | str) -> tuple[int, int, int] | None:
    """Changes whenever the file is replaced (a rename gives a new inode)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
