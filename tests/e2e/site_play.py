"""Playing a site page's `checks` (pages.json rows built by the per-site fixture modules)
as a person would: what the adapter detects for the composer or control the row names,
a submit from the wrong persona's mode (held: the page's own handler never runs) and
from the right one (straight through: the handler runs exactly once). Shared by
tests/e2e/test_site_pages.py and scripts/site_page_coverage.py."""

from __future__ import annotations

import copy
from typing import Any

from native_host.browser.session import BrowserSession, cli
from tests.e2e.harness import dialog, no_dialog, scenario, submitted, use_profiles, wait_until


def _with_aliases(profiles: list[dict[str, Any]], aliases: dict[tuple[str, str], list[str]]
                  ) -> list[dict[str, Any]]:
    """The seed profiles, each Facebook account also listing its numeric id and name (the
    page names the acting profile by id; DESIGN.md "Identity")."""
    out = copy.deepcopy(profiles)
    for profile in out:
        for persona in profile["personas"].values():
            for account in persona["accounts"]:
                extra = aliases.get((account["site"], account["handle"]), [])
                account["aliases"] = [*account.get("aliases", []), *extra]
    return out


# The library story (scenario 05) and the therapist's (scenario 06), with the ids their
# Facebook fixtures carry; Kathy's LinkedIn member profile and her company page.
PROFILES: dict[str, list[dict[str, Any]]] = {
    "library": _with_aliases(scenario("05-comment-as-self-on-library-page")["profiles"], {
        ("facebook", "topekalibrary"): ["105123456789012"],
        ("facebook", "davidleeking"): ["100004512345678"]}),
    # The therapist's practice Page and his own profile, with the handles the Facebook
    # fixtures carry (tests/fixtures/sites/facebook_pages.py): written here, not read from
    # a scenario file, so the pages and their profile cannot drift apart.
    "practice": [{
        "schema": "persona-guard/profile@1", "id": "practice", "version": 2,
        "title": "Bruce's practice",
        "personas": {
            "practice": {"label": "Practice", "color": "#6a1b9a", "accounts": [
                {"site": "facebook", "handle": "drbruce.practice", "kind": "page"}],
                "audience": [{"site": "facebook", "handle": "patient.anna"},
                             {"site": "facebook", "handle": "patient.omar"}]},
            "personal": {"label": "Personal", "color": "#2e7d32", "accounts": [
                {"site": "facebook", "handle": "bruce.m", "kind": "user",
                 "aliases": ["100009876543210", "Bruce Miller"]}]},
        },
        "checks": {"audience_mismatch": "block"},
    }],
    "sos": [{
        "schema": "persona-guard/profile@1", "id": "sos", "version": 1, "title": "SOS Software",
        "personas": {
            "company": {"label": "SOS Software", "color": "#c62828", "accounts": [
                {"site": "linkedin", "handle": "sos-software", "kind": "page",
                 "aliases": ["SOS Software"]}]},
            "kathy": {"label": "Kathy", "color": "#1565c0", "accounts": [
                {"site": "linkedin", "handle": "kathy-sos", "kind": "user",
                 "aliases": ["Kathy Kerr"]}]},
        },
    }],
    # Kathy's own accounts and her company's on X, Mastodon, Bluesky, Reddit and YouTube
    # (the company's YouTube is a brand channel): tests/fixtures/sites/independent_pages.py.
    "sos-social": [{
        "schema": "persona-guard/profile@1", "id": "sos-social", "version": 1,
        "title": "SOS Software social",
        "personas": {
            "sos": {"label": "SOS Software", "color": "#c62828", "accounts": [
                {"site": "x", "handle": "SOS_Software", "kind": "user"},
                {"site": "mastodon", "handle": "sossoftware@mastodon.social", "kind": "user"},
                {"site": "bluesky", "handle": "sossoftware.com", "kind": "user"},
                {"site": "reddit", "handle": "SOS_Software", "kind": "user"},
                {"site": "youtube", "handle": "sossoftware", "kind": "page"}]},
            "kathy": {"label": "Kathy", "color": "#1565c0", "accounts": [
                {"site": "x", "handle": "kathy_k_home", "kind": "user"},
                {"site": "mastodon", "handle": "kathyk@mastodon.social", "kind": "user"},
                {"site": "bluesky", "handle": "kathyk.bsky.social", "kind": "user"},
                {"site": "reddit", "handle": "kathy_k_home", "kind": "user"},
                {"site": "youtube", "handle": "kathykhome", "kind": "user"}]},
        },
    }],
}


def set_mode(session: BrowserSession, mode: str) -> None:
    cli(session.data_dir, "mode", mode)
    wait_until(lambda: (session.background("() => PersonaGuardBackground.state.host") or {})
               .get("mode") == mode, what=f"the extension to hear mode {mode}")


def start(session: BrowserSession, entry: dict[str, Any]) -> None:
    """The row's profiles, in its wrong persona's mode."""
    checks = entry["checks"]
    use_profiles(session, PROFILES[checks["profiles"]], checks["wrong"]["mode"])


def focus(page: Any, entry: dict[str, Any], click: str | None = None) -> None:
    """Put the person where the row acts: in its composer, or over its control."""
    do = entry["checks"]["do"]
    if "type" in do:
        page.click(do["type"])
    else:
        page.mouse.move(0, 0)
        page.hover(click or do["click"])


def detected(session: BrowserSession, page: Any, entry: dict[str, Any],
             click: str | None = None) -> dict[str, Any]:
    """{identity, action, context} as the guard would send them for the row's action."""
    focus(page, entry, click)
    if "type" in entry["checks"]["do"]:
        found = session.probe(page)
        return {"identity": found["identity"], "action": found["action"],
                "context": found["context"]}
    found = wait_until(lambda: session.probe(page).get("control"), what="the control request")
    return {"identity": found["request"]["identity"], "action": found["request"]["action"],
            "context": found["request"]["context"]}


def scored(found: dict[str, Any], checks: dict[str, Any],
           identity: dict[str, Any] | None = None) -> dict[str, bool]:
    """Which of identity, kind, action, reply target and target the adapter got right."""
    want = identity or checks["identity"]
    got = found["identity"]
    reply = found["context"].get("reply_to")
    target = found["context"].get("target")
    want_reply = checks.get("reply_to")
    return {
        "identity": got.get("handle") == want["handle"]
        and got.get("display_name") == want["display_name"],
        "kind": got.get("kind") == want["kind"],
        "action": found["action"] == checks["action"],
        "reply_to": (reply == want_reply) if want_reply else reply is None,
        "target": (target or {}).get("handle") == checks.get("target"),
    }


def _verdict(session: BrowserSession, page: Any, entry: dict[str, Any],
             click: str | None) -> dict[str, Any]:
    focus(page, entry, click)
    if "type" in entry["checks"]["do"]:
        return wait_until(lambda: session.probe(page).get("verdict"), what="the verdict")
    return wait_until(lambda: (session.probe(page).get("control") or {}).get("verdict"),
                      what="the control's verdict")


def _send(page: Any, entry: dict[str, Any], click: str | None) -> None:
    do = entry["checks"]["do"]
    if "type" not in do:
        page.click(click or do["click"])
    elif do["send"] == "Enter":
        page.keyboard.press("Enter")
    else:
        page.click(do["send"])


def play_wrong(session: BrowserSession, page: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Type (or point) and send from the wrong persona's mode; answer the warning with
    Escape. Returns what was seen: {verdict, shown, submitted}."""
    do = entry["checks"]["do"]
    if "type" in do:
        page.click(do["type"])
        page.keyboard.type(do["text"])
    verdict = _verdict(session, page, entry, None)
    _send(page, entry, None)
    shown = dialog(session, page)
    held = submitted(page)
    page.keyboard.press("Escape")
    wait_until(lambda: no_dialog(session, page), what="the warning to close")
    return {"verdict": verdict, "shown": shown, "submitted": max(held, submitted(page))}


def play_right(session: BrowserSession, page: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Switch to the right persona's mode (the draft is still there) and send again.
    Returns {verdict, submitted, dialog, straight}."""
    right = entry["checks"]["right"]
    set_mode(session, right["mode"])
    before = session.probe(page)["stats"]["allowedStraight"]
    verdict = _verdict(session, page, entry, right.get("click"))
    _send(page, entry, right.get("click"))
    page.wait_for_timeout(150)
    after = session.probe(page)
    return {"verdict": verdict, "submitted": submitted(page), "dialog": after.get("dialog"),
            "straight": after["stats"]["allowedStraight"] - before}
