"""Self-healing: each host start looks at this machine's installed manifests and, where
one points at a launcher that is gone or runs an interpreter that is gone (a moved or
rebuilt virtual environment), rewrites the launcher and the manifest's path to the
interpreter running now. Working registrations are never touched.

The host imports this module right after `ready`, so it imports only the standard
library at the top; the table loads on the healing thread."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from native_host.install.browsers import RegistryEntry
    from native_host.install.manifest import Family
    from native_host.install.system import Scope, System


def start() -> threading.Thread:
    """Heal on a daemon thread: never in the way of the host's first reply."""
    thread = threading.Thread(target=heal_manifests, name="heal-manifests", daemon=True)
    thread.start()
    return thread


def heal_manifests(system: System | None = None, python: str | None = None) -> list[Path]:
    """Rewrite stale registrations; returns the manifests rewritten. Never raises: a
    host must start even when a folder is unreadable or not ours to write."""
    try:
        from native_host.install.browsers import BROWSERS, location
        from native_host.install.system import SCOPES, System

        system = system or System.current()
        python = python or sys.executable
        healed: list[Path] = []
        for scope in SCOPES:
            for browser in BROWSERS:
                place = location(system, browser, scope)
                manifest = _installed_manifest(system, place.manifest, place.registry)
                if manifest is None or manifest in healed:
                    continue
                try:
                    if _heal_one(system, manifest, browser.family, scope, python):
                        healed.append(manifest)
                except (OSError, ValueError):
                    continue  # unreadable, not JSON, or a folder we may not write: doctor's job
        return healed
    except Exception:
        return []


def _installed_manifest(system: System, default: Path,
                        registry: tuple[RegistryEntry, ...]) -> Path | None:
    if registry and system.registry is not None:
        for entry in registry:
            value = system.registry.get_default(entry.hive, entry.key)
            if value and Path(value).is_file():
                return Path(value)
        return None
    return default if default.is_file() else None


def _heal_one(system: System, manifest: Path, family: Family, scope: Scope,
              python: str) -> bool:
    from native_host.identifiers import DATA_DIR_ENV, HOST_NAME
    from native_host.install.browsers import launcher_path
    from native_host.install.manifest import (
        host_manifest,
        launcher_env,
        manifest_bytes,
        write_launcher,
    )
    from native_host.store.files import atomic_write

    data = json.loads(manifest.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("name") != HOST_NAME:
        return False
    current = Path(str(data.get("path") or ""))
    if system.os == "windows" and not current.is_absolute():
        current = manifest.parent / current  # Windows reads a relative path that way
    if _works(system, current):
        return False
    launcher = launcher_path(system, scope)
    env = launcher_env(current) or launcher_env(launcher)
    if not env and os.environ.get(DATA_DIR_ENV):
        env = {DATA_DIR_ENV: os.environ[DATA_DIR_ENV]}
    write_launcher(launcher, python, env)
    from native_host.paths import data_dir
    from native_host.store.allowed_ids import load

    folder = Path(env[DATA_DIR_ENV]) if env.get(DATA_DIR_ENV) else data_dir()
    atomic_write(manifest, manifest_bytes(host_manifest(family, launcher, load(folder))), 0o644)
    return True


def _works(system: System, command: Path) -> bool:
    from native_host.install.manifest import launcher_python

    if not command.is_absolute() or not command.is_file():
        return False
    if system.os != "windows" and not os.access(command, os.X_OK):
        return False
    python = launcher_python(command)
    return python is None or os.access(python, os.X_OK)
