"""The options page in Chromium with the real host: the person's own profile edited in
its forms reaches the store and the guard's verdicts, a host validation error shows
beside its field with nothing saved, the near-miss dashboard counts a seeded audit log,
and axe-core finds no serious or critical violation in light or dark mode."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from native_host.browser.session import BrowserSession, cli
from native_host.identifiers import CHROMIUM_EXTENSION_ID
from native_host.store.audit import AuditLog
from native_host.store.store import Store
from tests.conftest import REPO
from tests.e2e.harness import fixture, open_fixture, type_draft, use_profiles, wait_until

SHIPPED = [json.loads((REPO / "persona_profiles" / name).read_text("utf-8"))
           for name in ("public-library.json", "library-staff-personal.json")]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# The dashboard's clock, pinned (a Friday); the seeded records fall on Wednesdays at noon
# UTC, so every time zone puts them in the same local week.
NOW = "2026-11-20T12:00:00Z"


def record(time: str, site: str, reasons: list[str], outcome: str,
           decision: str = "warn") -> dict[str, Any]:
    return {"key": f"seed:{time}:{site}", "check_id": f"{time}-{site}", "time": time,
            "browser": "chromium", "site": site, "action": "reply",
            "identity": {"site": site, "handle": "davidleeking", "kind": "user"},
            "mode": "auto", "active_persona": "personal", "expected_persona": "library",
            "reasons": reasons, "decision": decision, "outcome": outcome, "outcome_at": time}


SEEDED = [
    record("2026-11-18T12:00:00+00:00", "x", ["CONTEXT_MISMATCH"], "cancelled"),
    record("2026-11-18T12:01:00+00:00", "x", ["CONTEXT_MISMATCH", "MODE_MISMATCH"], "switched"),
    record("2026-11-18T12:02:00+00:00", "mastodon", ["MODE_MISMATCH"], "proceeded", "block"),
    record("2026-11-18T12:03:00+00:00", "x", [], "proceeded", "allow"),  # not a near miss
    record("2026-11-04T12:00:00+00:00", "bluesky", ["CONTENT_MISMATCH"], "cancelled"),
    record("2026-11-04T12:05:00+00:00", "x", ["CONTEXT_MISMATCH"], "switched"),
    record("2026-06-03T12:00:00+00:00", "x", ["CONTEXT_MISMATCH"], "cancelled"),  # too old
]


def options_url(session: BrowserSession) -> str:
    manifest = json.loads((session.extension_dir / "manifest.json").read_text("utf-8"))
    assert manifest["options_ui"]["open_in_tab"] is True
    return f"chrome-extension://{CHROMIUM_EXTENSION_ID}/{manifest['options_ui']['page']}"


def open_options(session: BrowserSession) -> Any:
    page = session.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{options_url(session)}?now={NOW}")
    page.wait_for_selector("body[data-ready]", timeout=20_000)
    assert errors == []
    return page


def personal_entry(session: BrowserSession) -> dict[str, Any]:
    entry = next(e for e in Store(session.data_dir).profiles() if e.origin == "personal")
    return json.loads(entry.raw)  # type: ignore[no-any-return]


def seed_audit(data_dir: Path) -> None:
    log = AuditLog(data_dir)
    log.clear()
    log.write(sorted(SEEDED, key=lambda r: r["time"]))  # the log is in time order


@pytest.fixture
def library(browser: BrowserSession) -> Iterator[BrowserSession]:
    """The shipped library profiles in the store, the person in their own mode."""
    use_profiles(browser, SHIPPED, "personal")
    seed_audit(browser.data_dir)
    yield browser


def persona_card(page: Any, label: str) -> Any:
    return page.locator("fieldset.persona", has=page.locator(".legend-label", has_text=label))


def test_shows_every_stored_persona_with_editable_fields(library: BrowserSession) -> None:
    page = open_options(library)
    try:
        assert page.locator(".org-personas .persona-label").all_inner_texts() == ["Library"]
        card = persona_card(page, "Personal")
        assert card.locator("[data-key=label]").input_value() == "Personal"
        handles = [h.input_value() for h in card.locator(".account [data-key=handle]").all()]
        assert handles == ["davidleeking", "davidleeking", "davidleeking@mastodon.social",
                           "davidleeking.bsky.social"]
        assert card.locator("[data-key=keywords]").input_value() == "#amwriting\nmy kids"
        assert card.locator("[data-key=handle]").first.is_editable()
        org = page.locator("article.org")
        assert "Topeka & Shawnee County Public Library" in org.inner_text()
        assert "4" in org.locator("dl.facts").inner_text()
        # the org profile locks site_policy at block: nothing lower can be chosen
        policy = page.locator("select[data-check=site_policy]")
        assert policy.locator("option[value=off]").is_disabled()
        assert policy.locator("option[value=warn]").is_disabled()
        assert "locked by Topeka" in page.locator(".check", has=policy).inner_text()
    finally:
        page.close()


def test_an_edited_account_reaches_the_store_and_the_verdict(library: BrowserSession) -> None:
    site_page = open_fixture(library, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    before = type_draft(library, site_page, "x", "Yes, ebooks for kids too")
    site_page.close()
    assert before["active_persona"] == "personal"
    assert "UNKNOWN_ACCOUNT" not in [r["code"] for r in before["reasons"]]

    page = open_options(library)
    try:
        handle = persona_card(page, "Personal").locator(".account [data-key=handle]").first
        handle.fill("@davidleeking_old")
        page.click("#save")
        wait_until(lambda: "Saved" in page.inner_text("#save-status"), what="the save")
    finally:
        page.close()
    stored = personal_entry(library)
    assert stored["personas"]["personal"]["accounts"][0] == {
        "site": "x", "handle": "davidleeking_old", "kind": "user"}
    assert stored["version"] == 2

    def heard() -> bool:
        state = library.background("() => PersonaGuardBackground.state.host")
        return "davidleeking_old" in json.dumps(state["personas"]["personal"])
    wait_until(heard, what="the extension to hear of the saved profile")
    site_page = open_fixture(library, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    try:
        after = type_draft(library, site_page, "x", "Yes, ebooks for kids too")
        assert after["active_persona"] is None
        assert "UNKNOWN_ACCOUNT" in [r["code"] for r in after["reasons"]]
        assert after["decision"] == "block"  # the person's own profile blocks unknown accounts
    finally:
        site_page.close()


def test_a_host_error_shows_beside_its_field_and_nothing_is_saved(
        library: BrowserSession) -> None:
    before = (library.data_dir / "profiles.json").read_bytes()
    page = open_options(library)
    try:
        card = persona_card(page, "Personal")
        card.locator(".account [data-key=handle]").first.fill("")
        page.click("#add-window")
        page.locator(".window [data-key=timezone]").last.fill("Mars/Olympus")
        page.click("#save")
        wait_until(lambda: "Not saved" in page.inner_text("#save-status"), what="the refusal")
        handle = card.locator(".account [data-key=handle]").first
        assert handle.get_attribute("aria-invalid") == "true"
        note = page.locator(f"#{handle.get_attribute('aria-describedby')}")
        assert note.get_attribute("data-for") == "personas.personal.accounts[0].handle"
        assert "at least 1 character" in note.inner_text()
        # the note sits right after the handle's own field, in the same account row
        assert card.locator(".account").first.locator(".field-error").count() == 1
        zone = page.locator(".window [data-key=timezone]").last
        zone_note = page.locator(f"#{zone.get_attribute('aria-describedby')}")
        assert "'Mars/Olympus' is not a time zone" in zone_note.inner_text()
    finally:
        page.close()
    assert (library.data_dir / "profiles.json").read_bytes() == before


def table_numbers(page: Any, chart: str) -> dict[str, str]:
    rows = page.locator(f'figure[data-chart="{chart}"] tbody tr')
    return {row.get_attribute("data-key"): row.locator("td").text_content()
            for row in rows.all()}


def test_the_dashboard_counts_the_seeded_audit_log(library: BrowserSession) -> None:
    page = open_options(library)
    try:
        summary = page.inner_text("#dashboard-summary")
        assert summary.startswith("5 warnings in the last 12 weeks: 2 cancelled, 2 switched, "
                                  "1 went ahead")
        weeks = table_numbers(page, "Warnings per week")
        assert len(weeks) == 12
        assert weeks["2026-11-16"] == "3" and weeks["2026-11-02"] == "2"
        assert sum(int(v) for v in weeks.values()) == 5
        assert table_numbers(page, "Warnings per site") == {"x": "3", "mastodon": "1",
                                                           "bluesky": "1"}
        assert table_numbers(page, "Warnings per reason") == {
            "CONTEXT_MISMATCH": "3", "MODE_MISMATCH": "2", "CONTENT_MISMATCH": "1"}
        assert table_numbers(page, "What was done") == {"cancelled": "2", "switched": "2",
                                                       "proceeded": "1"}
        bars = page.locator('figure[data-chart="Warnings per week"] svg rect.bar')
        heights = [float(b.get_attribute("height") or 0) for b in bars.all()]
        assert sum(1 for h in heights if h > 0) == 2 and max(heights) > 0
        with page.expect_download() as download:
            page.click("#export-csv")
        lines = Path(download.value.path()).read_text("utf-8").splitlines()
        assert lines[0].startswith("time,browser,site,action,account")
        assert len(lines) == 1 + 6  # every record of the period, the allowed one too
        page.select_option("#period", "52")
        wait_until(lambda: page.inner_text("#dashboard-summary").startswith("6 warnings"),
                   what="the longer period")
    finally:
        page.close()


def test_clearing_the_log_needs_the_persons_confirmation(library: BrowserSession) -> None:
    page = open_options(library)
    try:
        page.click("#clear-log")
        page.click("#clear-cancel")
        assert len(list(AuditLog(library.data_dir).records())) == len(SEEDED)
        page.click("#clear-log")
        page.click("#clear-confirm")
        wait_until(lambda: "cleared" in page.inner_text("#dashboard-summary"),
                   what="the log to be cleared")
        assert list(AuditLog(library.data_dir).records()) == []
        assert table_numbers(page, "Warnings per site") == {}
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(library: BrowserSession,
                                                     scheme: str) -> None:
    page = open_options(library)
    try:
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark")
        for details in page.locator("details").all():  # the chart tables too
            details.evaluate("(node) => { node.open = true; }")
        page.evaluate(AXE.read_text("utf-8") + "\n;undefined")
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
        assert page.locator("#charts svg[role=img]").count() == 4
    finally:
        page.close()



def test_export_then_import_profile_json(library: BrowserSession) -> None:
    page = open_options(library)
    try:
        with page.expect_download() as download:
            page.click("#export-profile")
        exported = json.loads(Path(download.value.path()).read_text("utf-8"))
        assert exported == personal_entry(library)
        exported["personas"]["writer"] = {
            "label": "Writer", "color": "#7b1fa2",
            "accounts": [{"site": "bluesky", "handle": "dlk-writes.bsky.social"}],
            "keywords": ["#amwriting"]}
        exported["personas"]["personal"]["keywords"] = ["my kids"]
        page.set_input_files("#import-profile", files=[{
            "name": "mine.json", "mimeType": "application/json",
            "buffer": json.dumps(exported).encode("utf-8")}])
        wait_until(lambda: "Loaded mine.json" in page.inner_text("#import-status"),
                   what="the import")
        assert persona_card(page, "Writer").locator("[data-key=keywords]").input_value() == (
            "#amwriting")
        assert personal_entry(library)["personas"].keys() == {"personal"}  # not saved yet
        page.click("#save")
        wait_until(lambda: "Saved" in page.inner_text("#save-status"), what="the save")
        stored = personal_entry(library)
        assert stored["personas"]["writer"]["accounts"] == [
            {"site": "bluesky", "handle": "dlk-writes.bsky.social", "kind": "user"}]
        assert stored["personas"]["personal"]["keywords"] == ["my kids"]
    finally:
        page.close()


def test_a_file_that_is_not_json_is_named_and_changes_nothing(
        library: BrowserSession) -> None:
    page = open_options(library)
    try:
        page.set_input_files("#import-profile", files=[{
            "name": "notes.txt", "mimeType": "text/plain", "buffer": b"personas: library"}])
        wait_until(lambda: "notes.txt is not JSON" in page.inner_text("#import-status"),
                   what="the import error")
        assert persona_card(page, "Personal").count() == 1
    finally:
        page.close()



def test_a_profile_removed_elsewhere_leaves_the_open_page(library: BrowserSession) -> None:
    page = open_options(library)
    try:
        assert page.locator("article.org").count() == 1
        cli(library.data_dir, "profile", "remove", "tscpl")
        wait_until(lambda: page.locator("article.org").count() == 0,
                   what="the page to drop the removed org profile")
        assert "No org profiles" in page.inner_text("#org-list")
    finally:
        page.close()
