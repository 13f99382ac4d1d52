"""Regression tests on Mastodon and Bluesky, each named after what broke: an allowed post
counted twice, "Switch account" doing nothing, a block blaming the organisation for a
setting the person made."""

from __future__ import annotations

from typing import Any

from native_host.browser.session import BrowserSession
from native_host.store.audit import AuditLog
from tests.e2e.harness import (
    COMPOSER,
    SUBMIT,
    choose,
    dialog,
    fixture,
    open_fixture,
    outcomes,
    profiles_for,
    scenario,
    submitted,
    type_draft,
    use_profiles,
    wait_until,
)
from tests.e2e.test_site_actions import CASES, open_case, prepare, profiles


def proceeded_ids(session: BrowserSession) -> list[str]:
    return [r["check_id"] for r in AuditLog(session.data_dir).records()
            if r.get("outcome") == "proceeded"]


def test_an_allowed_mastodon_post_is_recorded_once(browser: BrowserSession) -> None:
    """The click on Post and the form's submit event are one action: one audit record."""
    case = scenario("03-library-account-answers")
    use_profiles(browser, profiles_for("mastodon", case), case["mode"])
    page = open_fixture(browser, fixture("mastodon", "03-library-account-answers"))
    try:
        before = len(proceeded_ids(browser))
        verdict = type_draft(browser, page, "mastodon", "We open at noon on Sundays!")
        assert verdict["decision"] == "allow"
        page.click(SUBMIT["mastodon"])
        wait_until(lambda: submitted(page) == 1, what="the post to go out")
        # A second post, sent with the keyboard: once its record is in, every record of
        # the first one is too (they travel in order over the same port).
        type_draft(browser, page, "mastodon", "And at ten on weekdays.")
        page.keyboard.press("Control+Enter")
        wait_until(lambda: submitted(page) == 2, what="the second post to go out")
        wait_until(lambda: len(set(proceeded_ids(browser)[before:])) == 2,
                   what="both posts in the audit log")
        assert len(proceeded_ids(browser)[before:]) == 2
    finally:
        page.close()


def test_switch_account_on_mastodon_says_where_to_switch(browser: BrowserSession) -> None:
    case = scenario("01-library-reply-from-personal-in-work-mode")
    use_profiles(browser, profiles_for("mastodon", case), case["mode"])
    page = open_fixture(browser, fixture("mastodon", "01-library-reply-from-personal-in-work-mode"))
    try:
        type_draft(browser, page, "mastodon", "Yes we do, check the ebooks page!")
        page.click(SUBMIT["mastodon"])
        shown = dialog(browser, page)
        where = shown["switch_where"] or ""
        assert "log out of mastodon.social" in where and "@tscpl@mastodon.social" in where
        assert where in shown["text"]  # on screen, not only in the probe
        choose(page, shown, "switched")
        wait_until(lambda: browser.probe(page)["dialog"] is None, what="the warning to close")
        assert submitted(page) == 0
        assert "ebooks" in page.input_value(COMPOSER["mastodon"])  # the draft is kept
    finally:
        page.close()


def test_switch_account_on_bluesky_opens_its_account_menu(browser: BrowserSession) -> None:
    case = next(c for c in CASES if c["name"] == "bluesky-quote")
    use_profiles(browser, profiles(case, viewer_is_library=False), "auto")
    # The library's account is one of Bluesky's signed-in accounts: switching is offered.
    page = open_case(browser, case)
    try:
        prepare(browser, page, case)
        page.click(case["do"]["submit"])
        shown = dialog(browser, page)
        assert shown["switch_where"] is None  # the menu is right there
        choose(page, shown, "switched")
        wait_until(lambda: page.evaluate("() => document.body.dataset.accountMenu") == "open",
                   what="Bluesky's account menu")
        assert submitted(page) == 0
    finally:
        page.close()


def test_a_block_from_the_persons_own_profile_does_not_blame_the_organisation(
        browser: BrowserSession) -> None:
    case = next(c for c in CASES if c["name"] == "mastodon-follow-in-account-list")
    own: list[dict[str, Any]] = profiles(case, viewer_is_library=False)
    own[0]["checks"] = {"audience_mismatch": "block"}
    use_profiles(browser, own, "auto")
    page = open_case(browser, case)
    try:
        before = outcomes(browser)
        page.click(case["do"]["selector"])
        shown = dialog(browser, page)
        assert shown["kind"] == "block"
        assert "Your own profile does not allow this" in shown["text"]
        assert "organisation" not in shown["text"]
        assert submitted(page) == 0
        choose(page, shown, "cancelled")
        wait_until(lambda: outcomes(browser).get("cancelled", 0) > before.get("cancelled", 0),
                   what="the cancel in the audit log")
    finally:
        page.close()
