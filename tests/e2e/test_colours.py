"""A yellow persona (#fdd835) stays readable: dark text on it in the chip, the warning,
the toolbar badge and the popup (WCAG AA, 4.5:1), where it used to be white on yellow."""

from __future__ import annotations

import copy
import re

from native_host.browser.session import BrowserSession
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from tests.e2e.harness import (
    SUBMIT,
    dialog,
    fixture,
    open_fixture,
    scenario,
    type_draft,
    use_profiles,
)
from tests.extension.test_contrast import ratio

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")
YELLOW = "#fdd835"


def hex_of(css: str) -> str:
    r, g, b = (int(n) for n in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_yellow_persona_gets_dark_text_everywhere(browser: BrowserSession) -> None:
    profiles = copy.deepcopy(LIBRARY["profiles"])
    for profile in profiles:
        for persona in profile["personas"].values():
            persona["color"] = YELLOW
    # Personal mode: the badge shows the persona's own colour (not the mismatch red),
    # and the reply to the library's patron still warns, naming both personas.
    use_profiles(browser, profiles, "personal")
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    popup = browser.context.new_page()
    try:
        type_draft(browser, page, "x", "Yes we do")
        chip = browser.probe(page)["chip"]
        assert chip["color"] == YELLOW and ratio(chip["color"], chip["text_color"]) >= 4.5

        page.click(SUBMIT["x"])
        shown = dialog(browser, page)
        assert len(shown["who"]) == 2
        for who in shown["who"]:
            assert hex_of(who["color"]) == YELLOW
            assert ratio(hex_of(who["color"]), hex_of(who["text_color"])) >= 4.5
        page.keyboard.press("Escape")

        badge = browser.badge(page)
        assert badge["color"][:3] == [0xFD, 0xD8, 0x35]
        text = "#" + "".join(f"{v:02x}" for v in badge["text_color"][:3])
        assert ratio(YELLOW, text) >= 4.5

        popup.goto(f"chrome-extension://{CHROMIUM_EXTENSION_ID}/popup/popup.html"
                   f"?tab={browser.tab_id(page)}")
        popup.wait_for_selector("#tab-identity .persona")
        colours = popup.eval_on_selector("#tab-identity .persona", """(node) => {
            const s = getComputedStyle(node); return [s.backgroundColor, s.color]; }""")
        assert hex_of(colours[0]) == YELLOW and ratio(YELLOW, hex_of(colours[1])) >= 4.5
    finally:
        popup.close()
        page.close()
