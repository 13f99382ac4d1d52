"""Every check case from the seeds, run through `persona-guard check` as a person would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCENARIO_DIR

CLI = [sys.executable, "-m", "native_host.cli"]
SCENARIOS = sorted(SCENARIO_DIR.glob("*.json"))


def test_the_scenario_folder_is_there() -> None:
    assert SCENARIOS, f"no scenarios found in {SCENARIO_DIR}; set PERSONA_GUARD_SCENARIOS"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_verdict_matches_expectation(path: Path, tmp_path: Path) -> None:
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
