"""`persona-guard check` with bad input: exit 2, one clear message naming the file, the
JSON path and the fix, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "persona_profiles" / "public-library.json"
PERSONAL = REPO / "persona_profiles" / "library-staff-personal.json"
GOOD_REQUEST = {"site": "x", "action": "post",
                "identity": {"site": "x", "handle": "davidleeking", "kind": "user"},
                "draft": {"text": "hello"}}


def run_check(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", "check", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_good_request_prints_the_verdict_and_exits_0(tmp_path: Path) -> None:
    req = write(tmp_path, "req.json", GOOD_REQUEST)
    done = run_check("--profile", str(LIBRARY), "--profile", str(PERSONAL), "--request",
                     str(req), "--mode", "library", "--now", "2026-11-17T10:15:00-06:00")
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["decision"] == "warn" and verdict["active_persona"] == "personal"
    assert verdict["suggestion"]["handle"] == "topekalibrary"


def test_the_request_can_come_from_standard_input() -> None:
    done = run_check("--profile", str(LIBRARY), "--profile", str(PERSONAL), "--request", "-",
                     "--now", "2026-11-21T20:30:00-06:00", stdin=json.dumps(GOOD_REQUEST))
    assert done.returncode == 0 and json.loads(done.stdout)["decision"] == "allow"


def _library(**changes: Any) -> dict[str, Any]:
    data = json.loads(LIBRARY.read_text(encoding="utf-8"))
    data.update(changes)
    return data


BAD_PROFILES = {
    "invalid json": ('{"schema": "persona-guard/profile@1", "id": "x",,}',
                     ["is not valid JSON", "line 1"]),
    "wrong schema": (_library(schema="persona-guard/profile@9"),
                     ["schema", "persona-guard/profile@1"]),
    "unknown field": (_library(colour="red"), ["unknown field 'colour'", "allowed fields"]),
    "bad severity": (_library(checks={"mode_mismatch": "loud"}),
                     ["checks.mode_mismatch", "'loud'", "'off', 'warn' or 'block'"]),
    "bad time": (_library(schedule=[{"persona": "library", "start": "9am", "end": "17:00",
                                     "timezone": "America/Chicago"}]),
                 ["schedule[0].start", "HH:MM"]),
    "bad zone": (_library(schedule=[{"persona": "library", "start": "09:00", "end": "17:00",
                                     "timezone": "Topeka/Kansas"}]),
                 ["schedule[0].timezone", "IANA"]),
    "not an object": ("[1, 2]", ["must be a JSON object"]),
}


@pytest.mark.parametrize("case", BAD_PROFILES, ids=list(BAD_PROFILES))
def test_a_bad_profile_exits_2_naming_file_path_and_fix(case: str, tmp_path: Path) -> None:
    content, expected = BAD_PROFILES[case]
    bad = write(tmp_path, "broken.json", content)
    done = run_check("--profile", str(bad), "--request", "-", stdin=json.dumps(GOOD_REQUEST))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert str(bad) in done.stderr
    for piece in expected:
        assert piece in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) <= 3  # short


def test_conflicting_accounts_name_both_files(tmp_path: Path) -> None:
    clash = write(tmp_path, "clash.json", {
        "schema": "persona-guard/profile@1", "id": "clash",
        "personas": {"fan": {"label": "Fan", "accounts": [{"site": "x",
                                                           "handle": "TopekaLibrary"}]}}})
    done = run_check("--profile", str(LIBRARY), "--profile", str(clash), "--request", "-",
                     stdin=json.dumps(GOOD_REQUEST))
    assert done.returncode == 2
    assert str(LIBRARY) in done.stderr and str(clash) in done.stderr
    assert "'fan'" in done.stderr and "'library'" in done.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["--now", "tomorrow"], "--now: 'tomorrow' is not an ISO-8601 time"),
    (["--now", "2026-11-17T10:15:00"], "has no UTC offset"),
    (["--mode", "libary"], "'libary' is not a persona"),
])
def test_bad_options_exit_2(args: list[str], expected: str) -> None:
    done = run_check("--profile", str(LIBRARY), "--request", "-", *args,
                     stdin=json.dumps(GOOD_REQUEST))
    assert done.returncode == 2 and expected in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("request_text", "expected"), [
    ('{"site": "x", "action": "post", "drafts": {}}', "unknown field 'drafts'"),
    ('{"site": "twitter", "action": "post"}', "site: 'twitter' is not allowed here"),
    ('{"site": "x"', "is not valid JSON"),
])
def test_a_bad_request_exits_2(request_text: str, expected: str) -> None:
    done = run_check("--profile", str(LIBRARY), "--request", "-", stdin=request_text)
    assert done.returncode == 2 and expected in done.stderr, done.stderr
    assert "standard input" in done.stderr


def test_an_unreadable_profile_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    done = run_check("--profile", str(missing), "--request", "-", stdin="{}")
    assert done.returncode == 2 and f"{missing}: cannot be read" in done.stderr
