"""The browser x OS x scope table, checked against golden locations. Linux, macOS and
Windows are all resolved here through fake homes, fake roots and a fake registry, so
these run on any machine; the real Linux install is in test_install_real.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from native_host.errors import InputError
from native_host.install.browsers import BROWSERS, by_name, launcher_path, location
from native_host.install.installer import install, select_browsers, uninstall
from native_host.install.manifest import launcher_env, launcher_python
from native_host.install.system import System
from tests.install.conftest import MANIFEST, fake_system, tree

# (os, scope, browser) -> folder; "~" is the home, "/" the system root.
GOLDEN_FOLDERS = {
    ("linux", "user", "chrome"): "~/.config/google-chrome/NativeMessagingHosts",
    ("linux", "user", "chromium"): "~/.config/chromium/NativeMessagingHosts",
    ("linux", "user", "edge"): "~/.config/microsoft-edge/NativeMessagingHosts",
    ("linux", "user", "brave"): "~/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ("linux", "user", "vivaldi"): "~/.config/vivaldi/NativeMessagingHosts",
    ("linux", "user", "firefox"): "~/.mozilla/native-messaging-hosts",
    ("linux", "user", "librewolf"): "~/.librewolf/native-messaging-hosts",
    ("linux", "system", "chrome"): "/etc/opt/chrome/native-messaging-hosts",
    ("linux", "system", "chromium"): "/etc/chromium/native-messaging-hosts",
    ("linux", "system", "edge"): "/etc/opt/edge/native-messaging-hosts",
    ("linux", "system", "brave"): "/etc/opt/brave/native-messaging-hosts",
    ("linux", "system", "vivaldi"): "/etc/opt/vivaldi/native-messaging-hosts",
    ("linux", "system", "firefox"): "/usr/lib/mozilla/native-messaging-hosts",
    ("linux", "system", "librewolf"): "/usr/lib/librewolf/native-messaging-hosts",
    ("macos", "user", "chrome"): "~/Library/Application Support/Google/Chrome/NativeMessagingHosts",
    ("macos", "user", "chromium"): "~/Library/Application Support/Chromium/NativeMessagingHosts",
    ("macos", "user", "edge"): "~/Library/Application Support/Microsoft Edge/NativeMessagingHosts",
    ("macos", "user", "brave"):
        "~/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ("macos", "user", "vivaldi"): "~/Library/Application Support/Vivaldi/NativeMessagingHosts",
    ("macos", "user", "firefox"): "~/Library/Application Support/Mozilla/NativeMessagingHosts",
    ("macos", "user", "librewolf"):
        "~/Library/Application Support/LibreWolf/NativeMessagingHosts",
    ("macos", "system", "chrome"): "/Library/Google/Chrome/NativeMessagingHosts",
    ("macos", "system", "chromium"): "/Library/Application Support/Chromium/NativeMessagingHosts",
    ("macos", "system", "edge"): "/Library/Microsoft/Edge/NativeMessagingHosts",
    ("macos", "system", "brave"):
        "/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    ("macos", "system", "vivaldi"): "/Library/Application Support/Vivaldi/NativeMessagingHosts",
    ("macos", "system", "firefox"): "/Library/Application Support/Mozilla/NativeMessagingHosts",
    ("macos", "system", "librewolf"):
        "/Library/Application Support/LibreWolf/NativeMessagingHosts",
}

HOST_KEY = r"\NativeMessagingHosts\org.personaguard.host"
GOLDEN_WINDOWS_KEYS = {
    "chrome": [r"Software\Google\Chrome" + HOST_KEY],
    "chromium": [r"Software\Chromium" + HOST_KEY, r"Software\Google\Chrome" + HOST_KEY],
    "edge": [r"Software\Microsoft\Edge" + HOST_KEY],
    "brave": [r"Software\BraveSoftware\Brave-Browser" + HOST_KEY,
              r"Software\Google\Chrome" + HOST_KEY],
    "vivaldi": [r"Software\Vivaldi" + HOST_KEY, r"Software\Google\Chrome" + HOST_KEY],
    "firefox": [r"Software\Mozilla" + HOST_KEY],
    "librewolf": [r"Software\LibreWolf" + HOST_KEY],
}


def _expand(system: System, folder: str) -> Path:
    if folder.startswith("~/"):
        return system.home / folder[2:]
    return system.root / folder.lstrip("/")


@pytest.mark.parametrize(("os_name", "scope", "name"), sorted(GOLDEN_FOLDERS))
def test_linux_and_macos_folders_match_golden_locations_with_fake_home(
        tmp_path: Path, os_name: str, scope: str, name: str) -> None:
    system = fake_system(tmp_path, os_name)  # type: ignore[arg-type]
    browser = by_name(name)
    assert browser is not None
    place = location(system, browser, scope)  # type: ignore[arg-type]
    assert place.manifest == _expand(system, GOLDEN_FOLDERS[(os_name, scope, name)]) / MANIFEST
    assert place.registry == ()


def test_every_browser_has_a_row_for_every_os_and_scope() -> None:
    names = {b.name for b in BROWSERS}
    assert names == {"chrome", "chromium", "edge", "brave", "vivaldi", "firefox", "librewolf"}
    assert {key for key in GOLDEN_FOLDERS if key[0] == "linux"} == {
        ("linux", scope, name) for scope in ("user", "system") for name in names}
    assert set(GOLDEN_WINDOWS_KEYS) == names


def test_forks_keep_their_own_folders_with_fake_home(tmp_path: Path) -> None:
    for os_name in ("linux", "macos"):
        system = fake_system(tmp_path / os_name, os_name)
        for scope in ("user", "system"):
            folders = [location(system, b, scope).manifest for b in BROWSERS]
            assert len(set(folders)) == len(folders), (os_name, scope)


def test_chromium_family_follows_xdg_config_home_but_firefox_does_not(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    system.env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    chromium, firefox = by_name("chromium"), by_name("firefox")
    assert chromium and firefox
    assert location(system, chromium, "user").manifest == (
        tmp_path / "xdg" / "chromium" / "NativeMessagingHosts" / MANIFEST)
    assert location(system, firefox, "user").manifest == (
        system.home / ".mozilla" / "native-messaging-hosts" / MANIFEST)


def test_macos_install_and_uninstall_with_fake_home_and_fake_root(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "macos")
    before = tree(tmp_path)
    install(system, BROWSERS, "user", "/usr/local/bin/python3")
    install(system, BROWSERS, "system", "/usr/local/bin/python3")
    chrome = system.home / "Library/Application Support/Google/Chrome/NativeMessagingHosts"
    data = json.loads((chrome / MANIFEST).read_text("utf-8"))
    launcher = system.home / "Library/Application Support/PersonaGuard/native-host"
    assert data["path"] == str(launcher / "persona-guard-host")
    assert (system.root / "Library/Google/Chrome/NativeMessagingHosts" / MANIFEST).is_file()
    assert launcher_python(launcher / "persona-guard-host") == "/usr/local/bin/python3"
    uninstall(system, BROWSERS, "user")
    uninstall(system, BROWSERS, "system")
    assert tree(tmp_path) == before


@pytest.mark.parametrize("name", sorted(GOLDEN_WINDOWS_KEYS))
def test_windows_registry_entries_with_fake_registry(tmp_path: Path, name: str) -> None:
    system = fake_system(tmp_path, "windows")
    browser = by_name(name)
    assert browser is not None
    python = r"C:\Users\ada\AppData\Local\Programs\Python\Python312\python.exe"
    install(system, [browser], "user", python, {"PERSONA_GUARD_DATA_DIR": r"D:\pg"})
    manifest = (system.home / "AppData/Local/PersonaGuard/native-host" / browser.family
                / MANIFEST)
    assert system.registry is not None
    for key in GOLDEN_WINDOWS_KEYS[name]:
        assert system.registry.get_default("HKCU", key) == str(manifest)
        assert system.registry.get_default("HKLM", key) is None
    data = json.loads(manifest.read_bytes())
    launcher = Path(data["path"])
    assert launcher == system.home / "AppData/Local/PersonaGuard/native-host/persona-guard-host.bat"
    raw = launcher.read_bytes()
    assert raw.startswith(b"@echo off\r\n") and raw.endswith(b"\r\n")
    assert f'"{python}" -m native_host %*'.encode() in raw
    assert launcher_python(launcher) == python
    assert launcher_env(launcher) == {"PERSONA_GUARD_DATA_DIR": r"D:\pg"}


def test_windows_system_scope_writes_hklm_with_fake_registry(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "windows")
    firefox = by_name("firefox")
    assert firefox and system.registry
    install(system, [firefox], "system", r"C:\Python312\python.exe")
    key = GOLDEN_WINDOWS_KEYS["firefox"][0]
    manifest = system.root / "ProgramData/PersonaGuard/native-host/firefox" / MANIFEST
    assert system.registry.get_default("HKLM", key) == str(manifest)
    assert system.registry.get_default("HKCU", key) is None
    assert json.loads(manifest.read_bytes())["allowed_extensions"] == [
        "persona-guard@personaguard.org"]


def test_windows_uninstall_keeps_a_key_another_browser_uses_with_fake_registry(
        tmp_path: Path) -> None:
    system = fake_system(tmp_path, "windows")
    chrome, brave = by_name("chrome"), by_name("brave")
    assert chrome and brave and system.registry
    before = tree(tmp_path)
    install(system, [chrome, brave], "user", r"C:\Python312\python.exe")
    uninstall(system, [brave], "user")
    chrome_key = GOLDEN_WINDOWS_KEYS["chrome"][0]
    brave_key = GOLDEN_WINDOWS_KEYS["brave"][0]
    assert system.registry.get_default("HKCU", brave_key) is None
    kept = system.registry.get_default("HKCU", chrome_key)
    assert kept and Path(kept).is_file()
    assert launcher_path(system, "user").is_file()
    uninstall(system, BROWSERS, "user")
    assert system.registry.values == {}  # type: ignore[attr-defined]
    assert tree(tmp_path) == before


def test_install_writes_only_where_the_browser_is_present_with_fake_home(
        tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux", commands=("firefox-esr",))
    (system.home / ".config" / "vivaldi").mkdir(parents=True)  # Vivaldi has run once
    chosen = select_browsers(system, None)
    assert [b.name for b in chosen] == ["vivaldi", "firefox"]
    install(system, chosen, "user", sys.executable)
    assert not (system.home / ".config" / "google-chrome").exists()
    assert not (system.home / ".config" / "chromium").exists()
    assert (system.home / ".config/vivaldi/NativeMessagingHosts" / MANIFEST).is_file()


def test_no_browser_found_is_a_clear_error_with_fake_home(tmp_path: Path) -> None:
    system = fake_system(tmp_path, "linux")
    with pytest.raises(InputError) as caught:
        select_browsers(system, None)
    text = str(caught.value)
    assert "none of chrome, chromium" in text and "--browser" in text


def test_unknown_browser_name_names_the_choices(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        select_browsers(fake_system(tmp_path, "linux"), ["opera"])
    assert "'opera' is not a browser" in str(caught.value)
    assert "librewolf, or all" in str(caught.value)


def test_docs_list_every_location_of_the_table() -> None:
    from tests.conftest import REPO

    docs = (REPO / "docs" / "install.md").read_text("utf-8")
    for (os_name, scope, _name), folder in GOLDEN_FOLDERS.items():
        if (os_name, scope) == ("macos", "user"):
            folder = folder.removeprefix("~/Library/Application Support/")
        assert f"`{folder}`" in docs, folder
    for keys in GOLDEN_WINDOWS_KEYS.values():
        assert f"`{keys[0].removesuffix(chr(92) + 'org.personaguard.host')}`" in docs


def test_system_scope_without_rights_is_a_clean_error_with_fake_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, so the refusal an ordinary user meets is simulated.
    import native_host.install.installer as installer

    def refuse(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(installer, "atomic_write", refuse)
    system = fake_system(tmp_path, "linux")
    firefox = by_name("firefox")
    assert firefox
    with pytest.raises(InputError) as caught:
        install(system, [firefox], "system", sys.executable)
    text = str(caught.value)
    assert "persona-guard-host: permission denied" in text
    assert "sudo persona-guard ... --scope system" in text and "--scope user" in text
