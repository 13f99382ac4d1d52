"""Self-healing: a stale launcher path is rewritten on the next host start; a working
registration is left byte for byte as it was."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import time
from pathlib import Path

from native_host.install.browsers import by_name, launcher_path, location
from native_host.install.heal import heal_manifests
from native_host.install.installer import install
from native_host.install.manifest import launcher_env, launcher_python
from tests.install.conftest import cli_env, fake_system, needs_host


def test_heal_rewrites_a_launcher_whose_interpreter_is_gone_with_fake_home(
        tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    chromium = by_name("chromium")
    assert chromium
    install(system, [chromium], "user", str(tmp_path / "moved-venv/bin/python"),
            {"PERSONA_GUARD_DATA_DIR": "/srv/pg"})
    healed = heal_manifests(system, python=sys.executable)
    manifest = location(system, chromium, "user").manifest
    assert healed == [manifest]
    launcher = Path(json.loads(manifest.read_text("utf-8"))["path"])
    assert launcher == launcher_path(system, "user")
    assert launcher_python(launcher) == sys.executable
    assert launcher_env(launcher) == {"PERSONA_GUARD_DATA_DIR": "/srv/pg"}


def test_heal_rewrites_a_manifest_path_that_points_nowhere_with_fake_home(
        tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    firefox = by_name("firefox")
    assert firefox
    install(system, [firefox], "user", sys.executable)
    manifest = location(system, firefox, "user").manifest
    data = json.loads(manifest.read_text("utf-8"))
    data["path"] = "/opt/old-place/persona-guard-host"
    manifest.write_text(json.dumps(data), "utf-8")
    assert heal_manifests(system, python=sys.executable) == [manifest]
    data = json.loads(manifest.read_text("utf-8"))
    assert data["path"] == str(launcher_path(system, "user"))
    assert data["allowed_extensions"] == ["persona-guard@personaguard.org"]


def test_heal_leaves_a_working_registration_untouched_with_fake_home(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    chromium = by_name("chromium")
    assert chromium
    install(system, [chromium], "user", sys.executable)
    manifest = location(system, chromium, "user").manifest
    before = manifest.read_bytes(), manifest.stat().st_mtime_ns
    assert heal_manifests(system, python="/somewhere/else/python") == []
    assert (manifest.read_bytes(), manifest.stat().st_mtime_ns) == before


def test_heal_follows_the_registry_with_fake_registry(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "windows")
    edge = by_name("edge")
    assert edge
    install(system, [edge], "user", str(tmp_path / "gone" / "python.exe"))
    healed = heal_manifests(system, python=sys.executable)
    assert healed == [location(system, edge, "user").manifest]
    assert launcher_python(launcher_path(system, "user")) == sys.executable


def test_heal_never_raises_on_a_broken_manifest_with_fake_home(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    chromium = by_name("chromium")
    assert chromium
    manifest = location(system, chromium, "user").manifest
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{not json", "utf-8")
    assert heal_manifests(system, python=sys.executable) == []


@needs_host
def test_a_real_host_start_heals_a_stale_manifest(home: Path, run_cli) -> None:
    assert run_cli("install").returncode == 0
    stale = home / ".config/chromium/NativeMessagingHosts/org.personaguard.host.json"
    data = json.loads(stale.read_text("utf-8"))
    good_path = data["path"]
    data["path"] = "/opt/removed/persona-guard-host"
    stale.write_text(json.dumps(data), "utf-8")
    # Firefox's registration still works: the host it starts heals Chromium's.
    firefox = home / ".mozilla/native-messaging-hosts/org.personaguard.host.json"
    process = subprocess.Popen(
        [good_path, str(firefox), "persona-guard@personaguard.org"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=cli_env(home))
    try:
        hello = json.dumps({"v": 1, "type": "hello", "id": "h1", "extension_version": "0",
                            "browser": "firefox", "policy": {}}).encode()
        assert process.stdin and process.stdout
        process.stdin.write(len(hello).to_bytes(4, sys.byteorder) + hello)
        process.stdin.flush()
        length = int.from_bytes(process.stdout.read(4), sys.byteorder)
        assert json.loads(process.stdout.read(length))["type"] == "ready"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if json.loads(stale.read_text("utf-8"))["path"] == good_path:
                break
            time.sleep(0.05)
        assert json.loads(stale.read_text("utf-8"))["path"] == good_path
        assert stat.S_IMODE(stale.stat().st_mode) == 0o644
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(10)
