"""A real install on this Linux machine into a temporary HOME, through the real CLI:
files, modes and bytes as the browsers read them; idempotence; an uninstall that
leaves the home exactly as it was; clean errors."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

from native_host.install.manifest import launcher_python
from tests.install.conftest import MANIFEST, cli_env, tree

CHROMIUM = Path(".config/chromium/NativeMessagingHosts") / MANIFEST
FIREFOX = Path(".mozilla/native-messaging-hosts") / MANIFEST
LAUNCHER = Path(".local/share/persona-guard/native-host/persona-guard-host")


def test_real_install_into_temporary_home_writes_manifests_and_launcher(
        home: Path, run_cli) -> None:
    done = run_cli("install")
    assert done.returncode == 0, done.stderr
    assert "Load unpacked" in done.stdout and "persona-guard doctor" in done.stdout
    for relative, key, value in (
            (CHROMIUM, "allowed_origins", ["chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei/"]),
            (FIREFOX, "allowed_extensions", ["persona-guard@personaguard.org"])):
        manifest = home / relative
        raw = manifest.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        data = json.loads(raw.decode("utf-8"))
        assert data["name"] == "org.personaguard.host" and data["type"] == "stdio"
        assert data[key] == value
        assert data["path"] == str(home / LAUNCHER)
        assert stat.S_IMODE(manifest.stat().st_mode) == 0o644
    launcher = home / LAUNCHER
    assert stat.S_IMODE(launcher.stat().st_mode) == 0o755
    text = launcher.read_text("utf-8")
    assert text.startswith("#!/bin/sh\n")
    assert f"PERSONA_GUARD_DATA_DIR='{home.parent / 'data'}'" in text
    python = launcher_python(launcher)
    assert python == os.path.abspath(sys.executable) and os.path.isabs(python)
    # Only the browsers found here (Debian's chromium and firefox-esr) got a manifest.
    search = cli_env(home)["PATH"]
    for command, folder in (("google-chrome", ".config/google-chrome"),
                            ("microsoft-edge", ".config/microsoft-edge"),
                            ("librewolf", ".librewolf")):
        if not shutil.which(command, path=search):
            assert not (home / folder).exists(), folder


def test_second_install_changes_nothing(home: Path, run_cli) -> None:
    assert run_cli("install").returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in (home / CHROMIUM, home / FIREFOX, home / LAUNCHER)}
    again = run_cli("install")
    assert again.returncode == 0
    lines = [line for line in again.stdout.splitlines() if line.startswith(("wrote", "unch"))]
    assert lines and all(line.startswith("unchanged") for line in lines)
    assert stamps == {p: p.stat().st_mtime_ns for p in stamps}


def test_install_rewrites_a_manifest_someone_edited(home: Path, run_cli) -> None:
    assert run_cli("install", "--browser", "chromium").returncode == 0
    (home / CHROMIUM).write_text("{}", "utf-8")
    done = run_cli("install", "--browser", "chromium")
    assert f"wrote        {home / CHROMIUM}" in done.stdout
    assert json.loads((home / CHROMIUM).read_text("utf-8"))["name"] == "org.personaguard.host"


def test_uninstall_leaves_nothing_behind(home: Path, run_cli) -> None:
    before = tree(home)
    assert run_cli("install", "--browser", "all").returncode == 0
    assert (home / ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts" / MANIFEST).exists()
    done = run_cli("uninstall")
    assert done.returncode == 0, done.stderr
    assert tree(home) == before
    again = run_cli("uninstall")
    assert again.returncode == 0 and "Nothing to remove" in again.stdout


def test_uninstall_of_one_browser_keeps_the_others(home: Path, run_cli) -> None:
    assert run_cli("install").returncode == 0
    assert run_cli("uninstall", "--browser", "firefox").returncode == 0
    assert not (home / FIREFOX).exists() and not (home / ".mozilla").exists()
    assert (home / CHROMIUM).is_file() and (home / LAUNCHER).is_file()


def test_bad_browser_name_is_a_clean_error(run_cli) -> None:
    done = run_cli("install", "--browser", "safari")
    assert done.returncode == 2
    assert "persona-guard install: --browser: 'safari' is not a browser" in done.stderr
    assert "fix: use one of: chrome, chromium, edge, brave, vivaldi, firefox, librewolf" in (
        done.stderr)
    assert "Traceback" not in done.stderr


def test_bad_python_is_a_clean_error(run_cli) -> None:
    done = run_cli("install", "--python", "python3")
    assert done.returncode == 2
    assert "--python: 'python3' is not an absolute path" in done.stderr
    assert "Traceback" not in done.stderr


def test_unwritable_folder_is_a_clean_error(home: Path, run_cli) -> None:
    (home / ".config" / "chromium").write_text("a file where a folder belongs", "utf-8")
    done = run_cli("install", "--browser", "chromium")
    assert done.returncode == 2
    assert "cannot be written" in done.stderr and "fix:" in done.stderr
    assert "Traceback" not in done.stderr
