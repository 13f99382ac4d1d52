"""Instagram, Threads, Reddit and YouTube, on pages built like each site's: the identity,
its kind and the post answered or account acted on, as the probe sees them; then the
guard in Chromium with the real host: from the wrong persona the send is held and the
page's own handler never runs; from the right one it goes straight through, once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import SITE_CASES, fixture_html, use_profiles
from tests.e2e.site_cases import PROFILE, SITES, acted, detected

CASES = [pytest.param(p, id=f"{p['site']}-{p['scenario']}")
         for p in SITE_CASES if p["site"] in SITES]


@pytest.fixture(scope="module")
def guarded(browser: BrowserSession) -> Iterator[BrowserSession]:
    use_profiles(browser, [PROFILE], "auto")
    yield browser


@pytest.mark.parametrize("entry", CASES)
def test_probe_finds_identity_kind_and_target(guarded: BrowserSession,
                                              entry: dict[str, Any]) -> None:
    expect = entry["expect"]
    found = detected(guarded, entry)
    who = found["identity"]
    assert (who["handle"], who["kind"]) == (expect["handle"], expect["kind"])
    assert who["source"] == expect["source"]
    if expect["signal"]:
        assert who["signal"] == expect["signal"]
    assert found["action"] == expect["action"]
    assert found["reply_to"] == expect["reply_to"]
    assert found["target"] == expect["target"]


@pytest.mark.parametrize("entry", CASES)
def test_wrong_persona_is_held_and_the_page_never_sends(guarded: BrowserSession,
                                                        entry: dict[str, Any]) -> None:
    seen = acted(guarded, entry, right=False)
    assert seen["kind"] == "warn"
    assert seen["handler_runs"] == 0 and seen["after_cancel"] == 0
    assert seen["asked"]["action"] == entry["expect"]["action"]


@pytest.mark.parametrize("entry", [c for c in CASES if c.values[0]["expect"]["handle"]])
def test_right_persona_goes_straight_through_once(guarded: BrowserSession,
                                                  entry: dict[str, Any]) -> None:
    seen = acted(guarded, entry, right=True)
    assert not seen["held"] and seen["straight"]
    assert seen["handler_runs"] == 1


def test_a_switch_without_reload_is_acted_on(guarded: BrowserSession) -> None:
    """Every site's in-page switch: the check after it names the new account and kind."""
    for entry in (c for c in SITE_CASES if "after_switch" in c["expect"]):
        seen = acted(guarded, entry, right=True)
        after = entry["expect"]["after_switch"]
        assert (seen["asked"]["identity"]["handle"], seen["asked"]["identity"]["kind"]) == (
            after["handle"], after["kind"]), entry["scenario"]


@pytest.mark.parametrize("site", SITES)
def test_probe_command_reports_the_site(site: str) -> None:
    entry = next(c for c in SITE_CASES if c["site"] == site)
    out = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(fixture_html(entry)),
         "--url", entry["url"], "--json"],
        capture_output=True, text=True, timeout=90, check=True).stdout
    found = json.loads(out)
    assert found["site"] == site
    assert (found["identity"]["handle"], found["identity"]["kind"]) == (entry["expect"]["handle"],
                                                                        entry["expect"]["kind"])
    assert {c["action"] for c in found["action_controls"]} >= {"submit", "compose"}
