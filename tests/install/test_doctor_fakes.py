"""Doctor diagnoses that need another machine: Snap and Flatpak browsers, a Windows
registry key that points nowhere, macOS paths. Checked through a fake root, fake home
and fake registry."""

from __future__ import annotations

import sys
from pathlib import Path

from native_host.install.browsers import by_name
from native_host.install.doctor import NOT_FOUND, browsers_to_check, diagnose, render
from native_host.install.installer import install
from tests.install.conftest import fake_system


def test_doctor_recognises_a_snap_chromium_with_fake_root(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    (system.root / "snap" / "bin").mkdir(parents=True)
    (system.root / "snap" / "bin" / "chromium").write_text("", "utf-8")
    chromium = by_name("chromium")
    assert chromium and chromium in browsers_to_check(system, None)
    report = diagnose(system, chromium)
    assert not report.ok
    step = report.steps[-1]
    assert step.name == "sandbox" and "Snap 'chromium'" in step.detail
    assert "cannot start programs outside its sandbox" in step.detail
    assert "instead of the Snap/Flatpak" in step.fix
    assert "persona-guard install --browser chromium" in step.fix


def test_doctor_recognises_a_flatpak_firefox_with_fake_home(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    (system.home / ".local/share/flatpak/app/org.mozilla.firefox").mkdir(parents=True)
    firefox = by_name("firefox")
    assert firefox
    text = render([diagnose(system, firefox)], system)
    assert "Flatpak 'org.mozilla.firefox'" in text and "FAIL  sandbox" in text


def test_doctor_notes_a_snap_beside_a_native_browser_with_fake_root(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux", commands=("chromium",))
    (system.root / "snap" / "chromium").mkdir(parents=True)
    chromium = by_name("chromium")
    assert chromium
    report = diagnose(system, chromium, roundtrip=False)
    assert report.steps[0].name == "manifest"  # the native one is checked as usual
    assert any("only the non-sandboxed one" in note for note in report.notes)


def test_doctor_windows_key_pointing_nowhere_with_fake_registry(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "windows")
    chrome = by_name("chrome")
    assert chrome and system.registry
    install(system, [chrome], "user", sys.executable)
    manifest = Path(system.registry.get_default(
        "HKCU", r"Software\Google\Chrome\NativeMessagingHosts\org.personaguard.host") or "")
    manifest.unlink()
    report = diagnose(system, chrome, roundtrip=False)
    step = report.steps[-1]
    assert not step.ok and step.browser_error == NOT_FOUND
    assert "points to" in step.detail and "does not exist" in step.detail
    assert step.fix == "persona-guard install --browser chrome"


def test_doctor_windows_missing_key_with_fake_registry(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "windows")
    edge = by_name("edge")
    assert edge
    step = diagnose(system, edge, roundtrip=False).steps[-1]
    assert "no registry key" in step.detail
    assert r"HKCU\Software\Microsoft\Edge\NativeMessagingHosts\org.personaguard.host" in (
        step.detail)


def test_doctor_files_pass_on_macos_with_fake_home(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "macos")
    brave = by_name("brave")
    assert brave
    install(system, [brave], "user", sys.executable)
    report = diagnose(system, brave, roundtrip=False)
    assert report.ok, render([report], system)
    assert "BraveSoftware/Brave-Browser/NativeMessagingHosts" in str(report.manifest)
