"""One real end-to-end run in Debian's firefox-esr: the host installed by
`persona-guard install --browser firefox` into a temporary HOME, the Firefox zip built
by `persona-guard package`, a reply from the personal account on the library's X thread
in library mode. Firefox starts the host through ~/.mozilla/native-messaging-hosts and the person
sees the host's warning (not the host-less confirmation); the post is held."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SCENARIO_DIR

FIREFOX = Path("/usr/bin/firefox-esr")
PUPPETEER = REPO / "node_modules" / "puppeteer-core"
SMOKE = Path(__file__).with_name("smoke.mjs")
FIXTURES = REPO / "tests" / "fixtures" / "sites"
SCENARIO = "01-library-reply-from-personal-in-work-mode"

pytestmark = [
    pytest.mark.firefox,
    pytest.mark.skipif(not FIREFOX.exists(), reason="Debian's firefox-esr is not installed"),
    pytest.mark.skipif(not PUPPETEER.exists() or not shutil.which("node"),
                       reason="node and npm puppeteer-core are needed: run scripts/setup.sh"),
    pytest.mark.skipif(not (REPO / "native_host" / "__main__.py").exists(),
                       reason="python -m native_host is not built"),
    pytest.mark.skipif(not (REPO / "extension" / "build.py").exists(),
                       reason="extension/build.py is not there"),
]


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "native_host.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_firefox_shows_the_hosts_warning(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PERSONA_GUARD_"))}
    env.update(HOME=str(home), PERSONA_GUARD_DATA_DIR=str(tmp_path / "data"))
    cli(env, "install", "--browser", "firefox")
    case = json.loads((SCENARIO_DIR / f"{SCENARIO}.json").read_text("utf-8"))
    for profile in case["profiles"]:
        path = tmp_path / f"{profile['id']}.json"
        path.write_text(json.dumps(profile), "utf-8")
        cli(env, "profile", "add", str(path))
    cli(env, "mode", case["mode"])
    # The zip a person would get: `persona-guard package` output, installed as is.
    cli(env, "package", "--family", "firefox", "--out", str(tmp_path / "dist"))

    pages = json.loads((FIXTURES / "pages.json").read_text("utf-8"))
    entry = next(p for p in pages if p["site"] == "x" and p["scenario"] == SCENARIO)
    config = {
        "firefox": str(FIREFOX), "home": str(home),
        "extension": str(tmp_path / "dist" / "persona-guard-firefox.zip"),
        "url": entry["url"], "html": str(FIXTURES / entry["file"]),
        "composer": '[data-testid="tweetTextarea_0"]',
        "submit": '[data-testid="tweetButtonInline"]',
        "draft": case["request"]["draft"]["text"],
        "screenshot": str(tmp_path / "firefox-warning.png"),
    }
    config_file = tmp_path / "smoke.json"
    config_file.write_text(json.dumps(config), "utf-8")
    done = subprocess.run(["node", str(SMOKE), str(config_file)], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env, check=False)
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    result = json.loads(lines[-1])
    assert "error" not in result, (result, done.stderr[-2000:])
    assert result["addon"] == "persona-guard@personaguard.org"
    # "warn" is the host's verdict; without a host the extension could only ask to confirm.
    assert result["kind"] == case["expect"]["decision"] == "warn"
    assert result["submitted"] == 0
