"""The sentences a warning shows, regression tests named after what read wrong."""

from __future__ import annotations

import json
from pathlib import Path

from native_host.decision.mode import Mode
from native_host.decision.rules import decide
from native_host.profiles.format import parse_profile
from native_host.profiles.merge import LoadedProfile, merge_profiles
from native_host.store.store import Store
from tests.unit.profile_builders import (
    MONDAY_MORNING,
    library_and_personal,
    profile,
    request,
    verdict,
)

LIB = library_and_personal()
PAT_AS_BOTH = request(action="reply", reply_to={"handle": "tscpl_friends", "text": "hi"},
                      target="tscpl_friends")


def test_a_reply_to_and_target_naming_one_account_name_it_once() -> None:
    message = verdict(PAT_AS_BOTH, LIB).reasons[0].message
    assert message.count("@tscpl_friends") == 1
    assert " and @tscpl_friends" not in message


def test_the_same_account_written_in_another_case_is_still_named_once() -> None:
    req = request(action="follow", reply_to={"handle": "TSCPL_Friends", "text": ""},
                  target="tscpl_friends")
    assert verdict(req, LIB).reasons[0].message.lower().count("@tscpl_friends") == 1


def test_two_different_accounts_are_both_named() -> None:
    both = library_and_personal()
    both["personas"]["library"]["audience"].append({"site": "x", "handle": "kansasreader"})
    req = request(action="reply", reply_to={"handle": "kansasreader", "text": ""},
                  target="tscpl_friends")
    message = verdict(req, both).reasons[0].message
    assert "@kansasreader and @tscpl_friends" in message


def test_a_block_set_by_the_persons_own_profile_does_not_blame_the_organisation(
        tmp_path: Path) -> None:
    own = library_and_personal(checks={"audience_mismatch": "block"})
    store = Store(tmp_path)
    store.add_profile(json.dumps(own).encode("utf-8"), "mine.json")
    merged, _ = store.load_merged()
    v = decide(PAT_AS_BOTH, merged, Mode.parse("auto", None), MONDAY_MORNING)
    assert v.decision == "block"
    assert v.block_hint and v.block_hint.startswith("Your own profile")
    assert "organisation" not in v.block_hint


def test_a_block_set_by_a_locked_org_profile_names_that_profile(tmp_path: Path) -> None:
    org = profile("tscpl", locked=True, title="Topeka Library", personas={},
                  checks={"audience_mismatch": "block"})
    own = library_and_personal(checks={"audience_mismatch": "warn"})  # cannot weaken it
    store = Store(tmp_path)
    store.add_profile(json.dumps(own).encode("utf-8"), "mine.json")
    store.add_profile(json.dumps(org).encode("utf-8"), "tscpl.json", org=True)
    merged, _ = store.load_merged()
    v = decide(PAT_AS_BOTH, merged, Mode.parse("auto", None), MONDAY_MORNING)
    assert v.decision == "block"
    assert v.block_hint and "organisation's profile “Topeka Library”" in v.block_hint


def test_profiles_named_on_the_command_line_are_named_by_title() -> None:
    own = library_and_personal(checks={"audience_mismatch": "block"}, title="David's own")
    merged = merge_profiles([LoadedProfile(parse_profile(own, "own.json"), "own.json")])
    v = decide(PAT_AS_BOTH, merged, Mode.parse("auto", None), MONDAY_MORNING)
    assert v.block_hint and v.block_hint.startswith("The profile “David's own”")


def test_no_block_hint_on_a_warning() -> None:
    assert verdict(PAT_AS_BOTH, LIB).block_hint is None
