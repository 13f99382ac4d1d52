"""What the end-to-end tests do as a person would: type in a site's composer, press its
button, read and answer the warning, and look at the badge. The dialog's closed shadow
root is read through the extension (the same probe `persona-guard probe` prints) and
answered with real mouse clicks and key presses, which are trusted events."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from native_host.browser.session import BrowserSession, cli, click_at
from tests.conftest import REPO, SCENARIO_DIR

FIXTURES = REPO / "tests" / "fixtures" / "sites"
ALL_PAGES: list[dict[str, Any]] = json.loads((FIXTURES / "pages.json").read_text("utf-8"))
# The seed-scenario pages (played by test_scenarios/test_probe); pages with `checks`
# (test_site_pages) or `expect` (test_instagram_threads_reddit_youtube) carry their own.
PAGES = [p for p in ALL_PAGES if "checks" not in p and "expect" not in p]
SITE_PAGES = [p for p in ALL_PAGES if "checks" in p]
SITE_CASES = [p for p in ALL_PAGES if "expect" in p]

COMPOSER = {
    "x": '[data-testid="tweetTextarea_0"]',
    "mastodon": "textarea.autosuggest-textarea__textarea",
    "bluesky": '[data-testid="composePostView"] .ProseMirror',
}
SUBMIT = {
    "x": '[data-testid="tweetButtonInline"]',
    "mastodon": '.compose-form__submit button[type="submit"]',
    "bluesky": '[data-testid="composerPublishBtn"]',
}
# The seeds are X and Facebook stories; on Mastodon and Bluesky the same people have
# accounts there too. Added to the scenario's own profiles for those sites only.
EXTRA_ACCOUNTS = {
    "mastodon": {"personal": [{"site": "mastodon", "handle": "davidleeking@mastodon.social"}]},
    "bluesky": {"library": [{"site": "bluesky", "handle": "tscpl.bsky.social"}],
                "personal": [{"site": "bluesky", "handle": "davidleeking.bsky.social"}]},
}


def scenario(name: str, folder: Path = SCENARIO_DIR) -> dict[str, Any]:
    """A check case by its stem: the project's own unless another folder is named."""
    return json.loads((folder / f"{name}.json").read_text("utf-8"))


def profiles_for(site: str, case: dict[str, Any]) -> list[dict[str, Any]]:
    profiles = copy.deepcopy(case["profiles"])
    for profile in profiles:
        for persona_id, accounts in EXTRA_ACCOUNTS.get(site, {}).items():
            if persona_id in profile["personas"]:
                profile["personas"][persona_id]["accounts"].extend(accounts)
    return profiles


def wait_until(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what} (last: {value!r})")
        time.sleep(0.05)


def use_profiles(session: BrowserSession, profiles: list[dict[str, Any]], mode: str) -> None:
    """Replace the store's profiles and mode, and wait until the extension has heard."""
    from native_host.store.store import Store

    store = Store(session.data_dir)
    wanted = {p["id"] for p in profiles}
    for entry in store.profiles():
        if entry.id not in wanted:
            store.remove_profile(entry.id)
    for profile in profiles:
        store.add_profile(json.dumps(profile).encode("utf-8"), f"{profile['id']}.json")
    cli(session.data_dir, "mode", mode)
    personas = sorted({pid for p in profiles for pid in p["personas"]})

    def heard() -> bool:
        state = session.background("() => PersonaGuardBackground.state.host")
        return bool(state) and sorted(state["personas"]) == personas and state["mode"] == mode
    wait_until(heard, what=f"the extension to see {personas} in mode {mode}")


def open_fixture(session: BrowserSession, entry: dict[str, Any]) -> Any:
    """Serve the fixture at its real address and open it in a new tab."""
    session.serve_file(entry["url"], fixture_html(entry))
    return session.open(entry["url"])


def fixture(site: str, name: str) -> dict[str, Any]:
    return next(p for p in PAGES if p["site"] == site and p["scenario"] == name)


def type_draft(session: BrowserSession, page: Any, site: str, text: str) -> dict[str, Any]:
    """Type like a person, then wait until the verdict for this draft is in (the chip
    shows the persona) as it is by the time a person reaches the button."""
    page.click(COMPOSER[site])
    page.keyboard.type(text)
    return wait_until(lambda: session.probe(page).get("verdict"), what="the verdict")


def dialog(session: BrowserSession, page: Any, timeout: float = 10.0) -> dict[str, Any]:
    """The warning as shown, once its choices are armed."""
    return wait_until(lambda: _armed(session.probe(page).get("dialog")), timeout,
                      "the warning")


def _armed(found: dict[str, Any] | None) -> dict[str, Any] | None:
    return found if found and found["armed"] else None


def no_dialog(session: BrowserSession, page: Any) -> bool:
    return session.probe(page).get("dialog") is None


def choose(page: Any, shown: dict[str, Any], choice: str) -> None:
    """Click the choice with the mouse: a trusted click, where the person would, once
    the warning's frame is drawn."""
    target = next(c for c in shown["choices"] if c["choice"] == choice)
    click_at(page, target["x"], target["y"])


def submitted(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.submitted || 0)"))


def audit(session: BrowserSession) -> list[dict[str, Any]]:
    out = cli(session.data_dir, "audit", "--json", "--limit", "1000").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def outcomes(session: BrowserSession) -> dict[str, int]:
    """How many audit records carry each outcome (read in-process: polled often)."""
    from native_host.store.audit import AuditLog

    counts: dict[str, int] = {}
    for item in AuditLog(session.data_dir).records():
        if item.get("outcome"):
            counts[item["outcome"]] = counts.get(item["outcome"], 0) + 1
    return counts


def outcome_logged(session: BrowserSession, outcome: str,
                   before: dict[str, int]) -> dict[str, Any]:
    """The newest audit record with `outcome`, once there is one more than `before`, as
    `persona-guard audit --json` shows it."""
    wait_until(lambda: outcomes(session).get(outcome, 0) > before.get(outcome, 0),
               what=f"an audit record with outcome {outcome}")
    items = [i for i in audit(session) if i.get("outcome") == outcome]
    return max(items, key=lambda i: i.get("outcome_at") or "")


def fixture_html(page: dict[str, Any]) -> Path:
    return FIXTURES / page["file"]
