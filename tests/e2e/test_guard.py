"""The guard and its warning on X, beyond the seed scenarios: keyboard submit, an account
switched in another tab, a page script trying to answer the warning, block, the layout
changing between showings, the focus trap and the chip."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import (
    SUBMIT,
    choose,
    dialog,
    fixture,
    no_dialog,
    open_fixture,
    outcome_logged,
    outcomes,
    scenario,
    submitted,
    type_draft,
    use_profiles,
    wait_until,
)

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")


@pytest.fixture
def reply_page(browser: BrowserSession) -> Iterator[Any]:
    """Scenario 01: work mode, the librarian's own account, a patron's question."""
    use_profiles(browser, LIBRARY["profiles"], LIBRARY["mode"])
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    yield page
    page.close()


def test_ctrl_enter_is_held_then_replayed(browser: BrowserSession, reply_page: Any) -> None:
    type_draft(browser, reply_page, "x", "Yes we do, check the ebooks page!")
    reply_page.keyboard.press("Control+Enter")
    shown = dialog(browser, reply_page)
    assert shown["kind"] == "warn" and submitted(reply_page) == 0
    choose(reply_page, shown, "proceeded")
    wait_until(lambda: submitted(reply_page) == 1, what="the reply to go out")


def test_chip_names_the_persona_in_its_colour(browser: BrowserSession, reply_page: Any) -> None:
    type_draft(browser, reply_page, "x", "Hello")
    chip = browser.probe(reply_page)["chip"]
    assert {k: chip[k] for k in ("text", "color", "text_color")} == {
        "text": "Posting as Personal", "color": "#2e7d32", "text_color": "#ffffff"}
    assert "offer" not in chip  # the account is Personal's: nothing to add


def test_account_switched_in_another_tab_is_not_trusted(browser: BrowserSession) -> None:
    """Scenario 03 is allowed; then the session cookie moves to the personal account (as a
    switch in another tab does) while this tab still shows the library's page."""
    case = scenario("03-library-account-answers")
    use_profiles(browser, case["profiles"], case["mode"])
    page = open_fixture(browser, fixture("x", "03-library-account-answers"))
    try:
        verdict = type_draft(browser, page, "x", case["request"]["draft"]["text"])
        assert verdict["decision"] == "allow"
        browser.context.add_cookies([{"name": "twid", "value": "u%3D1001", "domain": "x.com",
                                      "path": "/", "secure": True}])
        page.click(SUBMIT["x"])
        shown = dialog(browser, page)
        assert submitted(page) == 0
        assert any("could not tell which account" in r for r in shown["reasons"])
    finally:
        page.close()


def test_page_script_cannot_answer_the_warning(browser: BrowserSession,
                                               reply_page: Any) -> None:
    type_draft(browser, reply_page, "x", "Yes we do")
    reply_page.click(SUBMIT["x"])
    dialog(browser, reply_page)
    forged = reply_page.evaluate("""() => {
        const host = document.querySelector("persona-guard-warning");
        for (const key of ["Enter", "Escape", " "]) {
            host.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true, composed: true}));
        }
        host.click();
        return host.shadowRoot === null;
    }""")
    assert forged, "the warning's shadow root must be closed"
    reply_page.wait_for_timeout(200)
    assert browser.probe(reply_page)["dialog"] is not None
    assert submitted(reply_page) == 0


def test_focus_stays_in_the_warning_and_it_is_modal(browser: BrowserSession,
                                                    reply_page: Any) -> None:
    type_draft(browser, reply_page, "x", "Yes we do")
    reply_page.click(SUBMIT["x"])
    shown = dialog(browser, reply_page)
    assert (shown["role"], shown["aria_modal"]) == ("alertdialog", "true")
    assert shown["focused"] == "cancelled"  # the safe choice has the focus first
    seen = set()
    for _ in range(4):
        reply_page.keyboard.press("Tab")
        seen.add(browser.probe(reply_page)["dialog"]["focused"])
    assert seen == {"proceeded", "switched", "cancelled"}
    # Enter on the focused choice is the person's own key press: it counts.
    while browser.probe(reply_page)["dialog"]["focused"] != "cancelled":
        reply_page.keyboard.press("Tab")
    reply_page.keyboard.press("Enter")
    wait_until(lambda: no_dialog(browser, reply_page), what="the warning to close")
    assert submitted(reply_page) == 0


def test_layout_changes_between_showings(browser: BrowserSession, reply_page: Any) -> None:
    type_draft(browser, reply_page, "x", "Yes we do")
    layouts = []
    for _ in range(3):
        reply_page.click(SUBMIT["x"])
        shown = dialog(browser, reply_page)
        layouts.append((shown["layout"], tuple(c["choice"] for c in shown["choices"])))
        reply_page.keyboard.press("Escape")
        wait_until(lambda: no_dialog(browser, reply_page), what="the warning to close")
    assert len(set(layouts)) > 1, layouts
    assert all(layout[1][0] != "proceeded" or layout[1][-1] != "proceeded" for layout in layouts)


def test_block_offers_only_cancel_or_switch(browser: BrowserSession) -> None:
    """Scenario 07 with the content check set to block: family news from the company account."""
    case = scenario("07-personal-content-on-professional-twitter")
    profiles = [{**p, "checks": {**p.get("checks", {}), "content_mismatch": "block"}}
                for p in case["profiles"]]
    use_profiles(browser, profiles, case["mode"])
    page = open_fixture(browser, fixture("x", "07-personal-content-on-professional-twitter"))
    try:
        before = outcomes(browser)
        type_draft(browser, page, "x", case["request"]["draft"]["text"])
        page.click(SUBMIT["x"])
        shown = dialog(browser, page)
        assert shown["kind"] == "block"
        assert {c["choice"] for c in shown["choices"]} == {"cancelled", "switched"}
        choose(page, shown, "switched")
        # Switching keeps the draft and opens the site's account menu.
        wait_until(lambda: page.evaluate("() => document.body.dataset.accountMenu") == "open",
                   what="the account menu")
        assert submitted(page) == 0
        assert "Family photos" in page.inner_text('[data-testid="tweetTextarea_0"]')
        assert outcome_logged(browser, "switched", before)["decision"] == "block"
    finally:
        page.close()


def test_like_on_the_library_conversation_is_held(browser: BrowserSession,
                                                  reply_page: Any) -> None:
    """A reaction is an action too: liking the patron's question to the library from the
    personal account, in work mode, is held like a reply."""
    liked = "() => Number(document.body.dataset.liked || 0)"
    reply_page.hover('[data-testid="like"]')  # the verdict is asked for on the way
    reply_page.click('[data-testid="like"]')
    shown = dialog(browser, reply_page)
    assert shown["kind"] == "warn" and "reacting" in shown["text"]
    assert reply_page.evaluate(liked) == 0
    choose(reply_page, shown, "proceeded")
    wait_until(lambda: reply_page.evaluate(liked) == 1, what="the like to go through")
