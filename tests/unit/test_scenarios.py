"""Every check case, run through `persona-guard check` as a person would: the project's own
(tests/scenarios, written from the seed articles) and the shared ones beside the repository
when that folder is there. Each runs with the process clock pinned inside and outside the
shipped schedules: the case's own `now` decides, never the clock the CLI was started with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INSTANTS, OWN_SCENARIO_DIR, Instant, PinnedClock, scenario_files

CLI = [sys.executable, "-m", "native_host.cli"]
SCENARIOS = scenario_files()
REASON_CODES = {"MODE_MISMATCH", "CONTEXT_MISMATCH", "AUDIENCE_MISMATCH", "SITE_POLICY",
                "CONTENT_MISMATCH", "UNKNOWN_ACCOUNT", "IDENTITY_UNDETECTED"}


def case_id(path: Path) -> str:
    return path.stem if path.parent == OWN_SCENARIO_DIR else f"shared-{path.stem}"


def test_the_project_carries_its_own_cases_for_every_reason() -> None:
    own = [json.loads(p.read_text("utf-8")) for p in OWN_SCENARIO_DIR.glob("*.json")]
    assert len(own) >= 8
    fired = {code for case in own for code in case["expect"]["reasons"]}
    assert fired == REASON_CODES
    assert {case["expect"]["decision"] for case in own} == {"allow", "warn", "block"}


@pytest.mark.parametrize("at", INSTANTS, ids=[i.name for i in INSTANTS])
@pytest.mark.parametrize("path", SCENARIOS, ids=[case_id(p) for p in SCENARIOS])
def test_scenario_verdict_matches_expectation(path: Path, at: Instant, tmp_path: Path,
                                              pinned_clock: PinnedClock) -> None:
    pinned_clock.pin(at.when)
    case = json.loads(path.read_text(encoding="utf-8"))
    args = [*CLI, "check", "--mode", case["mode"], "--now", case["now"], "--request", "-"]
    for index, prof in enumerate(case["profiles"]):
        file = tmp_path / f"{index}-{prof['id']}.json"
        file.write_text(json.dumps(prof), encoding="utf-8")
        args += ["--profile", str(file)]
    done = subprocess.run(args, input=json.dumps(case["request"]), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    expect = case["expect"]
    assert verdict["decision"] == expect["decision"], verdict
    assert sorted(r["code"] for r in verdict["reasons"]) == sorted(expect["reasons"]), verdict
    assert verdict["expected_persona"] == expect["expected_persona"], verdict
    for reason in verdict["reasons"]:  # a dialog can show every reason as is
        assert reason["message"].endswith(".") and len(reason["message"]) > 20
