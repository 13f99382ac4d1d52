"""Mastodon on a host no built-in address names, guarded from the popup's "Guard this
site". No browser lets a test click its permission prompt, so this Chromium's extension is
built with the instance's optional permission already granted (`build.py --grant`), which
is the state a person's "Allow" leaves; everything after the prompt is the real path: the
popup's button in a real click, `chrome.permissions.request`, the background registering
the content scripts with `chrome.scripting`, the page recognised by its own markers, the
list in the popup and its "Stop guarding"."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from native_host.browser.session import BrowserSession, BrowserUnavailable, launch
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from tests.e2e.harness import FIXTURES, choose, dialog, submitted, use_profiles, wait_until

INSTANCE = "https://social.example"
PAGE_URL = INSTANCE + "/@kansasreader/113500000000000001"
PAGE = FIXTURES / "mastodon" / "any-instance-reply.html"
PROFILES = [{"schema": "persona-guard/profile@1", "id": "instance", "personas": {
    "library": {"label": "Library", "color": "#0b5cad",
                "accounts": [{"site": "mastodon", "handle": "tscpl@social.example"}]},
    "personal": {"label": "Personal", "color": "#2e7d32",
                 "accounts": [{"site": "mastodon", "handle": "davidleeking@social.example"}]}}}]


@pytest.fixture(scope="module")
def granted() -> Iterator[BrowserSession]:
    try:
        with launch(profiles=[], grant=(INSTANCE,)) as session:
            session.wait_for_host()
            yield session
    except BrowserUnavailable as error:
        pytest.skip(str(error))


def detected(session: BrowserSession, page: Any) -> dict[str, Any] | None:
    """What the content script in `page` reads, or None where no content script runs."""
    return session.background(
        "(id) => PersonaGuardBackground.probeTab(id).catch(() => null)", session.tab_id(page))


def open_popup(session: BrowserSession, tab: Any) -> Any:
    popup = session.context.new_page()
    popup.goto(f"chrome-extension://{CHROMIUM_EXTENSION_ID}/popup/popup.html"
               f"?tab={session.tab_id(tab)}")
    return popup


def test_a_new_instance_is_unguarded_until_the_person_guards_it(granted: BrowserSession) -> None:
    use_profiles(granted, PROFILES, "library")
    granted.serve_file(PAGE_URL, PAGE)
    page = granted.context.new_page()
    page.goto(PAGE_URL)
    popup = open_popup(granted, page)
    try:
        assert detected(granted, page) is None  # no built-in address covers this host

        offer = popup.locator("#guard-offer")
        offer.wait_for(state="visible")
        assert "Mastodon at social.example" in offer.inner_text()
        popup.click("#guard-this")
        popup.locator('#guard-list li[data-origin="https://social.example"]').wait_for()
        assert popup.locator("#guard-offer").is_hidden()

        # The tab already open is guarded at once, and recognised as Mastodon.
        found = wait_until(lambda: detected(granted, page), what="the content script")
        assert found["site"] == "mastodon"
        assert found["identity"]["handle"] == "davidleeking@social.example"
        assert found["context"]["mentions"] == ["tscpl@social.example"]

        # ... and every later page there: the wrong persona's reply is held.
        page.reload()
        wait_until(lambda: detected(granted, page), what="the content script after a reload")
        page.click("textarea.autosuggest-textarea__textarea")
        page.keyboard.type("Yes we do, check the ebooks page!")
        wait_until(lambda: detected(granted, page).get("verdict"), what="the verdict")
        page.click('.compose-form__submit button[type="submit"]')
        shown = dialog(granted, page)
        assert shown["kind"] == "warn" and submitted(page) == 0
        choose(page, shown, "cancelled")

        # Stop guarding: off the list, and the next page load is not watched.
        popup.reload()
        popup.click('#guard-list li[data-origin="https://social.example"] .guard-remove')
        popup.locator("#guard-list li").wait_for(state="detached")
        stored = granted.background("() => PersonaGuardBackground.sites.list()")
        assert stored == []
        page.reload()  # waits for the load event: a registered script would be in by now
        assert detected(granted, page) is None
    finally:
        popup.close()
        page.close()


def test_a_site_that_is_not_mastodon_is_not_offered(granted: BrowserSession) -> None:
    url = INSTANCE + "/blog"
    granted.serve(url, "<!DOCTYPE html><title>A blog</title><p>Not a social site.</p>")
    page = granted.context.new_page()
    page.goto(url)
    popup = open_popup(granted, page)
    try:
        status = popup.evaluate(
            "(id) => chrome.runtime.sendMessage({kind: 'site_status', tab_id: id})",
            granted.tab_id(page))
        assert status["site"] is None and status["guarded"] is False
        assert popup.locator("#guard-offer").is_hidden()
        # Without the person's permission for a host, nothing is registered there.
        refused = popup.evaluate(
            "() => chrome.runtime.sendMessage({kind: 'guard_site', origin: 'https://other.example'})")
        assert refused == {"error": "no_permission", "origin": "https://other.example"}
        assert granted.background("() => PersonaGuardBackground.sites.list()") == []
    finally:
        popup.close()
        page.close()


def test_probe_reads_a_mastodon_page_on_any_instance() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(PAGE), "--url", PAGE_URL, "--json"],
        capture_output=True, text=True, timeout=90, check=True).stdout
    found = json.loads(out)
    assert found["site"] == "mastodon"
    assert found["identity"]["handle"] == "davidleeking@social.example"
    assert found["context"]["reply_to"]["handle"] == "kansasreader@social.example"
