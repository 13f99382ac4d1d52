"""`doctor`: for each browser, walk the chain a browser walks — folder or registry key,
manifest, valid JSON, name, allowed extension, path, executable, `--version`, a real
`hello` round trip — and stop at the first broken link, naming the error the browser
shows and the exact fix."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from native_host.identifiers import (
    ALLOWED_GECKO_IDS,
    ALLOWED_ORIGINS,
    HOST_NAME,
)
from native_host.install import hostcheck
from native_host.install.browsers import (
    BROWSERS,
    Browser,
    has_native_install,
    is_present,
    location,
    sandboxes,
)
from native_host.install.installer import is_registered
from native_host.install.manifest import launcher_env, launcher_python
from native_host.install.system import SCOPES, Scope, System

NOT_FOUND = "Specified native messaging host not found."
FORBIDDEN = "Access to the specified native messaging host is forbidden."
EXITED = "Native host has exited."
COMMUNICATION = "Error when communicating with the native messaging host."
FIREFOX_NOT_ALLOWED = ("This extension does not have permission to use native "
                       f"application {HOST_NAME} (or the application is not installed)")


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    browser_error: str = ""


@dataclass
class Report:
    browser: Browser
    present: bool
    scope: Scope | None = None
    manifest: Path | None = None
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def as_dict(self) -> dict[str, object]:
        return {
            "browser": self.browser.name, "present": self.present, "ok": self.ok,
            "scope": self.scope, "manifest": str(self.manifest) if self.manifest else None,
            "steps": [step.__dict__ for step in self.steps], "notes": self.notes,
        }


def browsers_to_check(system: System, chosen: Sequence[Browser] | None) -> list[Browser]:
    """Named browsers, else those present, registered or installed sandboxed."""
    if chosen:
        return list(chosen)
    return [b for b in BROWSERS
            if is_present(system, b) or sandboxes(system, b)
            or any(is_registered(system, location(system, b, s)) for s in SCOPES)]


def diagnose(system: System, browser: Browser, roundtrip: bool = True) -> Report:
    report = Report(browser, is_present(system, browser))
    install = f"persona-guard install --browser {browser.name}"
    fail = _Failer(report, install)
    boxed = sandboxes(system, browser)
    if boxed and not has_native_install(system, browser):
        fail("sandbox", f"{browser.label} is installed only as {' and '.join(boxed)}: a "
             "sandboxed browser cannot start programs outside its sandbox, so it cannot "
             "start the host", NOT_FOUND,
             f"install {browser.label} from your distribution's packages or the vendor's "
             f".deb/.rpm instead of the Snap/Flatpak, start it once, then run: {install}")
        return report
    if boxed:
        report.notes.append(f"{' and '.join(boxed)} of {browser.label} is also installed: "
                            "only the non-sandboxed one can start the host")
    manifest = _find_manifest(system, browser, report, fail)
    if manifest is None:
        return report
    data = _read_manifest(manifest, fail)
    if data is None or not _check_fields(browser, data, manifest, fail):
        return report
    command = _check_path(system, browser, data, manifest, fail)
    if command is None:
        return report
    _check_data(command, install, fail)
    if not roundtrip:
        return report
    answer = hostcheck.version(command)
    if not answer.ok:
        python = launcher_python(command)
        if python and "No module named native_host" in answer.detail:
            fail("version", f"{python} does not have Persona Guard installed ({answer.detail})",
                 EXITED, f"run {install} with the persona-guard of the environment you "
                 f"installed it in, or: '{python}' -m pip install persona-guard")
        else:
            fail("version", answer.detail, EXITED, _fix_start(command, install))
        return report
    fail.ok("version", answer.detail)
    answer = hostcheck.hello(command, browser.family, manifest, browser.name)
    if answer.polluted:
        fail("hello", answer.detail + " (something prints to standard output before the "
             "host starts: the launcher, a shell startup file, a sitecustomize or .pth file)",
             COMMUNICATION, f"make {command} print nothing: {install} rewrites the launcher; "
             "remove any echo/print that runs before the host")
    elif not answer.ok:
        fail("hello", answer.detail, EXITED if answer.exited else COMMUNICATION,
             "the host's own error is quoted above; if the installation is damaged, "
             f"reinstall with {install}")
    else:
        fail.ok("hello", answer.detail)
    return report


class _Failer:
    """Appends a failed step; the first failure ends the chain."""

    def __init__(self, report: Report, install: str) -> None:
        self.report = report
        self.install = install

    def __call__(self, name: str, detail: str, browser_error: str, fix: str = "") -> None:
        self.report.steps.append(Step(name, False, detail, fix or self.install, browser_error))

    def ok(self, name: str, detail: str) -> None:
        self.report.steps.append(Step(name, True, detail))


def _find_manifest(system: System, browser: Browser, report: Report,
                   fail: _Failer) -> Path | None:
    places = [location(system, browser, scope) for scope in SCOPES]
    if system.os == "windows":
        assert system.registry is not None
        for place in places:
            for entry in place.registry:
                value = system.registry.get_default(entry.hive, entry.key)
                if not value:
                    continue
                path = Path(value)
                if not path.is_file():
                    fail("manifest", f"registry key {entry} points to {path}, which does not "
                         "exist", NOT_FOUND)
                    return None
                report.scope, report.manifest = place.scope, path
                fail.ok("manifest", f"{entry} -> {path}")
                return path
        keys = ", ".join(str(e) for place in places for e in place.registry)
        fail("manifest", f"no registry key for {HOST_NAME}: looked for {keys}", NOT_FOUND)
        return None
    for place in places:
        if place.manifest.is_file():
            report.scope, report.manifest = place.scope, place.manifest
            fail.ok("manifest", str(place.manifest))
            return place.manifest
    looked = " and ".join(str(place.manifest) for place in places)
    fail("manifest", f"no manifest: looked for {looked}", NOT_FOUND)
    return None


def _read_manifest(manifest: Path, fail: _Failer) -> dict[str, object] | None:
    try:
        raw = manifest.read_bytes()
    except OSError as error:
        fail("json", f"{manifest} cannot be read ({error.strerror or error})", NOT_FOUND,
             f"chmod 644 {manifest}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        fail("json", f"{manifest} starts with a UTF-8 byte order mark, which browsers reject",
             NOT_FOUND)
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        fail("json", f"{manifest} is not UTF-8", NOT_FOUND)
        return None
    except json.JSONDecodeError as error:
        fail("json", f"{manifest} is not valid JSON: {error.msg} at line {error.lineno} "
             f"column {error.colno}", NOT_FOUND)
        return None
    if not isinstance(data, dict):
        fail("json", f"{manifest} holds a JSON {type(data).__name__}, not an object", NOT_FOUND)
        return None
    fail.ok("json", "valid JSON, UTF-8 without BOM")
    return data


def _check_fields(browser: Browser, data: dict[str, object], manifest: Path,
                  fail: _Failer) -> bool:
    if data.get("name") != HOST_NAME:
        fail("name", f"its \"name\" is {data.get('name')!r}; the extension asks for "
             f"{HOST_NAME!r}", NOT_FOUND)
        return False
    if data.get("type") != "stdio":
        fail("name", f"its \"type\" is {data.get('type')!r}, not \"stdio\"", NOT_FOUND)
        return False
    fail.ok("name", f"{HOST_NAME}, stdio")
    if browser.family == "chromium":
        listed = data.get("allowed_origins")
        listed = listed if isinstance(listed, list) else []
        missing = [origin for origin in ALLOWED_ORIGINS if origin not in listed]
        if missing:
            without_slash = [o for o in missing if o.rstrip("/") in listed]
            why = ("lists the extension without the trailing slash" if without_slash
                   else f"lists {listed or 'nothing'}")
            fail("allowed", f"\"allowed_origins\" {why}; Persona Guard's extension is "
                 f"{missing[0]}", FORBIDDEN)
            return False
        # every ID the browser will let start the host: the built-in one and any added
        # with `install --extension-id` (a store build's own ID)
        fail.ok("allowed", ", ".join(str(o) for o in listed))
        return True
    listed = data.get("allowed_extensions")
    listed = listed if isinstance(listed, list) else []
    missing = [gecko for gecko in ALLOWED_GECKO_IDS if gecko not in listed]
    if missing:
        fail("allowed", f"\"allowed_extensions\" lists {listed or 'nothing'}; Persona Guard's "
             f"add-on is {missing[0]}", FIREFOX_NOT_ALLOWED)
        return False
    fail.ok("allowed", ", ".join(str(i) for i in listed))
    return True


def _check_path(system: System, browser: Browser, data: dict[str, object], manifest: Path,
                fail: _Failer) -> Path | None:
    raw = data.get("path")
    if not isinstance(raw, str) or not raw:
        fail("path", f"{manifest} has no \"path\"", NOT_FOUND)
        return None
    command = Path(raw)
    if not command.is_absolute():
        if system.os != "windows":
            fail("path", f"\"path\" is {raw!r}; on {system.os} it must be absolute", EXITED)
            return None
        command = manifest.parent / command  # Windows reads it relative to the manifest
    if not command.is_file():
        fail("path", f"\"path\" names {command}, which does not exist", EXITED)
        return None
    fail.ok("path", str(command))
    if system.os != "windows" and not os.access(command, os.X_OK):
        fail("executable", f"{command} is not executable", EXITED,
             f"chmod 755 '{command}' (or: persona-guard install --browser {browser.name})")
        return None
    python = launcher_python(command)
    if python and not os.access(python, os.X_OK):
        fail("executable", f"the launcher {command} runs {python}, which no longer exists "
             "(was its virtual environment moved or deleted?)", EXITED,
             f"run persona-guard install --browser {browser.name} from the Persona Guard "
             "installation you use now")
        return None
    fail.ok("executable", f"runs {python}" if python else str(command))
    return command


def _check_data(command: Path, install: str, fail: _Failer) -> None:
    """The folder the host will keep the store in: the launcher's, else the default."""
    from native_host.identifiers import DATA_DIR_ENV
    from native_host.install.datacheck import check_data_folder
    from native_host.paths import data_dir

    named = launcher_env(command).get(DATA_DIR_ENV)
    found = check_data_folder(Path(named).expanduser() if named else data_dir(), install)
    if found.ok:
        fail.ok("data", found.detail)
    else:
        fail("data", found.detail, "", found.fix)


def _fix_start(command: Path, install: str) -> str:
    return (f"run '{command} --version' in a terminal to see the error; reinstall with "
            f"{install} from a working Persona Guard installation")


def render(reports: Sequence[Report], system: System) -> str:
    lines = [f"Persona Guard doctor: {system.os}, host {HOST_NAME}"]
    if not reports:
        lines.append("No supported browser found and nothing registered.")
        lines.append("  fix: install a browser, then run: persona-guard install")
    for report in reports:
        where = f" ({report.scope} scope)" if report.scope else ""
        state = "ok" if report.ok else "FAIL"
        lines.append(f"{report.browser.label} [{report.browser.name}]{where}: {state}")
        for step in report.steps:
            lines.append(f"  {'ok' if step.ok else 'FAIL':<4}  {step.name:<10}  {step.detail}")
            if not step.ok:
                if step.browser_error:
                    lines.append(f"        the browser says: \"{step.browser_error}\"")
                lines.append(f"        fix: {step.fix}")
        lines.extend(f"  note: {note}" for note in report.notes)
    return "\n".join(lines)
