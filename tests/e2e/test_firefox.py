"""The Firefox build in Debian's firefox-esr, with the real host: it installs, guards the
composer and asks the host. Driven by puppeteer-core (tests/e2e/firefox_driver.mjs);
Firefox reads native messaging manifests from ~/.mozilla/native-messaging-hosts, so the
driver runs with a temporary HOME that holds only this test's registration."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from native_host.browser.session import EXTENSION_SOURCE, seed_store
from native_host.identifiers import DATA_DIR_ENV, GECKO_EXTENSION_ID, HOST_NAME
from native_host.install.manifest import host_manifest, manifest_bytes, write_atomic, write_launcher
from tests.conftest import REPO
from tests.e2e.harness import COMPOSER, SUBMIT, fixture, fixture_html, scenario

FIREFOX = Path("/usr/bin/firefox-esr")
pytestmark = [
    pytest.mark.firefox,
    pytest.mark.skipif(not FIREFOX.exists() or shutil.which("node") is None
                       or not (REPO / "node_modules" / "puppeteer-core").is_dir(),
                       reason="needs firefox-esr, node and puppeteer-core (scripts/setup.sh)"),
]


def drive(tmp: Path, name: str, with_host: bool = True) -> dict[str, Any]:
    case = scenario(name)
    home, data = tmp / "home", tmp / "data"
    home.mkdir()
    data.mkdir()
    seed_store(data, case["profiles"], case["mode"])
    if with_host:
        launcher = write_launcher(tmp / "persona-guard-host", python=sys.executable,
                                  env={DATA_DIR_ENV: str(data)})
        write_atomic(home / ".mozilla" / "native-messaging-hosts" / f"{HOST_NAME}.json",
                     manifest_bytes(host_manifest("firefox", launcher)))
    build = tmp / "firefox"
    subprocess.run([sys.executable, str(EXTENSION_SOURCE / "build.py"), "firefox", "--out",
                    str(build)], check=True, stdout=subprocess.DEVNULL)
    page = fixture("x", name)
    args = {"extension": str(build), "fixture": str(fixture_html(page)), "url": page["url"],
            "composer": COMPOSER["x"], "submit": SUBMIT["x"], "firefox": str(FIREFOX),
            "text": case["request"]["draft"]["text"]}
    done = subprocess.run(["node", str(REPO / "tests" / "e2e" / "firefox_driver.mjs"),
                           json.dumps(args)], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HOME": str(home)})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_firefox_warns_on_the_librarian_reply(tmp_path: Path) -> None:
    seen = drive(tmp_path, "01-library-reply-from-personal-in-work-mode")
    assert seen["extension"] == GECKO_EXTENSION_ID
    assert seen["chip"]
    assert seen["dialog"] == "warn"  # the host's verdict, not the fail-closed confirm
    assert seen["submitted"] == 0
    assert seen["after_escape"] == {"dialog": False, "submitted": 0}


def test_firefox_lets_the_library_account_post(tmp_path: Path) -> None:
    seen = drive(tmp_path, "03-library-account-answers")
    assert seen["dialog"] is None and seen["submitted"] == 1
