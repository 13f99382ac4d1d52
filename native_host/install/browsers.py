"""The one table of browsers x OS x scope. Adding a browser is adding a row.

A place is (base, folder): the base is a named folder of `System` ("config", "home",
"appsupport", "localappdata", ...) or a system folder ("/etc/opt"); the folder under it
is what the installer may create and prune again. On Windows the manifest lives in our
own folder and the browser finds it through a registry key whose default value is the
manifest's path: HKCU for the user scope, HKLM for the system scope."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from native_host.identifiers import HOST_NAME
from native_host.install.manifest import Family
from native_host.install.registry import Hive
from native_host.install.system import OSName, Scope, System

Place = tuple[str, str]

CHROME_KEY = r"Software\Google\Chrome\NativeMessagingHosts"


@dataclass(frozen=True)
class Browser:
    name: str
    label: str
    family: Family
    linux_user: Place
    linux_system: Place
    macos_user: Place
    macos_system: Place
    # Keys under HKCU/HKLM; the host name is appended.
    windows_keys: tuple[str, ...]
    # How to tell the browser is installed.
    linux_commands: tuple[str, ...]
    macos_app: str
    windows_data: Place
    # Sandboxed packages that cannot start a native host.
    snap: str | None = None
    flatpak: str | None = None


BROWSERS: tuple[Browser, ...] = (
    Browser(
        "chrome", "Google Chrome", "chromium",
        linux_user=("config", "google-chrome/NativeMessagingHosts"),
        linux_system=("/etc/opt", "chrome/native-messaging-hosts"),
        macos_user=("appsupport", "Google/Chrome/NativeMessagingHosts"),
        macos_system=("/Library", "Google/Chrome/NativeMessagingHosts"),
        windows_keys=(CHROME_KEY,),
        linux_commands=("google-chrome", "google-chrome-stable"),
        macos_app="Google Chrome.app",
        windows_data=("localappdata", "Google/Chrome/User Data"),
        flatpak="com.google.Chrome",
    ),
    Browser(
        "chromium", "Chromium", "chromium",
        linux_user=("config", "chromium/NativeMessagingHosts"),
        linux_system=("/etc", "chromium/native-messaging-hosts"),
        macos_user=("appsupport", "Chromium/NativeMessagingHosts"),
        macos_system=("/Library/Application Support", "Chromium/NativeMessagingHosts"),
        windows_keys=(r"Software\Chromium\NativeMessagingHosts", CHROME_KEY),
        linux_commands=("chromium", "chromium-browser"),
        macos_app="Chromium.app",
        windows_data=("localappdata", "Chromium/User Data"),
        snap="chromium",
        flatpak="org.chromium.Chromium",
    ),
    Browser(
        "edge", "Microsoft Edge", "chromium",
        linux_user=("config", "microsoft-edge/NativeMessagingHosts"),
        linux_system=("/etc/opt", "edge/native-messaging-hosts"),
        macos_user=("appsupport", "Microsoft Edge/NativeMessagingHosts"),
        macos_system=("/Library", "Microsoft/Edge/NativeMessagingHosts"),
        windows_keys=(r"Software\Microsoft\Edge\NativeMessagingHosts",),
        linux_commands=("microsoft-edge", "microsoft-edge-stable"),
        macos_app="Microsoft Edge.app",
        windows_data=("localappdata", "Microsoft/Edge/User Data"),
        flatpak="com.microsoft.Edge",
    ),
    # Brave and Vivaldi keep their own folders on Linux and macOS; on Windows, builds
    # differ in which key they read, so both their own key and Chrome's are written.
    Browser(
        "brave", "Brave", "chromium",
        linux_user=("config", "BraveSoftware/Brave-Browser/NativeMessagingHosts"),
        linux_system=("/etc/opt", "brave/native-messaging-hosts"),
        macos_user=("appsupport", "BraveSoftware/Brave-Browser/NativeMessagingHosts"),
        macos_system=("/Library/Application Support",
                      "BraveSoftware/Brave-Browser/NativeMessagingHosts"),
        windows_keys=(r"Software\BraveSoftware\Brave-Browser\NativeMessagingHosts",
                      CHROME_KEY),
        linux_commands=("brave-browser", "brave"),
        macos_app="Brave Browser.app",
        windows_data=("localappdata", "BraveSoftware/Brave-Browser/User Data"),
        snap="brave",
        flatpak="com.brave.Browser",
    ),
    Browser(
        "vivaldi", "Vivaldi", "chromium",
        linux_user=("config", "vivaldi/NativeMessagingHosts"),
        linux_system=("/etc/opt", "vivaldi/native-messaging-hosts"),
        macos_user=("appsupport", "Vivaldi/NativeMessagingHosts"),
        macos_system=("/Library/Application Support", "Vivaldi/NativeMessagingHosts"),
        windows_keys=(r"Software\Vivaldi\NativeMessagingHosts", CHROME_KEY),
        linux_commands=("vivaldi", "vivaldi-stable"),
        macos_app="Vivaldi.app",
        windows_data=("localappdata", "Vivaldi/User Data"),
        flatpak="com.vivaldi.Vivaldi",
    ),
    Browser(
        "firefox", "Firefox", "firefox",
        linux_user=("home", ".mozilla/native-messaging-hosts"),
        linux_system=("/usr/lib", "mozilla/native-messaging-hosts"),
        macos_user=("appsupport", "Mozilla/NativeMessagingHosts"),
        macos_system=("/Library/Application Support", "Mozilla/NativeMessagingHosts"),
        windows_keys=(r"Software\Mozilla\NativeMessagingHosts",),
        linux_commands=("firefox", "firefox-esr"),
        macos_app="Firefox.app",
        windows_data=("appdata", "Mozilla/Firefox"),
        snap="firefox",
        flatpak="org.mozilla.firefox",
    ),
    Browser(
        "librewolf", "LibreWolf", "firefox",
        linux_user=("home", ".librewolf/native-messaging-hosts"),
        linux_system=("/usr/lib", "librewolf/native-messaging-hosts"),
        macos_user=("appsupport", "LibreWolf/NativeMessagingHosts"),
        macos_system=("/Library/Application Support", "LibreWolf/NativeMessagingHosts"),
        windows_keys=(r"Software\LibreWolf\NativeMessagingHosts",),
        linux_commands=("librewolf",),
        macos_app="LibreWolf.app",
        windows_data=("appdata", "librewolf"),
        flatpak="io.gitlab.librewolf-community",
    ),
)

BROWSER_NAMES: tuple[str, ...] = tuple(b.name for b in BROWSERS)

# Where the launcher (and on Windows the manifests) live, per OS and scope.
OWN_PLACES: dict[tuple[OSName, Scope], Place] = {
    ("linux", "user"): ("data", "persona-guard/native-host"),
    ("linux", "system"): ("/usr/local/lib", "persona-guard/native-host"),
    ("macos", "user"): ("appsupport", "PersonaGuard/native-host"),
    ("macos", "system"): ("/Library/Application Support", "PersonaGuard/native-host"),
    ("windows", "user"): ("localappdata", "PersonaGuard/native-host"),
    ("windows", "system"): ("programdata", "PersonaGuard/native-host"),
}

MANIFEST_FILE = f"{HOST_NAME}.json"


@dataclass(frozen=True)
class RegistryEntry:
    hive: Hive
    key: str

    def __str__(self) -> str:
        return f"{self.hive}\\{self.key}"


@dataclass(frozen=True)
class Location:
    """Where one browser finds the host for one scope on this system."""

    browser: Browser
    scope: Scope
    manifest: Path
    # Empty folders from the manifest's folder up to (not including) `base` are pruned.
    base: Path
    registry: tuple[RegistryEntry, ...] = ()


def by_name(name: str) -> Browser | None:
    return next((b for b in BROWSERS if b.name == name), None)


def own_folder(system: System, scope: Scope) -> tuple[Path, Path]:
    """(folder, base) of our own files for this scope."""
    place = OWN_PLACES[(system.os, scope)]
    return system.path(place), system.base(place[0])


def launcher_path(system: System, scope: Scope) -> Path:
    folder, _base = own_folder(system, scope)
    name = "persona-guard-host.bat" if system.os == "windows" else "persona-guard-host"
    return folder / name


def location(system: System, browser: Browser, scope: Scope) -> Location:
    if system.os == "windows":
        folder, base = own_folder(system, scope)
        # One manifest per family: Chrome's key is shared by several rows.
        manifest = folder / browser.family / MANIFEST_FILE
        hive: Hive = "HKCU" if scope == "user" else "HKLM"
        entries = tuple(RegistryEntry(hive, f"{key}\\{HOST_NAME}")
                        for key in browser.windows_keys)
        return Location(browser, scope, manifest, base, entries)
    place: Place = getattr(browser, f"{system.os}_{scope}")
    return Location(browser, scope, system.path(place) / MANIFEST_FILE,
                    system.base(place[0]))


def profile_folder(system: System, browser: Browser) -> Path:
    """The browser's own per-user folder: it exists once the browser has run."""
    if system.os == "windows":
        return system.path(browser.windows_data)
    return location(system, browser, "user").manifest.parent.parent


def is_present(system: System, browser: Browser) -> bool:
    if profile_folder(system, browser).is_dir():
        return True
    if system.os == "linux":
        return any(_native_command(system, c) for c in browser.linux_commands)
    if system.os == "macos":
        apps = (system.root / "Applications", system.home / "Applications")
        return any((folder / browser.macos_app).exists() for folder in apps)
    return False


def _native_command(system: System, command: str) -> str | None:
    """A command found on PATH that is not a Snap's wrapper."""
    found = system.which(command)
    if not found:
        return None
    real = str(Path(found).resolve())
    snap_root = str(system.root / "snap")
    return None if real.startswith(snap_root + "/") or "/snap/" in real else found


def sandboxes(system: System, browser: Browser) -> list[str]:
    """Snap and Flatpak installs of this browser on Linux (they cannot start hosts)."""
    if system.os != "linux":
        return []
    found: list[str] = []
    if browser.snap and ((system.root / "snap" / "bin" / browser.snap).exists()
                         or (system.root / "snap" / browser.snap).is_dir()):
        found.append(f"Snap '{browser.snap}'")
    if browser.flatpak:
        roots = (system.root / "var/lib/flatpak/app", system.base("data") / "flatpak/app")
        if any((folder / browser.flatpak).is_dir() for folder in roots):
            found.append(f"Flatpak '{browser.flatpak}'")
    return found


def has_native_install(system: System, browser: Browser) -> bool:
    return system.os != "linux" or any(
        _native_command(system, c) for c in browser.linux_commands)
