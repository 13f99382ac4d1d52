"""Real end-to-end runs in Debian's firefox-esr, installed as a person would: the host
registered by `persona-guard install --browser firefox` into a temporary HOME, the zip
built by `persona-guard package`, the scenario's profiles added with `profile add`.
Firefox starts the host through ~/.mozilla/native-messaging-hosts; puppeteer-core drives
it (tests/firefox/driver.mjs), since no geckodriver can be installed here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from native_host.identifiers import GECKO_EXTENSION_ID
from tests.conftest import REPO, SCENARIO_DIR

FIREFOX = Path("/usr/bin/firefox-esr")
PUPPETEER = REPO / "node_modules" / "puppeteer-core"
DRIVER = Path(__file__).with_name("driver.mjs")
FIXTURES = REPO / "tests" / "fixtures" / "sites"

pytestmark = [
    pytest.mark.firefox,
    pytest.mark.skipif(not FIREFOX.exists(), reason="Debian's firefox-esr is not installed"),
    pytest.mark.skipif(not PUPPETEER.exists() or not shutil.which("node"),
                       reason="node and npm puppeteer-core are needed: run scripts/setup.sh"),
]


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "native_host.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done


def run_scenario(tmp_path: Path, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Install, add the scenario's profiles, post its draft in Firefox: what was seen."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PERSONA_GUARD_"))}
    env.update(HOME=str(home), PERSONA_GUARD_DATA_DIR=str(tmp_path / "data"))
    cli(env, "install", "--browser", "firefox")
    case = json.loads((SCENARIO_DIR / f"{name}.json").read_text("utf-8"))
    for profile in case["profiles"]:
        path = tmp_path / f"{profile['id']}.json"
        path.write_text(json.dumps(profile), "utf-8")
        cli(env, "profile", "add", str(path))
    cli(env, "mode", case["mode"])
    cli(env, "package", "--family", "firefox", "--out", str(tmp_path / "dist"))

    pages = json.loads((FIXTURES / "pages.json").read_text("utf-8"))
    entry = next(p for p in pages if p["site"] == "x" and p["scenario"] == name)
    config = {
        "firefox": str(FIREFOX), "home": str(home),
        "extension": str(tmp_path / "dist" / "persona-guard-firefox.zip"),
        "url": entry["url"], "html": str(FIXTURES / entry["file"]),
        "composer": '[data-testid="tweetTextarea_0"]',
        "submit": '[data-testid="tweetButtonInline"]',
        "draft": case["request"]["draft"]["text"],
        "expect_warning": case["expect"]["decision"] != "allow",
        "screenshot": str(tmp_path / "firefox-warning.png"),
    }
    config_file = tmp_path / "driver.json"
    config_file.write_text(json.dumps(config), "utf-8")
    done = subprocess.run(["node", str(DRIVER), str(config_file)], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env, check=False)
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    seen = json.loads(lines[-1])
    assert "error" not in seen, (seen, done.stderr[-2000:])
    assert seen["addon"] == GECKO_EXTENSION_ID and seen["chip"]
    return case, seen


def test_firefox_warns_on_the_librarians_reply_and_escape_cancels(tmp_path: Path) -> None:
    case, seen = run_scenario(tmp_path, "01-library-reply-from-personal-in-work-mode")
    assert seen["warning"] is True, seen
    assert seen["submitted"] == 0
    assert seen["page_reads"] is False  # find-in-page from the page sees none of the warning
    # Escape reached the warning's frame (it had the focus) and cancelled it.
    assert seen["after_escape"] == {"dialog": False, "submitted": 0}
    # "warn" is the host's verdict (without a host the extension could only ask to confirm),
    # and the person's answer was the cancel that Escape gave.
    [record] = [r for r in audit(tmp_path) if r.get("outcome")]
    assert (record["decision"], record["outcome"]) == (case["expect"]["decision"], "cancelled")
    assert record["decision"] == "warn"


def test_firefox_lets_the_library_account_post(tmp_path: Path) -> None:
    _, seen = run_scenario(tmp_path, "03-library-account-answers")
    assert seen["warning"] is False and seen["submitted"] == 1


def audit(tmp_path: Path) -> list[dict[str, Any]]:
    """The audit log as `persona-guard audit --json` prints it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PERSONA_GUARD_"))}
    env.update(HOME=str(tmp_path / "home"), PERSONA_GUARD_DATA_DIR=str(tmp_path / "data"))
    out = cli(env, "audit", "--json", "--limit", "100").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]
