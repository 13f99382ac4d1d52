"""Every site page with `checks` (Facebook, LinkedIn, ...): the adapter finds who acts (a
person, a Page, a company), the action and whom it answers or targets; a submit from the
wrong persona's mode is held and the page's own handler never runs; from the right one it
goes straight through and the handler runs exactly once. Pages that switch the acting
identity in place ("Interacting as", LinkedIn's identity menu) are checked on both sides
of the switch, without a reload."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import SITE_PAGES, fixture_html, open_fixture, submitted, wait_until
from tests.e2e.site_play import detected, play_right, play_wrong, scored, start

CASES = [pytest.param(p, id=f"{p['site']}-{p['scenario'][:2]}") for p in SITE_PAGES]


@pytest.mark.parametrize("entry", CASES)
def test_detects_and_guards(browser: BrowserSession, entry: dict[str, Any]) -> None:
    checks = entry["checks"]
    start(browser, entry)
    page = open_fixture(browser, entry)
    try:
        found = detected(browser, page, entry)
        assert scored(found, checks) == dict.fromkeys(
            ("identity", "kind", "action", "reply_to", "target"), True), found

        wrong = play_wrong(browser, page, entry)
        assert wrong["verdict"]["decision"] == checks["wrong"].get("decision", "warn")
        codes = {r["code"] for r in wrong["verdict"]["reasons"]}
        assert set(checks["wrong"].get("reasons", [])) <= codes, codes
        assert wrong["shown"]["kind"] == wrong["verdict"]["decision"]
        assert wrong["submitted"] == 0, "the page's handler ran before the person answered"
        # The warning names who is acting: the handle, or the Page's name when that is all.
        who = checks["identity"]["handle"]
        assert (f"@{who}" if who else checks["identity"]["display_name"]) in wrong["shown"]["text"]

        if "switch" in checks:
            # The person picks the other actor on the page itself: no reload.
            page.click(checks["switch"]["click"])
            wait_until(lambda: scored(detected(browser, page, entry), checks,
                                      checks["switch"]["identity"])["identity"],
                       what="the switched identity")
            again = scored(detected(browser, page, entry), checks, checks["switch"]["identity"])
            assert again["identity"] and again["kind"], again
        if checks["right"] is None:
            return
        right = play_right(browser, page, entry)
        assert right["verdict"]["decision"] == "allow", right["verdict"]
        assert right["dialog"] is None
        assert right["submitted"] == 1 and right["straight"] == 1, right
    finally:
        page.close()


def test_a_profile_switched_in_another_tab_is_not_trusted(browser: BrowserSession) -> None:
    """The personal profile's page is open; another tab switches to the library Page (the
    `i_user` cookie appears): this tab's record is stale, so the guard says it cannot tell
    and holds the post instead of letting it go as the person."""
    entry = next(p for p in SITE_PAGES if p["scenario"] == "01-new-post-from-personal-profile")
    start(browser, entry)
    page = open_fixture(browser, entry)
    try:
        assert detected(browser, page, entry)["identity"]["handle"] == "100004512345678"
        browser.context.add_cookies([{"name": "i_user", "value": "105123456789012",
                                      "domain": ".facebook.com", "path": "/", "secure": True}])
        found = wait_until(lambda: (lambda i: i if i["handle"] is None else None)(
            detected(browser, page, entry)["identity"]), what="the stale identity")
        assert found["kind"] == "unknown"
        page.keyboard.type("Off to the lake")
        page.click(entry["checks"]["do"]["send"])
        from tests.e2e.harness import dialog
        shown = dialog(browser, page)
        assert any("could not tell which account" in r for r in shown["reasons"])
        assert submitted(page) == 0
    finally:
        browser.context.clear_cookies()
        page.close()


def test_probe_command_names_the_page_and_its_signal() -> None:
    entry = next(p for p in SITE_PAGES if p["scenario"] == "02-new-post-acting-as-library-page")
    done = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(fixture_html(entry)),
         "--url", entry["url"]], capture_output=True, text=True, timeout=90, check=True)
    assert "@105123456789012 (page, Topeka & Shawnee County Public Library; " \
           "from state (CurrentUserInitialData))" in done.stdout
    out = subprocess.run(
        [sys.executable, "-m", "native_host.cli", "probe", str(fixture_html(entry)),
         "--url", entry["url"], "--json"], capture_output=True, text=True, timeout=90,
        check=True).stdout
    assert json.loads(out)["identity"] == {
        "site": "facebook", "handle": "105123456789012", "kind": "page",
        "display_name": "Topeka & Shawnee County Public Library"}


@pytest.mark.parametrize("entry", CASES)
def test_probe_view_of_each_page(browser: BrowserSession, entry: dict[str, Any]) -> None:
    """What `persona-guard probe PAGE --url URL` reports for the saved page (the same
    content-script probe, in this module's browser rather than one launched per page):
    the identity with nothing focused, and for a page whose action is written in its
    (first) composer, the action, the reply target and whom it writes to."""
    checks = entry["checks"]
    page = open_fixture(browser, entry)
    try:
        found = browser.probe(page)
    finally:
        page.close()
    assert found["site"] == entry["site"]
    identity = found["identity"]
    assert {k: identity[k] for k in ("handle", "kind", "display_name")} == checks["identity"]
    assert identity["source"] and identity["signal"]  # which signal named it
    if "type" in checks["do"]:
        assert found["action"] == checks["action"]
        assert found["context"].get("reply_to") == checks.get("reply_to")
        assert (found["context"].get("target") or {}).get("handle") == checks.get("target")
    else:
        assert checks["action"] in {c["action"] for c in found["action_controls"]}
