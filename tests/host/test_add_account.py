"""`add_account`: an account seen on a page joins a persona of the person's own profile,
over the real host's pipes; locked org personas refuse it and say why."""

from __future__ import annotations

import json

from native_host.host.messages import OUTGOING_MODELS
from native_host.store.records import PERSONAL
from native_host.store.store import Store
from tests.host.conftest import check


def add(persona: str, handle: str = "davidk_alt", **extra: str) -> dict:
    return {"v": 1, "type": "add_account", "id": "a1", "site": "x", "handle": handle,
            "persona": persona, **extra}


def own_profile(data_dir) -> dict:
    entry = next(e for e in Store(data_dir).profiles() if e.origin == PERSONAL)
    return json.loads(entry.raw)


def test_added_account_is_no_longer_unknown(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    before = host.ask(check("c1", "davidk_alt"))
    assert "UNKNOWN_ACCOUNT" in [r["code"] for r in before["reasons"]]
    reply = host.ask(add("personal", "@davidk_alt"))
    OUTGOING_MODELS[reply["type"]].model_validate(reply)
    assert reply["type"] == "state"
    assert ("x", "davidk_alt") in [(a["site"], a["handle"])
                                   for a in reply["personas"]["personal"]["accounts"]]
    after = host.ask(check("c2", "davidk_alt"))
    assert after["active_persona"] == "personal"
    assert "UNKNOWN_ACCOUNT" not in [r["code"] for r in after["reasons"]]
    profile = own_profile(library_dir)
    assert profile["id"] == "david" and profile["version"] == 2  # the same profile, raised


def test_new_persona_is_made_with_its_label(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    reply = host.ask(add("book-club", "bookclub_topeka", label="Book club"))
    persona = reply["personas"]["book-club"]
    assert persona["label"] == "Book club" and persona["color"].startswith("#")
    assert own_profile(library_dir)["personas"]["book-club"]["accounts"] == [
        {"site": "x", "handle": "bookclub_topeka"}]


def test_first_account_without_a_profile_creates_one(data_dir, host_factory):
    host = host_factory(data_dir)
    host.hello()
    reply = host.ask(add("personal", "someone", label="Personal"))
    assert reply["type"] == "state" and list(reply["personas"]) == ["personal"]
    assert [p["origin"] for p in reply["profiles"]] == ["personal"]


def test_locked_org_persona_refuses_and_says_why(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    before = Store(library_dir).profiles()
    reply = host.ask(add("library"))
    assert reply["type"] == "error" and reply["code"] == "persona_locked"
    assert "locks it" in reply["message"] and "admin" in reply["message"]
    assert Store(library_dir).profiles() == before  # nothing stored


def test_account_of_another_persona_is_refused(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    reply = host.ask(add("book-club", "topekalibrary", label="Book club"))
    assert reply["type"] == "error" and reply["code"] == "invalid_profile"
    assert "topekalibrary" in reply["message"]
    assert "book-club" not in own_profile(library_dir)["personas"]


def test_locked_personas_are_named_in_the_state(library_dir, host_factory):
    state = host_factory(library_dir).hello()["state"]
    assert state["personas"]["library"]["locked_by"]
    assert state["personas"]["personal"]["locked_by"] is None
