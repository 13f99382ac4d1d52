"""Setting up by browsing: the chip offers to add an account no persona claims, the host
writes it to the person's own profile, and the next verdict knows the account. A persona
a locked org profile defines is offered greyed out, with the reason."""

from __future__ import annotations

import copy
import json
from typing import Any

from native_host.browser.session import BrowserSession, click_at
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from native_host.store.records import PERSONAL
from native_host.store.store import Store
from tests.e2e.harness import COMPOSER, fixture, open_fixture, scenario, use_profiles, wait_until

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")
POPUP = f"chrome-extension://{CHROMIUM_EXTENSION_ID}/popup/popup.html"


def without_the_pages_account() -> list[dict[str, Any]]:
    """Scenario 01, but the personal persona does not list @davidleeking on X yet."""
    profiles = copy.deepcopy(LIBRARY["profiles"])
    for profile in profiles:
        for persona in profile["personas"].values():
            persona["accounts"] = [a for a in persona["accounts"]
                                   if (a["site"], a["handle"]) != ("x", "davidleeking")]
    return profiles


def codes(verdict: dict[str, Any] | None) -> list[str]:
    return [r["code"] for r in (verdict or {}).get("reasons", [])]


def offer(session: BrowserSession, page: Any) -> dict[str, Any] | None:
    """The chip's offer, once its frame has grown to hold every choice (a click before
    that would land on the page beside it)."""
    chip = session.probe(page).get("chip") or {}
    found, box = chip.get("offer"), chip.get("box")
    if not found or not box:
        return None
    inside = all(box["x"] <= c["x"] <= box["x"] + box["width"]
                 and box["y"] <= c["y"] <= box["y"] + box["height"] for c in found["choices"])
    return found if inside else None


def click(page: Any, choice: dict[str, Any]) -> None:
    click_at(page, choice["x"], choice["y"])  # a trusted click, inside the chip's frame


def test_chip_adds_the_account_and_the_next_verdict_knows_it(browser: BrowserSession) -> None:
    use_profiles(browser, without_the_pages_account(), LIBRARY["mode"])
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    try:
        page.click(COMPOSER["x"])
        page.keyboard.type("Yes we do")
        verdict = wait_until(lambda: browser.probe(page).get("verdict"), what="the verdict")
        assert "UNKNOWN_ACCOUNT" in codes(verdict)
        shown = wait_until(lambda: offer(browser, page), what="the chip's offer")
        [opener] = [c for c in shown["choices"] if c["persona"] == "open"]
        assert opener["label"] == "Add @davidleeking on X to …"
        click(page, opener)
        shown = wait_until(lambda: (o := offer(browser, page)) and o["open"] and o,
                           what="the personas to choose from")
        by_id = {c["persona"]: c for c in shown["choices"]}
        assert by_id["library"]["disabled"] and "ask its admin" in by_id["library"]["why"]
        assert not by_id["personal"]["disabled"] and "__new__" in by_id
        click(page, by_id["personal"])
        after = wait_until(lambda: (v := browser.probe(page).get("verdict")) and
                           "UNKNOWN_ACCOUNT" not in codes(v) and v, timeout=20,
                           what="a verdict that knows the account")
        assert after["active_persona"] == "personal"
        chip = browser.probe(page)["chip"]
        assert chip["text"] == "Posting as Personal" and "offer" not in chip
        own = next(e for e in Store(browser.data_dir).profiles() if e.origin == PERSONAL)
        accounts = json.loads(own.raw)["personas"]["personal"]["accounts"]
        assert {"site": "x", "handle": "davidleeking"} in accounts
    finally:
        page.close()


def test_chip_adds_the_account_to_a_new_persona(browser: BrowserSession) -> None:
    use_profiles(browser, without_the_pages_account(), LIBRARY["mode"])
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    try:
        page.click(COMPOSER["x"])
        page.keyboard.type("Hello")
        shown = wait_until(lambda: offer(browser, page), what="the chip's offer")
        click(page, next(c for c in shown["choices"] if c["persona"] == "open"))
        shown = wait_until(lambda: (o := offer(browser, page)) and o["open"] and o,
                           what="the personas to choose from")
        new = next(c for c in shown["choices"] if c["persona"] == "__new__")
        click(page, new["input"])
        page.keyboard.type("Book club")
        page.keyboard.press("Enter")
        after = wait_until(lambda: (v := browser.probe(page).get("verdict")) and
                           v.get("active_persona") == "book-club" and v,
                           what="the verdict to name the new persona")
        assert "UNKNOWN_ACCOUNT" not in codes(after)
        state = browser.background("() => PersonaGuardBackground.state.host")
        assert state["personas"]["book-club"]["label"] == "Book club"
    finally:
        page.close()


def test_popup_adds_the_tabs_account(browser: BrowserSession) -> None:
    use_profiles(browser, without_the_pages_account(), LIBRARY["mode"])
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    popup = browser.context.new_page()
    try:
        wait_until(lambda: browser.badge(page)["text"] == "—", what="the badge: no persona")
        popup.goto(f"{POPUP}?tab={browser.tab_id(page)}")
        heading = wait_until(lambda: popup.is_visible("#offer") and popup.inner_text(
            "#offer-heading"), what="the popup's offer")
        assert heading.casefold() == "add @davidleeking on x to …"  # h2s are upper-cased by CSS
        assert popup.is_disabled('#offer-list button[data-persona="library"]')
        assert "ask its admin" in popup.inner_text("#offer-list")
        popup.click('#offer-list button[data-persona="personal"]')
        wait_until(lambda: "Added to Personal" in popup.inner_text("#offer-result"),
                   what="the popup to confirm")
        page.bring_to_front()
        page.click(COMPOSER["x"])
        page.keyboard.type("Hello")
        after = wait_until(lambda: (v := browser.probe(page).get("verdict")) and
                           "UNKNOWN_ACCOUNT" not in codes(v) and v,
                           what="a verdict that knows the account")
        assert after["active_persona"] == "personal"
    finally:
        popup.close()
        page.close()
