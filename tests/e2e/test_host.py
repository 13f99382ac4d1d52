"""The extension and the host together: a mode set from the CLI reaches the badge, a
killed host comes back, and the popup shows the mode, this tab's identity, the signed org
profiles in force and the host."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from native_host.browser.session import BrowserSession, cli
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from tests.conftest import free_port
from tests.e2e.harness import (
    SUBMIT,
    dialog,
    fixture,
    open_fixture,
    scenario,
    submitted,
    type_draft,
    use_profiles,
    wait_until,
)

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")
POPUP = f"chrome-extension://{CHROMIUM_EXTENSION_ID}/popup/popup.html"


def test_mode_set_from_the_cli_changes_the_badge(browser: BrowserSession) -> None:
    use_profiles(browser, LIBRARY["profiles"], "auto")
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    try:
        badge = wait_until(lambda: (b := browser.badge(page))["text"] == "Per" and b,
                           what="the personal badge")
        assert badge["color"][:3] == [0x2E, 0x7D, 0x32]
        cli(browser.data_dir, "mode", "library")
        # Text, colour and title are set one after another: wait for all of them.
        badge = wait_until(lambda: (b := browser.badge(page))["text"] == "!Per" and
                           "the mode expects Library" in b["title"] and b,
                           what="the badge to show the mismatch")
        assert badge["title"] == "Posting as Personal, but the mode expects Library"
        cli(browser.data_dir, "mode", "auto")
        wait_until(lambda: browser.badge(page)["text"] == "Per", what="the badge to calm down")
    finally:
        page.close()


def test_killed_host_is_reconnected(browser: BrowserSession) -> None:
    use_profiles(browser, LIBRARY["profiles"], LIBRARY["mode"])
    before = browser.host_pids()
    assert before, "no host process found"
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: browser.host_status()["connected"]
               and set(browser.host_pids()) - set(before), what="a new host")
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    try:
        type_draft(browser, page, "x", "Yes we do")
        page.click(SUBMIT["x"])
        assert dialog(browser, page)["kind"] == "warn"  # a verdict, not the fail-closed confirm
        assert submitted(page) == 0
    finally:
        page.close()


def test_popup_shows_identity_mode_and_host_and_sets_the_mode(browser: BrowserSession) -> None:
    use_profiles(browser, LIBRARY["profiles"], "auto")
    site = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    popup = browser.context.new_page()
    try:
        popup.goto(f"{POPUP}?tab={browser.tab_id(site)}")
        wait_until(lambda: "Connected (version" in popup.inner_text("#host-status"),
                   what="the host status")
        assert popup.inner_text("#tab-identity").split() == ["@davidleeking", "Personal"]
        labels = popup.inner_text("#mode-list")
        assert "Auto" in labels and "Library" in labels and "Personal" in labels
        popup.check("#for-hour")
        popup.check('input[value="library"]')
        shown = wait_until(lambda: (out := cli(browser.data_dir, "mode").stdout)
                           .startswith("mode: library") and out,
                           what="the mode chosen in the popup to reach the store")
        assert " until " in shown  # "for 1 hour"
    finally:
        popup.close()
        site.close()


def test_keyboard_command_cycles_the_modes(browser: BrowserSession) -> None:
    use_profiles(browser, LIBRARY["profiles"], "auto")
    seen = []
    for _ in range(3):
        seen.append(browser.background("() => PersonaGuardBackground.cycleMode()"))
        assert cli(browser.data_dir, "mode").stdout.startswith(f"mode: {seen[-1]}")
    assert seen == ["library", "personal", "auto"]


def test_mode_set_from_the_cli_applies_to_the_draft_being_written(
        browser: BrowserSession) -> None:
    """Scenario 03 is allowed in auto mode; switching to personal mode from the CLI while
    the library's reply is drafted makes the very next click warn, with no reload."""
    case = scenario("03-library-account-answers")
    use_profiles(browser, case["profiles"], "auto")
    page = open_fixture(browser, fixture("x", "03-library-account-answers"))
    try:
        assert type_draft(browser, page, "x", case["request"]["draft"]["text"])[
            "decision"] == "allow"
        cli(browser.data_dir, "mode", "personal")
        wait_until(lambda: (browser.probe(page).get("verdict") or {}).get("decision") == "warn",
                   what="the verdict to follow the new mode")
        page.click(SUBMIT["x"])
        assert "Personal mode" in dialog(browser, page)["text"]
        assert submitted(page) == 0
    finally:
        page.close()


def test_popup_shows_the_signed_org_profile_in_force(browser: BrowserSession,
                                                     tmp_path: Path) -> None:
    """An admin signs a profile and serves it; a person subscribes with the CLI; the host
    fetches and verifies it, and the popup shows which version is in force."""
    use_profiles(browser, LIBRARY["profiles"], "auto")
    key, bundles = tmp_path / "org.key", tmp_path / "bundles"
    bundles.mkdir()
    cli(browser.data_dir, "admin", "keygen", "--out", str(key))
    profile = tmp_path / "newsroom.json"
    profile.write_text(json.dumps({
        "schema": "persona-guard/profile@1", "id": "newsroom", "version": 3,
        "personas": {"newsroom": {"label": "Newsroom", "color": "#37474f", "accounts": [
            {"site": "bluesky", "handle": "newsroom.bsky.social"}]}}}), "utf-8")
    cli(browser.data_dir, "admin", "sign", str(profile), "--key", str(key),
        "--out", str(bundles / "newsroom.bundle.json"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "native_host.cli", "admin", "serve",
                               str(bundles), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/newsroom.bundle.json"
    popup = browser.context.new_page()
    try:
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), what="the server")
        cli(browser.data_dir, "subscribe", url, "--pubkey", f"{key}.pub")

        def shown() -> str:
            popup.goto(POPUP)
            return popup.inner_text("#sync") if popup.is_visible("#sync") else ""

        text = wait_until(lambda: "newsroom version 3" in (t := shown()) and t,
                          what="the org profile in the popup")
        assert "checked" in text and "failed" not in text
    finally:
        popup.close()
        cli(browser.data_dir, "subscribe", "--remove", url, check=False)
        server.terminate()
        server.wait(10)


def _answers(address: str) -> bool:
    try:
        with urllib.request.urlopen(address, timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False
