"""Without a host (not installed, or gone) the guard still holds the post and asks the
person to confirm the account it sees; the popup and badge say how to install the host."""

from __future__ import annotations

from native_host.browser.session import BrowserSession
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from tests.e2e.harness import (
    COMPOSER,
    SUBMIT,
    choose,
    dialog,
    fixture,
    no_dialog,
    open_fixture,
    submitted,
    wait_until,
)


def test_without_host_the_guard_asks_to_confirm(hostless: BrowserSession) -> None:
    page = open_fixture(hostless, fixture("x", "03-library-account-answers"))
    try:
        page.click(COMPOSER["x"])
        page.keyboard.type("We're open noon to five on Sundays.")
        wait_until(lambda: "host not running" in (hostless.probe(page)["chip"] or {}).get(
            "text", ""), what="the chip to say the host is not running")
        page.click(SUBMIT["x"])
        shown = dialog(hostless, page)
        assert shown["kind"] == "confirm"
        assert "@topekalibrary" in shown["text"] and "persona-guard install" in shown["text"]
        assert submitted(page) == 0
        page.keyboard.press("Escape")
        wait_until(lambda: no_dialog(hostless, page), what="the confirm to close")
        assert submitted(page) == 0
        page.click(SUBMIT["x"])
        choose(page, dialog(hostless, page), "proceeded")
        wait_until(lambda: submitted(page) == 1, what="the confirmed post")
        assert hostless.badge(page)["text"] == "?"
    finally:
        page.close()


def test_popup_says_how_to_install_the_host(hostless: BrowserSession) -> None:
    popup = hostless.context.new_page()
    try:
        popup.goto(f"chrome-extension://{CHROMIUM_EXTENSION_ID}/popup/popup.html")
        status = wait_until(lambda: popup.inner_text("#host-status"), what="the host status")
        assert "Not running" in status
        command = wait_until(lambda: popup.inner_text("#host-command"), what="the commands")
        # The package first (the command is not there yet), then the browser's registration.
        assert command == "pipx install persona-guard && persona-guard install --browser chromium"
    finally:
        popup.close()
