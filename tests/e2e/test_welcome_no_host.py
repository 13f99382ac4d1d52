"""The welcome page without a host: it says so and gives the exact commands that install
the host for this browser on this system (a browser per module: see conftest)."""

from __future__ import annotations

from native_host.browser.session import BrowserSession
from tests.e2e.harness import wait_until
from tests.e2e.test_welcome import WELCOME


def test_welcome_without_host_shows_the_exact_commands(hostless: BrowserSession) -> None:
    page = hostless.context.new_page()
    try:
        page.goto(WELCOME)
        wait_until(lambda: page.is_visible("#install"), what="the install commands")
        assert "not installed" in page.inner_text("#host-status")
        assert page.inner_text("#install-package") == "pipx install persona-guard"
        assert page.inner_text("#install-register") == "persona-guard install --browser chromium"
        assert "python3 -m pip install --user persona-guard" in page.inner_text(
            "#install-fallback")
        assert page.get_attribute("#install-docs", "href").endswith("docs/install.md")
        assert page.is_hidden("#personas")
    finally:
        page.close()
