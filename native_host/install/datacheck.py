"""`doctor`'s look at the data folder the host will use (the launcher's
PERSONA_GUARD_DATA_DIR, else the per-user default): it exists or can be created, a file
can be written in it, and its disk has room. Each failure comes with its fix."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

MIN_FREE = 20 * 1024 * 1024  # the store, a few audit segments and the rotated logs


class Finding(NamedTuple):
    ok: bool
    detail: str
    fix: str = ""


def check_data_folder(folder: Path, install: str) -> Finding:
    elsewhere = f"{install} --data-dir ~/persona-guard-data (a folder you may write)"
    if folder.exists() and not folder.is_dir():
        return Finding(False, f"data folder {folder} is a file, not a folder",
                       f"move that file away, or choose another folder: {elsewhere}")
    created = _make(folder)
    if isinstance(created, str):
        return Finding(False, f"data folder {folder} cannot be created ({created})",
                       f"choose another folder: {elsewhere}")
    try:
        problem = _write_problem(folder)
        free = shutil.disk_usage(folder).free
    finally:
        for path in reversed(created):  # leave the disk as it was
            with contextlib.suppress(OSError):
                path.rmdir()
    if problem:
        return Finding(False, f"data folder {folder} is not writable ({problem})",
                       f"make it writable by you (chmod u+rwx '{folder}'), or choose "
                       f"another folder: {elsewhere}")
    if free < MIN_FREE:
        return Finding(False, f"data folder {folder}: only {free // 1024} KiB free on its "
                       "disk, so the mode and the audit log cannot be saved",
                       f"free some space on that disk, or choose a folder on another disk: "
                       f"{elsewhere}")
    state = "can be created" if created else "exists"
    return Finding(True, f"data folder {folder} {state}, is writable, "
                   f"{free // (1024 * 1024)} MiB free")


def _make(folder: Path) -> list[Path] | str:
    """Create `folder` and the parents it lacks; returns those created (to remove after
    the check), or what went wrong."""
    missing: list[Path] = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    created: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as error:
            for made in reversed(created):
                with contextlib.suppress(OSError):
                    made.rmdir()
            return error.strerror or str(error)
        created.append(path)
    return created


def _write_problem(folder: Path) -> str | None:
    """Write and remove a file, as the store does: os.access is not enough (root)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".doctor-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as error:
        return error.strerror or str(error)
    return None
