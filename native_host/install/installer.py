"""Install and uninstall: write the launcher and one manifest per browser (plus the
registry keys on Windows), or take them away again. Both are idempotent: a second run
changes nothing and says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from native_host.errors import InputError
from native_host.install.browsers import (
    BROWSER_NAMES,
    BROWSERS,
    Browser,
    Location,
    by_name,
    is_present,
    launcher_path,
    location,
    own_folder,
)
from native_host.install.manifest import (
    host_manifest,
    launcher_text,
    manifest_bytes,
)
from native_host.install.registry import Registry
from native_host.install.system import Scope, System
from native_host.store.allowed_ids import AllowedIds
from native_host.store.files import atomic_write


@dataclass(frozen=True)
class Change:
    verb: str  # wrote, unchanged, registered, removed, unregistered
    target: str

    def __str__(self) -> str:
        return f"{self.verb:<12} {self.target}"


def select_browsers(system: System, names: Sequence[str] | None,
                    default_all: bool = False) -> list[Browser]:
    """The browsers named on the command line; without names, the ones present on this
    machine (install) or every one (uninstall)."""
    if not names:
        if default_all:
            return list(BROWSERS)
        present = [b for b in BROWSERS if is_present(system, b)]
        if not present:
            raise InputError(
                "browsers", f"none of {', '.join(BROWSER_NAMES)} was found on this machine",
                "install a browser and start it once, or name one: "
                "persona-guard install --browser chromium (or --browser all)")
        return present
    chosen: list[Browser] = []
    for name in names:
        if name.lower() == "all":
            return list(BROWSERS)
        browser = by_name(name.lower())
        if browser is None:
            raise InputError("--browser", f"'{name}' is not a browser Persona Guard knows",
                             f"use one of: {', '.join(BROWSER_NAMES)}, or all")
        if browser not in chosen:
            chosen.append(browser)
    return chosen


def install(system: System, browsers: Sequence[Browser], scope: Scope, python: str,
            env: dict[str, str] | None = None,
            allowed: AllowedIds | None = None) -> list[Change]:
    launcher = launcher_path(system, scope)
    windows = system.os == "windows"
    changes = [_write(launcher, launcher_text(python, env, windows=windows).encode("utf-8"),
                      0o755, scope)]
    written: set[Path] = set()
    for browser in browsers:
        place = location(system, browser, scope)
        if place.manifest not in written:
            data = manifest_bytes(host_manifest(browser.family, launcher, allowed))
            changes.append(_write(place.manifest, data, 0o644, scope))
            written.add(place.manifest)
        for entry in place.registry:
            registry = _registry(system)
            if registry.get_default(entry.hive, entry.key) == str(place.manifest):
                changes.append(Change("unchanged", str(entry)))
                continue
            try:
                registry.set_default(entry.hive, entry.key, str(place.manifest))
            except PermissionError:
                raise _denied(str(entry), scope) from None
            changes.append(Change("registered", f"{entry} = {place.manifest}"))
    return changes


def uninstall(system: System, browsers: Sequence[Browser], scope: Scope) -> list[Change]:
    """Remove what `install` wrote for these browsers. A file or key another, still
    registered browser shares (Windows) stays; the launcher goes with the last browser."""
    others = [location(system, b, scope) for b in BROWSERS if b not in browsers]
    others = [place for place in others if is_registered(system, place)]
    keep_files = {place.manifest for place in others}
    keep_keys = {entry for place in others for entry in place.registry}
    changes: list[Change] = []
    for browser in browsers:
        place = location(system, browser, scope)
        for entry in place.registry:
            if entry not in keep_keys and _registry(system).delete_key(entry.hive, entry.key):
                changes.append(Change("unregistered", str(entry)))
        if place.manifest not in keep_files and _remove(place.manifest, place.base, scope):
            changes.append(Change("removed", str(place.manifest)))
    if not others:
        launcher = launcher_path(system, scope)
        _folder, base = own_folder(system, scope)
        if _remove(launcher, base, scope):
            changes.append(Change("removed", str(launcher)))
    return changes


def is_registered(system: System, place: Location) -> bool:
    if place.registry:
        registry = _registry(system)
        return any(registry.get_default(e.hive, e.key) for e in place.registry)
    return place.manifest.is_file()


def _registry(system: System) -> Registry:
    if system.registry is None:
        raise InputError("registry", "the Windows registry cannot be opened here",
                         "run persona-guard install on Windows itself")
    return system.registry


def _write(path: Path, data: bytes, mode: int, scope: Scope) -> Change:
    try:
        if path.is_file() and path.read_bytes() == data and (path.stat().st_mode & 0o777) == mode:
            return Change("unchanged", str(path))
        atomic_write(path, data, mode)
    except PermissionError:
        raise _denied(str(path), scope) from None
    except OSError as error:
        raise InputError(str(path), f"cannot be written ({error.strerror or error})",
                         "check that the folder is writable and the disk is not full") from None
    return Change("wrote", str(path))


def _remove(path: Path, base: Path, scope: Scope) -> bool:
    """Delete the file, then every folder between it and `base` that is left empty."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except PermissionError:
        raise _denied(str(path), scope) from None
    folder = path.parent
    while folder != base and base in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (the browser's own files), or not ours to remove
            break
        folder = folder.parent
    return True


def _denied(target: str, scope: Scope) -> InputError:
    if scope == "system":
        return InputError(target, "permission denied: the system scope writes where only "
                          "an administrator may", "run it as root or administrator "
                          "(sudo persona-guard ... --scope system), or use --scope user")
    return InputError(target, "permission denied",
                      "check who owns that folder; this command needs no root for --scope user")
