"""The first run: the welcome page opens on install, says whether the host answers (its
version, where the store is) or gives the exact commands to install it, and makes the
first two personas from an account seen in a tab and one typed in. axe-core finds no
serious or critical violation on the welcome page, the popup and the warning, in light
and dark mode."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from tests.conftest import REPO
from tests.e2e.harness import (
    SUBMIT,
    dialog,
    fixture,
    open_fixture,
    scenario,
    type_draft,
    use_profiles,
    wait_until,
)

BASE = f"chrome-extension://{CHROMIUM_EXTENSION_ID}"
WELCOME = f"{BASE}/welcome/welcome.html"
POPUP = f"{BASE}/popup/popup.html"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")


def serious_violations(target: Any) -> list[Any]:
    """axe-core's serious and critical findings in a page or frame."""
    target.evaluate(AXE.read_text("utf-8") + "\n;undefined")
    result = target.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_welcome_page_opens_on_install(browser: BrowserSession) -> None:
    wait_until(lambda: any(p.url == WELCOME for p in browser.context.pages),
               what="the welcome tab")


def test_welcome_with_host_makes_the_first_two_personas(browser: BrowserSession) -> None:
    use_profiles(browser, [], "auto")
    site = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    page = browser.context.new_page()
    try:
        wait_until(lambda: browser.badge(site)["text"] == "—", what="the tab's account to be seen")
        page.goto(WELCOME)
        status = wait_until(lambda: page.inner_text("#host-status"), what="the host status")
        assert "Connected: host version" in status and str(browser.data_dir) in status
        assert page.is_hidden("#install")
        # The first persona: the account open in the other tab, already offered.
        options = page.locator("#step-0-account option").all_inner_texts()
        assert options[0] == "@davidleeking (X)"
        page.fill("#step-0-label", "Personal")
        page.click("#step-0 button[type=submit]")
        wait_until(lambda: "Added @davidleeking to Personal" in page.inner_text("#step-0-result"),
                   what="the first persona")
        # The second: typed in.
        page.fill("#step-1-label", "Library")
        page.select_option("#step-1-account", "typed")
        page.select_option("#step-1-site", "mastodon")
        page.fill("#step-1-handle", "tscpl@mastodon.social")
        page.click("#step-1 button[type=submit]")
        wait_until(lambda: "Added @tscpl@mastodon.social to Library" in page.inner_text(
            "#step-1-result"), what="the second persona")
        state = browser.background("() => PersonaGuardBackground.state.host")
        assert {p["label"] for p in state["personas"].values()} == {"Personal", "Library"}
        assert "You have 2 personas" in page.inner_text("#personas-result")
        # The chip on the site now names the persona.
        site.bring_to_front()
        type_draft(browser, site, "x", "Hello")
        assert browser.probe(site)["chip"]["text"] == "Posting as Personal"
    finally:
        page.close()
        site.close()


def test_popup_links_to_the_welcome_page_without_a_profile(browser: BrowserSession) -> None:
    use_profiles(browser, [], "auto")
    popup = browser.context.new_page()
    try:
        popup.goto(POPUP)
        wait_until(lambda: popup.is_visible("#welcome-link"), what="the welcome link")
        assert popup.get_attribute("#welcome-link", "href") == "../welcome/welcome.html"
    finally:
        popup.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_welcome_popup_and_warning(browser: BrowserSession, scheme: str) -> None:
    profiles = copy.deepcopy(LIBRARY["profiles"])
    use_profiles(browser, profiles, LIBRARY["mode"])
    pages = []
    try:
        welcome = browser.context.new_page()
        pages.append(welcome)
        welcome.emulate_media(color_scheme=scheme)
        welcome.goto(WELCOME)
        wait_until(lambda: welcome.inner_text("#host-status"), what="the host status")
        assert serious_violations(welcome) == []

        site = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
        pages.append(site)
        site.emulate_media(color_scheme=scheme)
        popup = browser.context.new_page()
        pages.append(popup)
        popup.emulate_media(color_scheme=scheme)
        popup.goto(f"{POPUP}?tab={browser.tab_id(site)}")
        wait_until(lambda: "Connected" in popup.inner_text("#host-status"), what="the popup")
        assert serious_violations(popup) == []

        site.bring_to_front()
        type_draft(browser, site, "x", "Yes we do")
        site.click(SUBMIT["x"])
        dialog(browser, site)
        frame = next(f for f in site.frames if f.url.split("#")[0].endswith("/frames/warning.html"))
        assert frame.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark")
        assert serious_violations(frame) == []
        site.keyboard.press("Escape")
    finally:
        for page in pages:
            page.close()


def test_popup_shows_the_shortcut_the_browser_has_bound(browser: BrowserSession) -> None:
    bound = browser.background(
        "async () => (await chrome.commands.getAll()).find((c) => c.name === 'cycle-mode')"
        ".shortcut")
    # An extension loaded from the command line gets no suggested key bound, as when a
    # person cleared it: the popup must say so, not print the manifest's suggestion.
    popup = browser.context.new_page()
    try:
        popup.goto(POPUP)
        text = wait_until(lambda: popup.inner_text("#shortcut"), what="the shortcut line")
        assert "Alt+Shift+P" not in text or bound == "Alt+Shift+P"
        assert text == (f"Shortcut: {bound} cycles the modes." if bound else
                        "No shortcut is set: choose one in the browser's extension shortcuts.")
    finally:
        popup.close()
