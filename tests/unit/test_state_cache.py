"""The host's state is rebuilt only when something in it changed, yet still follows the
clock: a manual mode ending and a schedule window opening reach the browser (as
`state_changed`) without anything written to the store. The clock is passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from native_host.host.state import StateCache, build_state
from native_host.store.records import StoredMode

SUMMARY = {
    "personas": {"work": {"label": "Work"}, "home": {"label": "Home"}},
    "profiles": [{"name": "mine"}],
    "schedule": [{"persona": "work", "start": "09:00", "end": "17:00", "timezone": "UTC",
                  "days": ["mon", "tue", "wed", "thu", "fri"]}],
}
MONDAY_8 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_unchanged_inputs_give_the_same_state_object() -> None:
    cache = StateCache()
    first = cache.get(StoredMode(), SUMMARY, MONDAY_8, "/data", None)
    again = cache.get(StoredMode(), SUMMARY, MONDAY_8 + timedelta(seconds=30), "/data", None)
    assert again is first
    assert first == {**build_state(StoredMode(), SUMMARY, MONDAY_8, "/data"), "sync": None}


def test_a_schedule_window_opening_changes_the_expected_persona() -> None:
    cache = StateCache()
    before = cache.get(StoredMode(), SUMMARY, MONDAY_8, "/data", None)
    after = cache.get(StoredMode(), SUMMARY, MONDAY_8 + timedelta(hours=1), "/data", None)
    assert before["effective_persona"] is None
    assert after["effective_persona"] == "work"


def test_a_manual_mode_ending_returns_to_auto() -> None:
    cache = StateCache()
    manual = StoredMode("home", MONDAY_8 + timedelta(minutes=5))
    during = cache.get(manual, SUMMARY, MONDAY_8, "/data", None)
    ended = cache.get(manual, SUMMARY, MONDAY_8 + timedelta(minutes=5), "/data", None)
    assert (during["mode"], during["effective_persona"]) == ("home", "home")
    assert (ended["mode"], ended["until"]) == ("auto", None)


def test_new_profiles_or_sync_status_rebuild_the_state() -> None:
    cache = StateCache()
    cache.get(StoredMode(), SUMMARY, MONDAY_8, "/data", None)
    renamed = {**SUMMARY, "profiles": [{"name": "theirs"}]}
    assert cache.get(StoredMode(), renamed, MONDAY_8, "/data", None)["profiles"] == \
        [{"name": "theirs"}]
    synced = cache.get(StoredMode(), renamed, MONDAY_8, "/data", {"sources": []})
    assert synced["sync"] == {"sources": []}
