"""Every message kind, over the real host's pipes, answered as PROTOCOL.md shows. Each
test runs twice: with the host's clock pinned inside the library's hours and outside them,
so what the schedule adds is expected exactly when it is in force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from native_host.host.messages import OUTGOING_MODELS
from tests.conftest import INSTANTS, Instant, PinnedClock
from tests.host.conftest import HELLO, check, cli


@pytest.fixture(autouse=True, params=INSTANTS, ids=[i.name for i in INSTANTS])
def at(request: pytest.FixtureRequest, pinned_clock: PinnedClock) -> Instant:
    """The instant this test's hosts and CLI processes run at."""
    instant: Instant = request.param
    pinned_clock.pin(instant.when)
    return instant


def schedule_reasons(at: Instant) -> list[str]:
    """What the library's schedule adds to a check from David's own account: in its hours
    (auto mode) the Library persona is expected, so posting as Personal is a mismatch."""
    return ["MODE_MISMATCH"] if at.library_hours else []


def valid(reply: dict) -> dict:
    """The reply matches its pydantic model (what the extension relies on)."""
    OUTGOING_MODELS[reply["type"]].model_validate(reply)
    return reply


def test_hello_answers_ready_with_the_stored_profiles_and_mode(library_dir, host_factory, at):
    host = host_factory(library_dir)
    ready = valid(host.hello())
    assert ready["id"] == "h"
    state = ready["state"]
    assert state["mode"] == "auto"
    assert state["effective_persona"] == ("library" if at.library_hours else None)
    assert set(state["personas"]) == {"library", "personal"}
    assert [(p["id"], p["origin"]) for p in state["profiles"]] == [("tscpl", "org"),
                                                                  ("david", "personal")]
    assert state["host"]["data_dir"] == str(library_dir)


def test_a_second_hello_is_answered_too(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    again = valid(host.ask({**HELLO, "id": 2, "browser": "firefox", "policy": {"a": 1}}))
    assert again["type"] == "ready" and again["id"] == 2


def test_check_answers_the_verdict_for_the_stored_profiles(library_dir, host_factory, at):
    host = host_factory(library_dir)
    host.hello()
    reply = valid(host.ask({**check("c1", "davidleeking"), "action": "reply",
                            "context": {"reply_to": {"handle": "someone",
                                                     "text": "Is the Topeka library open?"}}}))
    assert reply["type"] == "verdict" and reply["id"] == "c1"
    assert reply["active_persona"] == "personal"
    assert reply["expected_persona"] == "library"
    assert [r["code"] for r in reply["reasons"]] == [*schedule_reasons(at), "CONTEXT_MISMATCH"]
    assert reply["suggestion"]["handle"] == "topekalibrary"


def test_check_follows_a_mode_set_by_the_cli(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    assert cli(library_dir, "mode", "library").returncode == 0
    reply = host.ask(check(1, "davidleeking"))
    assert reply["decision"] != "allow"
    assert "MODE_MISMATCH" in [r["code"] for r in reply["reasons"]]


def test_outcome_is_acknowledged_and_completes_the_audit_record(library_dir, host_factory, at):
    host = host_factory(library_dir)
    host.hello()
    host.ask({**check(7, text="my draft"), "action": "reply",
              "context": {"url": "https://x.com/a/status/1",
                          "reply_to": {"handle": "pat", "text": "the Topeka library post"}}})
    ok = valid(host.ask({"v": 1, "type": "outcome", "id": 8, "check_id": 7,
                         "outcome": "cancelled"}))
    assert ok == {"v": 1, "type": "ok", "id": 8}
    page = valid(host.ask({"v": 1, "type": "audit", "id": 9, "limit": 10}))
    [record] = page["items"]
    assert record["check_id"] == 7 and record["outcome"] == "cancelled"
    assert (record["site"], record["action"], record["identity"]["handle"]) == (
        "x", "reply", "davidleeking")
    assert (record["active_persona"], record["expected_persona"]) == ("personal", "library")
    assert record["reasons"] == [*schedule_reasons(at), "CONTEXT_MISMATCH"]
    assert record["decision"] == "warn"
    assert record["time"] and record["outcome_at"] and record["browser"] == "chromium"
    kept = str(record)
    assert "my draft" not in kept and "Topeka library post" not in kept
    assert "x.com/a/status" not in kept


def test_set_mode_answers_the_new_state_and_stores_it(library_dir, host_factory, at):
    host = host_factory(library_dir)
    host.hello()
    until = (at.when + timedelta(hours=1)).isoformat()
    state = valid(host.ask({"v": 1, "type": "set_mode", "id": 1, "mode": "library",
                            "until": until}))
    assert state["type"] == "state" and state["mode"] == "library"
    assert state["effective_persona"] == "library"
    assert datetime.fromisoformat(state["until"]) == datetime.fromisoformat(until)
    assert "mode: library until" in cli(library_dir, "mode").stdout
    back = host.ask({"v": 1, "type": "set_mode", "id": 2, "mode": "auto"})
    assert back["mode"] == "auto" and back["until"] is None


def test_get_state_answers_the_state(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    state = valid(host.ask({"v": 1, "type": "get_state", "id": "s"}))
    assert state["type"] == "state" and state["id"] == "s"
    assert set(state["personas"]) == {"library", "personal"}


def test_audit_pages_newest_first_and_never_holds_the_text(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    for n in range(5):
        host.ask(check(n, text=f"secret draft {n}"))
        host.ask({"v": 1, "type": "outcome", "id": f"o{n}", "check_id": n,
                  "outcome": "proceeded"})
    first = valid(host.ask({"v": 1, "type": "audit", "id": "a", "limit": 3}))
    assert [i["check_id"] for i in first["items"]] == [4, 3, 2]
    rest = host.ask({"v": 1, "type": "audit", "id": "b", "limit": 3,
                     "cursor": first["next_cursor"]})
    assert [i["check_id"] for i in rest["items"]] == [1, 0] and rest["next_cursor"] is None
    assert "secret draft" not in str(first) + str(rest)
    # records keep the real time of writing (a pinned clock pins decisions, not records)
    future = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert host.ask({"v": 1, "type": "audit", "id": "c", "limit": 3,
                     "since": future})["items"] == []


def test_state_changed_is_pushed_when_another_process_changes_the_mode(library_dir,
                                                                      host_factory):
    host = host_factory(library_dir)
    host.hello()
    assert cli(library_dir, "mode", "personal").returncode == 0
    pushed = valid(host.wait_for_push(lambda m: m["mode"] == "personal"))
    assert "id" not in pushed and pushed["effective_persona"] == "personal"


def test_state_changed_is_pushed_when_a_profile_is_added(data_dir, host_factory):
    host = host_factory(data_dir)
    assert host.hello()["state"]["personas"] == {}
    added = cli(data_dir, "profile", "add", "persona_profiles/public-library.json")
    assert added.returncode == 0, added.stderr
    host.wait_for_push(lambda m: list(m["personas"]) == ["library"])


def test_checks_sent_while_typing_reach_the_audit_log_only_when_acted_on(library_dir,
                                                                         host_factory):
    host = host_factory(library_dir)
    host.hello()
    for n, draft in enumerate(["Y", "Ye", "Yes we", "Yes we do"], start=20):
        host.ask({**check(n, text=draft)})  # previews while the person types
    host.ask({"v": 1, "type": "outcome", "id": 30, "check_id": 23, "outcome": "cancelled"})
    host.ask({"v": 1, "type": "outcome", "id": 31, "check_id": 23, "outcome": "proceeded"})
    page = valid(host.ask({"v": 1, "type": "audit", "id": 32, "limit": 50}))
    assert [(r["check_id"], r["outcome"]) for r in page["items"]] == [
        (23, "proceeded"), (23, "cancelled")]


def test_one_table_of_message_kinds_names_every_model_handler_and_section():
    # a kind added to protocol.INCOMING/OUTGOING without its model, its handler or its
    # section in PROTOCOL.md would be refused or undocumented: the tables must agree
    import importlib
    from pathlib import Path

    from native_host.host.messages import INCOMING_MODELS
    from native_host.host.protocol import INCOMING, OUTGOING

    assert tuple(INCOMING_MODELS) == INCOMING
    assert tuple(OUTGOING_MODELS) == OUTGOING
    for kind in INCOMING:
        assert callable(importlib.import_module(f"native_host.host.handlers.{kind}").handle)
    headings = [line for line in (Path(__file__).resolve().parents[2] / "PROTOCOL.md")
                .read_text(encoding="utf-8").splitlines() if line.startswith("### ")]
    for kind in (*INCOMING, *OUTGOING):
        assert any(kind in heading.split() for heading in headings), f"PROTOCOL.md: {kind}"


SEEN = [  # accounts as the content scripts report them: case, '@', aliases, site rules
    {"site": "x", "handle": "@TopekaLibrary", "kind": "user"},
    {"site": "facebook", "handle": None, "kind": "page",
     "display_name": "Topeka & Shawnee County Public Library"},
    {"site": "mastodon", "handle": "@DavidLeeKing@mastodon.social", "kind": "user"},
    {"site": "x", "handle": "someone_else", "kind": "user"},
    {"site": "x", "handle": None, "kind": "unknown"},
]


def test_identify_names_the_persona_of_each_account_as_a_check_does(library_dir,
                                                                    host_factory):
    host = host_factory(library_dir)
    host.hello()
    answer = valid(host.ask({"v": 1, "type": "identify", "id": 40, "identities": SEEN}))
    assert answer["id"] == 40
    assert answer["personas"] == ["library", "library", "personal", None, None]
    # the badge and the verdict never disagree on who is posting
    for n, (identity, persona) in enumerate(zip(SEEN, answer["personas"], strict=True)):
        verdict = host.ask({**check(f"i{n}"), "site": identity["site"], "identity": identity})
        assert verdict["active_persona"] == persona


def test_identify_follows_an_account_added_meanwhile(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    seen = {"site": "x", "handle": "bookclub_topeka", "kind": "user"}
    ask = {"v": 1, "type": "identify", "id": 41, "identities": [seen]}
    assert host.ask(ask)["personas"] == [None]
    host.ask({"v": 1, "type": "add_account", "id": 42, "site": "x",
              "handle": "bookclub_topeka", "persona": "book-club", "label": "Book club"})
    assert host.ask({**ask, "id": 43})["personas"] == ["book-club"]


def test_identify_refuses_more_identities_than_it_answers(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    error = valid(host.ask({"v": 1, "type": "identify", "id": 44,
                            "identities": [SEEN[0]] * 1001}))
    assert error["code"] == "bad_message" and "identities" in error["message"]
    assert host.ask({"v": 1, "type": "get_state", "id": 45})["type"] == "state"
