"""The native messaging host manifest and the launcher it points to: the only two files a
browser reads to start the host."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Literal

from native_host.identifiers import (
    ALLOWED_GECKO_IDS,
    ALLOWED_ORIGINS,
    HOST_DESCRIPTION,
    HOST_NAME,
)

Family = Literal["chromium", "firefox"]


def host_manifest(family: Family, launcher: Path) -> dict[str, object]:
    """Chromium-family browsers list extension origins; Firefox lists add-on ids."""
    manifest: dict[str, object] = {
        "name": HOST_NAME,
        "description": HOST_DESCRIPTION,
        "path": str(launcher),
        "type": "stdio",
    }
    if family == "chromium":
        manifest["allowed_origins"] = list(ALLOWED_ORIGINS)
    else:
        manifest["allowed_extensions"] = list(ALLOWED_GECKO_IDS)
    return manifest


def manifest_bytes(manifest: dict[str, object]) -> bytes:
    """UTF-8 without a BOM: some browsers refuse a manifest that starts with one."""
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def launcher_text(python: str, env: dict[str, str] | None = None,
                  windows: bool = False) -> str:
    """A launcher that execs an absolute interpreter: no PATH lookup, no shim, so the host
    starts the same whatever the browser's environment is."""
    env = env or {}
    if windows:
        lines = ["@echo off"]
        lines += [f'set "{key}={value}"' for key, value in env.items()]
        lines.append(f'"{python}" -m native_host %*')
        return "\r\n".join(lines) + "\r\n"
    lines = ["#!/bin/sh"]
    lines += [f"{key}='{value}'; export {key}" for key, value in env.items()]
    lines.append(f"exec '{python}' -m native_host \"$@\"")
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def write_launcher(path: Path, python: str | None = None,
                   env: dict[str, str] | None = None) -> Path:
    windows = path.suffix.lower() == ".bat"
    text = launcher_text(python or sys.executable, env, windows=windows)
    write_atomic(path, text.encode("utf-8"), mode=0o755)
    return path
