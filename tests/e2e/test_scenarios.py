"""Every check case that happens on X, Mastodon or Bluesky, played on a page built like
the site's: the warning appears when the scenario says so, and the site's own submit
handler runs only when it should. Each answer lands in the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.conftest import OWN_SCENARIO_DIR, SHARED_SCENARIO_DIR
from tests.e2e.harness import (
    PAGES,
    SUBMIT,
    choose,
    dialog,
    no_dialog,
    open_fixture,
    outcome_logged,
    outcomes,
    profiles_for,
    scenario,
    submitted,
    type_draft,
    use_profiles,
)

# The project's own cases always; the shared ones of the same stem when that folder is there.
FOLDERS = [OWN_SCENARIO_DIR] + ([SHARED_SCENARIO_DIR] if SHARED_SCENARIO_DIR.is_dir() else [])
CASES = [pytest.param(p, folder, id=f"{'' if folder == OWN_SCENARIO_DIR else 'shared-'}"
                                    f"{p['site']}-{p['scenario'][:2]}")
         for folder in FOLDERS for p in PAGES if (folder / f"{p['scenario']}.json").is_file()]
# How each site's post is sent in these cases: a click, Ctrl+Enter, or the form's button.
HOW = {"x": "click", "mastodon": "click", "bluesky": "key"}


def send(page: Any, site: str, how: str) -> None:
    if how == "key":
        page.keyboard.press("Control+Enter")
    else:
        page.click(SUBMIT[site])


@pytest.mark.parametrize(("entry", "folder"), CASES)
def test_scenario_warns_or_lets_the_post_through(browser: BrowserSession,
                                                 entry: dict[str, Any], folder: Path) -> None:
    site = entry["site"]
    case = scenario(entry["scenario"], folder)
    expected = case["expect"]["decision"]
    use_profiles(browser, profiles_for(site, case), case["mode"])
    page = open_fixture(browser, entry)
    try:
        verdict = type_draft(browser, page, site, case["request"]["draft"]["text"])
        assert verdict["decision"] == expected
        before = outcomes(browser)
        send(page, site, HOW[site])

        if expected == "allow":
            # Not held at all: the site's own handler ran during the person's own click.
            page.wait_for_timeout(150)
            assert submitted(page) == 1
            assert no_dialog(browser, page)
            assert browser.probe(page)["stats"]["allowedStraight"] >= 1
            # ...and the audit log still hears of it, once, after the fact.
            record = outcome_logged(browser, "proceeded", before)
            assert record["decision"] == "allow" and record["site"] == site
            return

        shown = dialog(browser, page)
        assert shown["kind"] == expected
        assert submitted(page) == 0, "the post went out before the person answered"
        # The reasons are the host's own sentences, shown as they are.
        assert shown["reasons"] == [r["message"] for r in verdict["reasons"]]
        assert {r["code"] for r in verdict["reasons"]} >= set(case["expect"]["reasons"])
        handle = case["request"]["identity"]["handle"] if site == "x" else None
        if handle:
            assert f"@{handle}" in shown["text"]

        # Escape cancels: nothing is sent, the draft stays, the answer is logged.
        page.keyboard.press("Escape")
        browser.probe(page)
        assert no_dialog(browser, page)
        assert submitted(page) == 0
        outcome_logged(browser, "cancelled", before)

        # Again, and this time the person picks the account in use: the post goes out once.
        send(page, site, HOW[site])
        shown = dialog(browser, page)
        choose(page, shown, "proceeded")
        page.wait_for_timeout(150)
        assert submitted(page) == 1
        record = outcome_logged(browser, "proceeded", before)
        assert record["decision"] == expected
    finally:
        page.close()
