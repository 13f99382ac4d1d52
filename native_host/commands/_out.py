"""The folder a command writes into (`--out DIR`): created when missing, refused with the
reason and a fix when it is a file or cannot be created or written."""

from __future__ import annotations

import os
from pathlib import Path

from native_host.errors import InputError


def output_folder(path: Path, flag: str = "--out") -> Path:
    if path.exists() and not path.is_dir():
        raise InputError(flag, f"'{path}' is a file, not a folder",
                         "give a folder (it is created when missing), e.g. --out ./out")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(flag, f"'{path}' cannot be created ({error.strerror or error})",
                         "give a folder you may write, e.g. --out ./out") from None
    if not os.access(path, os.W_OK):
        raise InputError(flag, f"'{path}' is not writable",
                         "give a folder you may write, e.g. --out ./out")
    return path
