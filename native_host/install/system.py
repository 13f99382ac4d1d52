"""The machine the installer works on: its OS, home, environment, system root and
registry. Every path the table names is resolved through one `System`, so tests can
point it at a temporary home, a fake root and a fake registry and check macOS and
Windows locations from Linux."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from native_host.install.registry import Registry

OSName = Literal["linux", "macos", "windows"]
Scope = Literal["user", "system"]
SCOPES: tuple[Scope, ...] = ("user", "system")


def current_os() -> OSName:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


@dataclass
class System:
    os: OSName
    home: Path
    env: Mapping[str, str] = field(default_factory=dict)
    # Prefix of system-wide folders (/etc, /Library, /snap, ...): "/" on a real machine.
    root: Path = Path("/")
    registry: Registry | None = None
    which: Callable[[str], str | None] = field(default=lambda _name: None)

    @classmethod
    def current(cls, env: Mapping[str, str] | None = None) -> System:
        env = dict(os.environ if env is None else env)
        name = current_os()
        # On Windows HOME may be a Unix-style shell's; the browsers use USERPROFILE.
        names = ("USERPROFILE", "HOME") if name == "windows" else ("HOME",)
        home = Path(next((env[n] for n in names if env.get(n)), None) or Path.home())
        registry: Registry | None = None
        if name == "windows":
            from native_host.install.registry import WindowsRegistry

            registry = WindowsRegistry()
        search = env.get("PATH", os.defpath)
        return cls(os=name, home=home, env=env, registry=registry,
                   which=lambda command: _which(command, search))

    def base(self, name: str) -> Path:
        """A named base folder; names starting with "/" are system folders under `root`."""
        if name.startswith("/"):
            return self.root.joinpath(*name.strip("/").split("/"))
        env = self.env
        home = self.home
        bases = {
            "home": home,
            # Chromium-family browsers follow XDG_CONFIG_HOME on Linux; Firefox does not.
            "config": Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME")
            else home / ".config",
            "data": Path(env["XDG_DATA_HOME"]) if env.get("XDG_DATA_HOME")
            else home / ".local" / "share",
            "appsupport": home / "Library" / "Application Support",
            "localappdata": Path(env["LOCALAPPDATA"]) if env.get("LOCALAPPDATA")
            else home / "AppData" / "Local",
            "appdata": Path(env["APPDATA"]) if env.get("APPDATA")
            else home / "AppData" / "Roaming",
            "programdata": Path(env["ProgramData"]) if env.get("ProgramData")
            else self.root / "ProgramData",
        }
        return bases[name]

    def path(self, place: tuple[str, str]) -> Path:
        base, relative = place
        return self.base(base).joinpath(*relative.split("/"))


def _which(command: str, search: str) -> str | None:
    import shutil  # here: the healing thread of every host never asks (bz2, lzma: ~0.3 MB)

    return shutil.which(command, path=search)
