"""What the content script detects on every fixture page (the probe's view), and the
`persona-guard probe` command's output."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import PAGES, fixture_html, open_fixture, scenario

CASES = [pytest.param(p, id=f"{p['site']}-{p['scenario'][:2]}") for p in PAGES]


def expected_handle(entry: dict[str, Any]) -> str:
    return entry["viewer"] + ("@mastodon.social" if entry["site"] == "mastodon" else "")


@pytest.mark.parametrize("entry", CASES)
def test_probe_reads_identity_and_reply_target(browser: BrowserSession,
                                               entry: dict[str, Any]) -> None:
    page = open_fixture(browser, entry)
    try:
        found = browser.probe(page)
    finally:
        page.close()
    assert found["site"] == entry["site"]
    assert found["identity"]["handle"] == expected_handle(entry)
    assert found["identity"]["source"] == "state"  # the page's own record, not DOM text
    request = scenario(entry["scenario"])["request"]
    if request["context"].get("reply_to"):
        reply = found["context"]["reply_to"]
        assert reply["handle"].split("@")[0].split(".")[0] == "kansasreader"
        assert reply["text"]
    actions = {c["action"] for c in found["action_controls"]}
    assert {"submit", "compose"} <= actions


def test_probe_command_prints_the_contract() -> None:
    entry = next(p for p in PAGES if p["site"] == "mastodon")
    out = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(fixture_html(entry)),
         "--url", entry["url"], "--json"], capture_output=True, text=True, timeout=90,
        check=True).stdout
    found = json.loads(out)
    assert set(found) == {"site", "identity", "action_controls", "context"}
    assert found["identity"] == {"site": "mastodon", "handle": "davidleeking@mastodon.social",
                                 "kind": "user", "display_name": "David Lee King"}
    assert found["context"]["mentions"] == ["tscpl@mastodon.social"]


def test_probe_command_refuses_an_unknown_site() -> None:
    entry = PAGES[0]
    done = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(fixture_html(entry)),
         "--url", "https://example.com/"], capture_output=True, text=True, timeout=90)
    assert done.returncode == 2 and "x.com" in done.stderr
