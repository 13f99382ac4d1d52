"""Quote, message, follow, shortcuts and the replies X's modal composer hides, on the
fixtures in tests/fixtures/sites/actions.json: what the adapter reads, then the guard as a
person meets it. With the account acted on in another persona's audience the action is
held and the page's own handler never runs; from the right persona it goes straight
through and the handler runs exactly once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import (
    FIXTURES,
    choose,
    dialog,
    outcome_logged,
    outcomes,
    submitted,
    use_profiles,
    wait_until,
)

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "actions.json").read_text("utf-8"))
PARAMS = [pytest.param(c, id=c["name"]) for c in CASES]
# The other persona's own account on each site (never the viewer).
OTHER = {"x": "topekalibrary", "mastodon": "tscpl@mastodon.social", "bluesky": "tscpl.bsky.social"}


def profiles(case: dict[str, Any], viewer_is_library: bool) -> list[dict[str, Any]]:
    """The account acted on belongs to the library's world: in its audience, or (for a
    mention) one of its own accounts. The viewer is the library's or a personal account."""
    site, viewer, acted_on = case["site"], case["viewer"], case["acted_on"]
    library = [{"site": site, "handle": viewer if viewer_is_library else OTHER[site]}]
    audience = []
    if case["where"] == "mentions":
        library.append({"site": site, "handle": acted_on})
    else:
        audience.append({"site": site, "handle": acted_on})
    personal = [] if viewer_is_library else [{"site": site, "handle": viewer}]
    return [{"schema": "persona-guard/profile@1", "id": "actions", "personas": {
        "library": {"label": "Library", "color": "#0b5cad", "accounts": library,
                    "audience": audience},
        "personal": {"label": "Personal", "color": "#2e7d32", "accounts": personal}}}]


def open_case(session: BrowserSession, case: dict[str, Any]) -> Any:
    session.serve_file(case["url"], FIXTURES / case["file"])
    return session.open(case["url"])


def prepare(session: BrowserSession, page: Any, case: dict[str, Any]) -> None:
    """Type the draft (composer cases), or put the keyboard focus on the post."""
    how = case["do"]
    if how["type"] == "compose":
        page.click(how["composer"])
        page.keyboard.type(case.get("draft", "Thanks, see you at the library"))
        wait_until(lambda: session.probe(page).get("verdict"), what="the verdict")
    elif how["type"] == "key":
        page.focus(how["focus"])


def act(page: Any, case: dict[str, Any]) -> None:
    how = case["do"]
    if how["type"] == "menu":  # the opener is not the action: the menu's item is
        page.click(how["open"])
        page.click(how["selector"])
    elif how["type"] == "click":
        page.click(how["selector"])
    elif how["type"] == "key" or "key" in how:
        page.keyboard.press(how["key"])
    else:
        page.click(how["submit"])


def acted_on(found: dict[str, Any], where: str) -> list[str]:
    context = found["context"]
    if where == "mentions":
        return context["mentions"]
    return [(context.get(where) or {}).get("handle")]


@pytest.mark.parametrize("case", [c for c in PARAMS if c.values[0]["do"]["type"] == "compose"])
def test_probe_reads_the_action_and_whom_it_is_for(browser: BrowserSession,
                                                    case: dict[str, Any]) -> None:
    page = open_case(browser, case)
    try:
        prepare(browser, page, case)  # a message's recipient may be named in the draft
        found = browser.probe(page)
    finally:
        page.close()
    assert found["identity"]["handle"] == case["viewer"]
    assert found["action"] == case["action"]
    assert case["acted_on"] in acted_on(found, case["where"])


@pytest.mark.parametrize("case", PARAMS)
def test_wrong_persona_is_held_and_the_page_never_acts(browser: BrowserSession,
                                                      case: dict[str, Any]) -> None:
    use_profiles(browser, profiles(case, viewer_is_library=False), "auto")
    page = open_case(browser, case)
    try:
        before = outcomes(browser)
        prepare(browser, page, case)
        act(page, case)
        shown = dialog(browser, page)
        assert shown["kind"] == "warn" and submitted(page) == 0
        choose(page, shown, "cancelled")
        record = outcome_logged(browser, "cancelled", before)
        assert record["action"] == case["action"]
        expected = "CONTEXT_MISMATCH" if case["where"] == "mentions" else "AUDIENCE_MISMATCH"
        assert expected in record["reasons"]
        assert submitted(page) == 0
    finally:
        page.close()


@pytest.mark.parametrize("case", PARAMS)
def test_right_persona_goes_through_once(browser: BrowserSession, case: dict[str, Any]) -> None:
    use_profiles(browser, profiles(case, viewer_is_library=True), "auto")
    page = open_case(browser, case)
    try:
        before = outcomes(browser)
        prepare(browser, page, case)
        act(page, case)
        wait_until(lambda: submitted(page) >= 1, what="the page's own handler")
        record = outcome_logged(browser, "proceeded", before)
        assert record["action"] == case["action"] and record["decision"] == "allow"
        assert browser.probe(page)["dialog"] is None
        assert submitted(page) == 1
    finally:
        page.close()
