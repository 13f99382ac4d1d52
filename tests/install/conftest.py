"""Shared helpers for the installer tests: a realistic temporary home, the CLI run as a
real process in it, and fake systems for macOS and Windows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from native_host.install.registry import FakeRegistry
from native_host.install.system import OSName, System
from tests.conftest import REPO

HOST_BUILT = (REPO / "native_host" / "__main__.py").is_file()
needs_host = pytest.mark.skipif(not HOST_BUILT, reason="python -m native_host is not built")

MANIFEST = "org.personaguard.host.json"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home as a desktop login leaves it: ~/.config and ~/.local/share exist."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".local" / "share").mkdir(parents=True)
    return home


def cli_env(home: Path, data_dir: Path | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "PERSONA_GUARD_"))}
    env["HOME"] = str(home)
    # Debian's chromium and firefox-esr are in /usr/bin: both count as present.
    env["PATH"] = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    env["PERSONA_GUARD_DATA_DIR"] = str(data_dir or home.parent / "data")
    return env


@pytest.fixture
def run_cli(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "native_host.cli", *args],
                              capture_output=True, text=True, env=cli_env(home),
                              cwd=REPO, timeout=timeout, check=False)
    return run


EXISTING: dict[str, tuple[str, ...]] = {
    "linux": ("~/.config", "~/.local/share", "/etc/opt", "/usr/lib", "/usr/local/lib"),
    "macos": ("~/Library/Application Support", "/Library/Application Support"),
    "windows": ("~/AppData/Local", "~/AppData/Roaming", "/ProgramData"),
}


def fake_system(tmp_path: Path, os_name: OSName, commands: tuple[str, ...] = ()) -> System:
    """A machine of another OS inside tmp_path: its home, system root and registry."""
    home = tmp_path / "home"
    root = tmp_path / "root"
    home.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    env: dict[str, str] = {}
    if os_name == "windows":
        env = {"LOCALAPPDATA": str(home / "AppData" / "Local"),
               "APPDATA": str(home / "AppData" / "Roaming"),
               "ProgramData": str(root / "ProgramData")}
    # The folders every such machine already has, so uninstall can be checked to
    # leave the tree exactly as it found it.
    for folder in EXISTING[os_name]:
        (home if folder.startswith("~/") else root).joinpath(folder[2:] if folder.startswith(
            "~/") else folder.lstrip("/")).mkdir(parents=True, exist_ok=True)
    found = {name: f"/usr/bin/{name}" for name in commands}
    return System(os=os_name, home=home, env=env, root=root,
                  registry=FakeRegistry() if os_name == "windows" else None,
                  which=found.get)


def tree(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}
