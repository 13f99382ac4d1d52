"""What a person sees when a command cannot do what was asked: `persona-guard COMMAND:`,
what is wrong with which input, a `fix:` line and exit 2; a closed pipe ends quietly; an
unexpected error is one line naming the log that holds the traceback. Never a traceback
on the terminal. Each case runs the real CLI in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from native_host.cli import run_command
from tests.conftest import PINNED

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "persona_profiles" / "public-library.json"


def cli(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", *args], cwd=REPO,
                          env={**os.environ, "PERSONA_GUARD_DATA_DIR": str(data_dir), **env},
                          capture_output=True, text=True, timeout=120)


def refused(done: subprocess.CompletedProcess[str], command: str, *words: str) -> str:
    """The message of a refusal: exit 2, the command named, each of `words`, a fix."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    first, _, rest = done.stderr.partition("\n")
    assert first.startswith(f"persona-guard {command}: "), done.stderr
    assert "fix: " in rest, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    return done.stderr


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert cli(folder, "profile", "add", str(LIBRARY)).returncode == 0
    return folder


@pytest.mark.parametrize(("duration", "words"), [
    ("", ["--for", "'' is empty", "30m"]),
    ("99999999d", ["--for", "'99999999d' is longer than a year", "365d"]),
    ("1000000d", ["--for", "longer than a year", "365d"]),
    ("367d", ["--for", "longer than a year"]),
    ("soon", ["--for", "'soon' is not a duration"]),
])
def test_a_bad_duration_is_refused_and_the_mode_is_kept(data_dir: Path, duration: str,
                                                        words: list[str]) -> None:
    refused(cli(data_dir, "mode", "library", "--for", duration), "mode", *words)
    assert cli(data_dir, "mode").stdout.startswith("mode: auto")


def test_a_year_is_the_longest_mode(data_dir: Path) -> None:
    done = cli(data_dir, "mode", "library", "--for", "365d")
    a_year_on = (PINNED + timedelta(days=365)).date().isoformat()
    assert done.returncode == 0 and f"mode: library until {a_year_on}" in done.stdout
    refused(cli(data_dir, "mode", "library", "--until", "4764-01-01T00:00:00Z"), "mode",
            "--until", "more than a year away")


def test_validation_messages_keep_the_case_of_what_they_quote(tmp_path: Path) -> None:
    profile = json.loads(LIBRARY.read_text("utf-8"))
    profile["personas"]["library"]["color"] = "blue"
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    message = refused(cli(tmp_path / "data", "profile", "add", str(path)), "profile",
                      "personas.library.color", "'blue'")
    assert "[0-9a-fA-F]" in message


@pytest.mark.parametrize("command", ["demo", "package"])
def test_an_out_folder_that_cannot_be_made_is_refused(tmp_path: Path, command: str) -> None:
    refused(cli(tmp_path, command, "--out", "/proc/nope"), command, "--out", "/proc/nope",
            "cannot be created")
    a_file = tmp_path / "taken"
    a_file.write_text("not a folder", encoding="utf-8")
    refused(cli(tmp_path, command, "--out", str(a_file)), command, str(a_file),
            "is a file, not a folder")
    assert a_file.read_text("utf-8") == "not a folder"


def test_probe_on_a_page_that_is_not_utf8(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_bytes("<html><body><p>Caf\u00e9 hours</p></body></html>".encode("latin-1"))
    refused(cli(tmp_path, "probe", str(page), "--url", "https://x.com/home"), "probe",
            str(page), "is not utf-8 text", "byte 0xe9")


@pytest.mark.parametrize("args", [
    ["demo", "--out", "OUT"],
    ["probe", str(REPO / "tests/fixtures/sites/x/03-library-account-answers.html"),
     "--url", "https://x.com/home"],
])
def test_without_chromium_probe_and_demo_say_how_to_install_it(tmp_path: Path,
                                                               args: list[str]) -> None:
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    missing = str(tmp_path / "no-chromium-here")
    refused(cli(tmp_path, *args, PERSONA_GUARD_CHROMIUM=missing), args[0],
            f"there is no Chromium at {missing}", "apt-get install chromium",
            "PERSONA_GUARD_CHROMIUM")


@pytest.mark.parametrize("args", [["status"], ["doctor", "--no-start"], ["profile", "list"]])
def test_a_closed_pipe_ends_quietly(data_dir: Path, args: list[str]) -> None:
    """As `persona-guard status | head -1` once head has gone: nothing on stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "native_host.cli", *args], cwd=REPO,
                            env={**os.environ, "PERSONA_GUARD_DATA_DIR": str(data_dir)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the command writes
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 141
    assert err == ""


def test_an_unexpected_error_is_one_line_naming_the_log(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    monkeypatch.setenv("PERSONA_GUARD_DATA_DIR", str(tmp_path))

    def broken() -> int:
        return {}["missing"]  # type: ignore[no-any-return]

    assert run_command("status", broken) == 1
    err = capsys.readouterr().err
    log = tmp_path / "logs" / "cli.log"
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("persona-guard status: unexpected error (KeyError)")
    assert str(log) in err
    kept = log.read_text("utf-8")
    assert "Traceback" in kept and "KeyError: 'missing'" in kept
    assert log.stat().st_mode & 0o077 == 0  # private, as every log is
