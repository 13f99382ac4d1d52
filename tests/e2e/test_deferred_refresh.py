"""What the content script re-reads after the page changes under it, without a reload:
an account switched inside the page reaches the toolbar badge, and the chip follows its
composer when the page above the composer grows or shrinks. (Posts streaming into a
timeline touch neither, and cost no re-read: bench/extension_mutations.py counts that.)"""

from __future__ import annotations

from typing import Any

import pytest

from native_host.browser.session import PAINTED, BrowserSession
from tests.e2e.harness import SITE_CASES, fixture, open_fixture, scenario, use_profiles, wait_until
from tests.e2e.site_cases import PROFILE, persona_of, switch

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")
SHORT = {"library": "Lib", "personal": "Per"}  # the badge: the persona's label, shortened
SWITCHES = [pytest.param(c, id=f"{c['site']}-{c['scenario']}")
            for c in SITE_CASES if "after_switch" in c["expect"]]


@pytest.mark.parametrize("entry", SWITCHES)
def test_an_account_switched_in_the_page_reaches_the_badge(browser: BrowserSession,
                                                           entry: dict[str, Any]) -> None:
    use_profiles(browser, [PROFILE], "auto")
    page = open_fixture(browser, entry)
    try:
        before = SHORT[persona_of(entry["expect"]["handle"])]
        after = SHORT[persona_of(entry["expect"]["after_switch"]["handle"])]
        assert before != after
        wait_until(lambda: browser.badge(page)["text"] == before, what=f"the badge {before}")
        switch(browser, page, entry)
        badge = wait_until(lambda: (b := browser.badge(page))["text"] == after and b,
                           what=f"the badge to follow the switch to {after}")
        assert badge["title"].endswith("Library" if after == "Lib" else "Personal")
    finally:
        page.close()


GROW_ABOVE = """([selector, height]) => {
  const banner = document.createElement("div");
  banner.id = "new-posts-banner";
  banner.style.height = `${height}px`;
  banner.textContent = "Show 35 posts";
  const composer = document.querySelector(selector);
  (composer.closest('[data-testid="inline_composer"]') || composer).before(banner);
}"""


def settled_chip(browser: BrowserSession, page: Any) -> dict[str, float] | None:
    """The chip's box once it is drawn in the same place two frames apart (it is placed
    again as the page finishes laying out after the click), else None."""
    first = browser.probe(page)["chip"]
    page.evaluate(PAINTED)
    second = browser.probe(page)["chip"]
    return second["box"] if first and second and first["box"] == second["box"] else None


def test_the_chip_follows_its_composer_when_the_page_above_it_changes(
        browser: BrowserSession) -> None:
    use_profiles(browser, LIBRARY["profiles"], LIBRARY["mode"])
    entry = fixture("x", "07-personal-content-on-professional-twitter")
    page = open_fixture(browser, entry)
    composer = '[data-testid="tweetTextarea_0"]'
    try:
        browser.wait_for_content(page)
        page.click(composer)
        chip = wait_until(lambda: settled_chip(browser, page), what="the chip to settle")
        page.evaluate(GROW_ABOVE, [composer, 120])
        moved = wait_until(lambda: (c := browser.probe(page)["chip"])
                           and c["box"]["y"] >= chip["y"] + 100 and c["box"],
                           what="the chip to move down")
        assert abs(moved["x"] - chip["x"]) < 1
        top = page.evaluate(f"document.querySelector('{composer}').getBoundingClientRect().bottom")
        assert moved["y"] >= top  # still just under the composer, not over the banner
        page.evaluate("document.getElementById('new-posts-banner').remove()")
        wait_until(lambda: abs(browser.probe(page)["chip"]["box"]["y"] - chip["y"]) < 1,
                   what="the chip to move back up")
    finally:
        page.close()
