"""The native messaging host manifest and the launcher it points to: the only two files a
browser reads to start the host."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Literal

from native_host.identifiers import HOST_DESCRIPTION, HOST_NAME
from native_host.store.allowed_ids import AllowedIds
from native_host.store.files import atomic_write

Family = Literal["chromium", "firefox"]


def host_manifest(family: Family, launcher: Path,
                  allowed: AllowedIds | None = None) -> dict[str, object]:
    """Chromium-family browsers list extension origins; Firefox lists add-on ids. `allowed`
    adds store-assigned IDs (`install --extension-id`) to the built-in ones."""
    allowed = allowed or AllowedIds()
    manifest: dict[str, object] = {
        "name": HOST_NAME,
        "description": HOST_DESCRIPTION,
        "path": str(launcher),
        "type": "stdio",
    }
    if family == "chromium":
        manifest["allowed_origins"] = allowed.origins
    else:
        manifest["allowed_extensions"] = allowed.gecko_ids
    return manifest


def manifest_bytes(manifest: dict[str, object]) -> bytes:
    """UTF-8 without a BOM: some browsers refuse a manifest that starts with one."""
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def _sh_quote(text: str) -> str:
    """Always single-quote, so the launcher reads the same whatever the path holds."""
    return "'" + text.replace("'", "'\\''") + "'"


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
    lines += [f"{key}={_sh_quote(value)}; export {key}" for key, value in env.items()]
    lines.append(f'exec {_sh_quote(python)} -m native_host "$@"')
    return "\n".join(lines) + "\n"


def write_launcher(path: Path, python: str | None = None,
                   env: dict[str, str] | None = None) -> Path:
    windows = path.suffix.lower() == ".bat"
    text = launcher_text(python or sys.executable, env, windows=windows)
    atomic_write(path, text.encode("utf-8"), mode=0o755)
    return path


def launcher_python(path: Path) -> str | None:
    """The interpreter a launcher written by `write_launcher` execs, or None when the
    file is not one of ours."""
    for line in _launcher_lines(path):
        if line.startswith('"') and '" -m native_host' in line:
            return line[1:line.index('" -m native_host')]
        if line.startswith("exec "):
            try:
                words = shlex.split(line)
            except ValueError:
                return None
            if words[2:4] == ["-m", "native_host"]:
                return words[1]
    return None


def launcher_env(path: Path) -> dict[str, str]:
    """The environment a launcher written by `write_launcher` sets, so heal keeps it."""
    env: dict[str, str] = {}
    for line in _launcher_lines(path):
        if line.startswith('set "') and "=" in line:
            key, _, value = line[len('set "'):].rstrip('"').partition("=")
            env[key] = value
        elif "; export " in line:
            assignment, _, name = line.rpartition("; export ")
            try:
                words = shlex.split(assignment)
            except ValueError:
                continue
            if len(words) == 1 and words[0].startswith(name + "="):
                env[name] = words[0][len(name) + 1:]
    return env


def _launcher_lines(path: Path) -> list[str]:
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return []
