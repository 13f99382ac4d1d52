"""Each doctor diagnosis provoked for real in a temporary HOME on this machine, and its
message checked: the browser's error, what is wrong, the exact fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.install.conftest import needs_host
from tests.install.test_install_real import CHROMIUM, FIREFOX, LAUNCHER


@pytest.fixture
def installed(home: Path, run_cli) -> Path:
    done = run_cli("install")
    assert done.returncode == 0, done.stderr
    return home


def doctor(run_cli, *args: str) -> tuple[int, str]:
    done = run_cli("doctor", *args)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


@needs_host
def test_doctor_passes_after_a_real_install(installed: Path, run_cli) -> None:
    code, out = doctor(run_cli)
    assert code == 0, out
    assert "Chromium [chromium] (user scope): ok" in out
    assert "Firefox [firefox] (user scope): ok" in out
    assert "ok    hello       ready from host" in out


@needs_host
def test_doctor_json_lists_every_step(installed: Path, run_cli) -> None:
    code, out = doctor(run_cli, "--browser", "chromium", "--json")
    assert code == 0, out
    [report] = json.loads(out)
    assert [step["name"] for step in report["steps"]] == [
        "manifest", "json", "name", "allowed", "path", "executable", "data", "version", "hello"]


def test_doctor_missing_manifest(installed: Path, run_cli) -> None:
    (installed / CHROMIUM).unlink()
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert f"FAIL  manifest    no manifest: looked for {installed / CHROMIUM}" in out
    assert '"Specified native messaging host not found."' in out
    assert "fix: persona-guard install --browser chromium" in out


def test_doctor_wrong_extension_id(installed: Path, run_cli) -> None:
    manifest = installed / CHROMIUM
    data = json.loads(manifest.read_text("utf-8"))
    data["allowed_origins"] = ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"]
    manifest.write_text(json.dumps(data), "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert "FAIL  allowed" in out and "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" in out
    assert ("Persona Guard's extension is "
            "chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei/") in out
    assert '"Access to the specified native messaging host is forbidden."' in out


def test_doctor_origin_without_trailing_slash(installed: Path, run_cli) -> None:
    manifest = installed / CHROMIUM
    data = json.loads(manifest.read_text("utf-8"))
    data["allowed_origins"] = ["chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei"]
    manifest.write_text(json.dumps(data), "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1 and "without the trailing slash" in out


def test_doctor_wrong_gecko_id(installed: Path, run_cli) -> None:
    manifest = installed / FIREFOX
    data = json.loads(manifest.read_text("utf-8"))
    data["allowed_extensions"] = ["someone-else@example.org"]
    manifest.write_text(json.dumps(data), "utf-8")
    code, out = doctor(run_cli, "--browser", "firefox")
    assert code == 1
    assert "Persona Guard's add-on is persona-guard@personaguard.org" in out


def test_doctor_non_executable_path(installed: Path, run_cli) -> None:
    (installed / LAUNCHER).chmod(0o644)
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert f"FAIL  executable  {installed / LAUNCHER} is not executable" in out
    assert '"Native host has exited."' in out
    assert f"fix: chmod 755 '{installed / LAUNCHER}'" in out


def test_doctor_interpreter_gone(installed: Path, run_cli) -> None:
    launcher = installed / LAUNCHER
    launcher.write_text("#!/bin/sh\nexec '/opt/deleted-venv/bin/python' -m native_host \"$@\"\n",
                        "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert "runs /opt/deleted-venv/bin/python, which no longer exists" in out


def test_doctor_path_that_does_not_exist(installed: Path, run_cli) -> None:
    manifest = installed / CHROMIUM
    data = json.loads(manifest.read_text("utf-8"))
    data["path"] = "/nowhere/persona-guard-host"
    manifest.write_text(json.dumps(data), "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert '"path" names /nowhere/persona-guard-host, which does not exist' in out


def test_doctor_byte_order_mark_and_bad_json(installed: Path, run_cli) -> None:
    manifest = installed / CHROMIUM
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes())
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1 and "byte order mark" in out
    manifest.write_text('{"name": "org.personaguard.host",', "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1 and "is not valid JSON" in out and "line 1" in out


def test_doctor_wrong_name(installed: Path, run_cli) -> None:
    manifest = installed / FIREFOX
    data = json.loads(manifest.read_text("utf-8"))
    data["name"] = "org.personaguard.hots"
    manifest.write_text(json.dumps(data), "utf-8")
    code, out = doctor(run_cli, "--browser", "firefox")
    assert code == 1 and "'org.personaguard.hots'" in out


@needs_host
def test_doctor_stdout_pollution(installed: Path, run_cli) -> None:
    launcher = installed / LAUNCHER
    text = launcher.read_text("utf-8")
    # The classic cause: something in the launcher's path prints before the host runs.
    launcher.write_text(text.replace("exec ", "echo 'loading profile...'\nexec ", 1), "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1, out
    assert "FAIL  hello" in out and "does not start with a frame" in out
    assert "b'loading profile...\\n" in out
    assert '"Error when communicating with the native messaging host."' in out
    assert "print nothing" in out


@needs_host
def test_doctor_host_that_exits(installed: Path, run_cli) -> None:
    launcher = installed / LAUNCHER
    launcher.write_text("#!/bin/sh\necho 'host: cannot open store' >&2\nexit 3\n", "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert "exited with code 3: host: cannot open store" in out
    assert '"Native host has exited."' in out


def test_doctor_with_nothing_installed_fails_and_says_how(home: Path, run_cli) -> None:
    code, out = doctor(run_cli, "--no-start")
    assert code == 1
    assert "Chromium [chromium]: FAIL" in out and "Firefox [firefox]: FAIL" in out


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="no system python3")
def test_doctor_interpreter_without_persona_guard(installed: Path, run_cli) -> None:
    # A Python that exists but never had the package installed (a fresh system Python).
    launcher = installed / LAUNCHER
    launcher.write_text("#!/bin/sh\nexec '/usr/bin/python3' -m native_host \"$@\"\n", "utf-8")
    code, out = doctor(run_cli, "--browser", "chromium")
    assert code == 1
    assert "FAIL  version     /usr/bin/python3 does not have Persona Guard installed" in out
    assert '"Native host has exited."' in out
    assert "/usr/bin/python3' -m pip install persona-guard" in out


@pytest.mark.parametrize("where", ["/proc/nope", "a-file"])
def test_doctor_names_a_data_folder_the_host_cannot_use(home: Path, run_cli,
                                                        where: str) -> None:
    folder = home.parent / where if where == "a-file" else Path(where)
    if where == "a-file":
        folder.write_text("not a folder", encoding="utf-8")
    done = run_cli("install", "--browser", "chromium", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    code, out = doctor(run_cli, "--browser", "chromium", "--no-start")
    assert code == 1
    problem = "is a file, not a folder" if where == "a-file" else "cannot be created"
    assert f"FAIL  data        data folder {folder} {problem}" in out, out
    assert ("fix: " in out and "persona-guard install --browser chromium --data-dir "
            "~/persona-guard-data") in out


def test_doctor_checks_a_data_folder_without_leaving_one_behind(home: Path,
                                                               run_cli) -> None:
    folder = home.parent / "not-yet" / "data"
    assert run_cli("install", "--browser", "chromium", "--data-dir",
                   str(folder)).returncode == 0
    code, out = doctor(run_cli, "--browser", "chromium", "--no-start")
    assert code == 0, out
    assert f"ok    data        data folder {folder} can be created, is writable" in out
    assert not (home.parent / "not-yet").exists()
