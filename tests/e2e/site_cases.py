"""A person on the fixture pages that carry their own expectation (pages.json `expect`,
`act`): what the probe sees, and what happens when they act from the wrong persona and from
the right one. Used by test_instagram_threads_reddit_youtube.py (asserting) and
scripts/site_fixture_report.py (counting)."""

from __future__ import annotations

from typing import Any

from native_host.browser.session import BrowserSession, cli
from tests.e2e.harness import dialog, no_dialog, open_fixture, submitted, wait_until

SITES = ("instagram", "threads", "reddit", "youtube")
# One organisation's library and one librarian, with an account on every site.
LIBRARY_HANDLE = {"instagram": "topekalibrary", "threads": "topekalibrary",
                  "reddit": "TopekaLibrary", "youtube": "topekalibrary"}
PERSONAL_HANDLE = "davidleeking"
PROFILE: dict[str, Any] = {
    "schema": "persona-guard/profile@1", "id": "site-pages", "version": 1,
    "title": "Library and me",
    "personas": {
        "library": {"label": "Library", "color": "#0b5cad", "accounts": [
            {"site": site, "handle": handle, **({"kind": "page"} if site == "youtube" else {})}
            for site, handle in LIBRARY_HANDLE.items()]},
        "personal": {"label": "Personal", "color": "#2e7d32", "accounts": [
            {"site": site, "handle": PERSONAL_HANDLE} for site in SITES]},
    },
}
DRAFT = "See you at the branch on Saturday"


def persona_of(handle: str) -> str:
    return "library" if handle.lower() == "topekalibrary" else "personal"


def other(persona: str) -> str:
    return "personal" if persona == "library" else "library"


def set_mode(session: BrowserSession, mode: str) -> None:
    cli(session.data_dir, "mode", mode)

    def heard() -> bool:
        state = session.background("() => PersonaGuardBackground.state.host") or {}
        return bool(state.get("mode") == mode)
    wait_until(heard, what=f"the extension to see mode {mode}")


def identity(session: BrowserSession, page: Any) -> dict[str, Any]:
    return dict(session.probe(page)["identity"])


def switch(session: BrowserSession, page: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Switch the account the way the site's own menu does, in the page; the identity the
    adapter reads afterwards."""
    wanted = entry["expect"]["after_switch"]
    for selector in entry["act"]["switch"]:
        page.click(selector)

    def switched() -> dict[str, Any] | None:
        found = identity(session, page)
        return found if found["handle"] == wanted["handle"] else None
    return dict(wait_until(switched, what=f"the identity to become @{wanted['handle']}"))


def prepare(page: Any, entry: dict[str, Any]) -> None:
    act = entry["act"]
    for selector in act.get("before", []):
        page.click(selector)
    for selector, value in act.get("before_type", {}).items():
        page.click(selector)
        page.keyboard.type(value)


def hover(session: BrowserSession, page: Any, selector: str) -> dict[str, Any]:
    """Point at a control as a person does on the way to clicking it: the guard asks for
    its verdict then. What it asked."""
    cached = session.probe(page)["verdicts_cached"]
    page.hover(selector)
    wait_until(lambda: session.probe(page)["verdicts_cached"] > cached,
               what="the control's verdict")
    return dict(session.probe(page)["last_asked"])


def perform(session: BrowserSession, page: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Write and send, or press the control, as a person does: the guard has had the time
    a person takes (its verdict is in) before the send. Returns what the guard last asked."""
    act = entry["act"]
    if "control" in act:
        asked = hover(session, page, act["control"])
        page.click(act["control"])
        return asked
    page.click(act["compose"])
    page.keyboard.press("End")
    page.keyboard.type(DRAFT)
    wait_until(lambda: session.probe(page).get("verdict"), what="the verdict")
    asked = session.probe(page)["last_asked"]
    if "key" in act:
        page.keyboard.press(act["key"])
    else:
        page.click(act["submit"])
    return dict(asked)


def detected(session: BrowserSession, entry: dict[str, Any]) -> dict[str, Any]:
    """The probe's view after the page's own preparation: identity, action, reply target."""
    page = open_fixture(session, entry)
    try:
        found = session.wait_for_content(page)
        prepare(page, entry)
        act = entry["act"]
        if "control" in act:
            asked = hover(session, page, act["control"])
            return {"identity": found["identity"], "action": asked["action"],
                    "reply_to": (asked["reply_to"] or {}).get("handle"),
                    "target": (asked["target"] or {}).get("handle")}
        page.click(act["compose"])
        page.keyboard.press("End")
        page.keyboard.type("x")
        found = session.probe(page)
        context = found["context"]
        return {"identity": found["identity"], "action": found["action"],
                "reply_to": (context.get("reply_to") or {}).get("handle"),
                "target": (context.get("target") or {}).get("handle")}
    finally:
        page.close()


def acted(session: BrowserSession, entry: dict[str, Any], right: bool) -> dict[str, Any]:
    """Act from the right persona (the mode names the active account's persona) or the
    wrong one: was it held, did the page's own handler run, and how often."""
    expect = entry["expect"]
    page = open_fixture(session, entry)
    try:
        session.wait_for_content(page)
        handle = expect["handle"]
        if "after_switch" in expect:
            handle = switch(session, page, entry)["handle"]
        persona = persona_of(handle) if handle else "library"
        set_mode(session, persona if right else other(persona))
        prepare(page, entry)
        asked = perform(session, page, entry)
        if right:
            page.wait_for_timeout(150)  # the page's handler ran during the click itself
            found = session.probe(page)
            return {"held": found["dialog"] is not None, "handler_runs": submitted(page),
                    "straight": found["stats"]["allowedStraight"] >= 1, "asked": asked}
        shown = dialog(session, page)
        runs_while_held = submitted(page)
        page.keyboard.press("Escape")
        wait_until(lambda: no_dialog(session, page), what="the warning to close")
        return {"held": True, "kind": shown["kind"], "handler_runs": runs_while_held,
                "after_cancel": submitted(page), "asked": asked}
    finally:
        page.close()
