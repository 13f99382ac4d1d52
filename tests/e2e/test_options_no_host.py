"""The options page when no host is registered (a browser may start one Playwright, so
this has a module, and a Chromium, of its own)."""

from __future__ import annotations

from native_host.browser.session import BrowserSession
from tests.e2e.test_options import open_options


def test_without_a_host_the_page_says_so_and_offers_no_form(hostless: BrowserSession) -> None:
    page = open_options(hostless)
    try:
        assert "host" in page.inner_text("#save-status")
        assert page.locator("#profile-form").evaluate("(form) => form.inert") is True
        assert page.inner_text("#host-status") != ""
    finally:
        page.close()
