"""`profiles.compiled`: the merged profiles kept beside `profiles.json`. What a host reads
from it must be what validating and merging `profiles.json` gives, and it must never stand
in for a `profiles.json` it was not made from (a hand edit, a damaged or foreign file)."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from native_host.decision.mode import Mode
from native_host.decision.request import plain_check
from native_host.decision.rules import verdict_json
from native_host.profiles.merge import MergedProfiles
from native_host.store.store import Store
from native_host.store.summary import summarise

PROFILES = Path(__file__).resolve().parents[2] / "persona_profiles"
LIBRARY = PROFILES / "public-library.json"
DAVID = PROFILES / "library-staff-personal.json"
NOW = datetime(2026, 11, 17, 16, 15, tzinfo=UTC)  # a Tuesday, 10:15 in Topeka
REQUESTS = [
    {"site": "x", "action": "reply",
     "identity": {"site": "x", "handle": "davidleeking", "kind": "user"},
     "context": {"url": "https://x.com/", "mentions": ["@topekalibrary"],
                 "reply_to": {"handle": "kansasreader", "text": "Is the Topeka Library open?"}},
     "draft": {"text": "See you at the branch #tscpl"}},
    {"site": "x", "action": "post",
     "identity": {"site": "x", "handle": "TopekaLibrary", "kind": "user"},
     "draft": {"text": "my weekend hike and the band I saw"}},
    {"site": "facebook", "action": "comment", "identity": {"site": "facebook",
                                                           "display_name": "David Lee King"}},
]


def stored(folder: Path) -> Store:
    store = Store(folder)
    for path in (LIBRARY, DAVID):
        store.add_profile(path.read_bytes(), str(path))
    return store


def merged_afresh(folder: Path) -> tuple[MergedProfiles, list]:
    (folder / "profiles.compiled").unlink(missing_ok=True)
    found = Store(folder).load_merged()
    (folder / "profiles.compiled").unlink(missing_ok=True)
    return found


def verdicts(merged: MergedProfiles) -> list[dict]:
    out = []
    for mode in (Mode.parse("auto"), Mode.parse("personal")):
        for data in REQUESTS:
            request = plain_check(data, 1)
            assert request is not None
            out.append(verdict_json(request, merged, mode, NOW))
    return out


def test_the_compiled_profiles_decide_as_the_validated_ones(tmp_path: Path) -> None:
    stored(tmp_path)
    compiled = tmp_path / "profiles.compiled"
    assert compiled.exists()  # written by the profile change itself
    assert compiled.stat().st_mode & 0o777 == 0o600
    kept, kept_entries = Store(tmp_path).load_merged()
    fresh, fresh_entries = merged_afresh(tmp_path)
    assert kept_entries == fresh_entries
    assert verdicts(kept) == verdicts(fresh)
    assert any(v["decision"] != "allow" for v in verdicts(kept))  # the requests say something
    assert summarise(kept, kept_entries) == summarise(fresh, fresh_entries)
    assert [s.source for s in kept.sources] == [s.source for s in fresh.sources]
    # a whole profile's model is still there for whoever asks
    assert kept.sources[0].profile == fresh.sources[0].profile
    assert kept.personas["library"].accounts == fresh.personas["library"].accounts


def test_a_load_writes_it_again_when_missing(tmp_path: Path) -> None:
    stored(tmp_path)
    merged_afresh(tmp_path)
    Store(tmp_path).load_merged()
    assert (tmp_path / "profiles.compiled").exists()


def test_a_hand_edited_profiles_json_is_validated_again(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    stored(tmp_path)
    path = tmp_path / "profiles.json"
    data = json.loads(path.read_text())
    for doc in data["profiles"].values():
        if doc["id"] == "david":  # the person's own profile, now with a bad site id
            doc["raw"] = doc["raw"].replace('"site": "x"', '"site": "twitter"', 1)
    path.write_text(json.dumps(data))
    with caplog.at_level(logging.ERROR):
        merged, entries = Store(tmp_path).load_merged()
    assert [e.id for e in entries] == ["tscpl"]
    assert "leaving out stored personal profile 'david', which no longer loads" in caplog.text
    assert "personal" not in merged.personas


@pytest.mark.parametrize("damage", ["garbage", "flipped", "truncated", "shared", "other"])
def test_a_damaged_or_foreign_compiled_file_is_ignored(tmp_path: Path, damage: str) -> None:
    stored(tmp_path)
    compiled = tmp_path / "profiles.compiled"
    if damage == "garbage":
        compiled.write_bytes(b"not compiled at all")
    elif damage == "flipped":
        body = bytearray(compiled.read_bytes())
        body[len(body) // 2] ^= 0x01
        compiled.write_bytes(bytes(body))
    elif damage == "truncated":
        compiled.write_bytes(compiled.read_bytes()[:-100])
    elif damage == "shared":
        os.chmod(compiled, 0o644)
    else:  # made for another profiles.json: the one before the last change
        other = tmp_path / "before"
        other.mkdir()
        Store(other).add_profile(LIBRARY.read_bytes(), str(LIBRARY))
        compiled.write_bytes((other / "profiles.compiled").read_bytes())
    os.chmod(compiled, 0o644 if damage == "shared" else 0o600)
    merged, entries = Store(tmp_path).load_merged()
    assert [e.id for e in entries] == ["tscpl", "david"]
    assert verdicts(merged) == verdicts(merged_afresh(tmp_path)[0])


def test_removing_a_profile_compiles_the_rest(tmp_path: Path) -> None:
    store = stored(tmp_path)
    store.remove_profile("david")
    merged, entries = Store(tmp_path).load_merged()
    assert [e.id for e in entries] == ["tscpl"]
    assert verdicts(merged) == verdicts(merged_afresh(tmp_path)[0])


def test_a_compiled_window_in_a_zone_this_machine_no_longer_knows_is_validated_again(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # as after an update of the time zone data: the compiled form is not trusted for it
    from native_host.store import compiled
    from native_host.store.files import file_signature

    store = stored(tmp_path)
    merged, entries = store.load_merged()
    merged.schedule = tuple(w._replace(timezone="Mars/Olympus") for w in merged.schedule)
    compiled.write(store.compiled_path, file_signature(store.profiles_path), merged, entries)
    with caplog.at_level(logging.WARNING):
        kept, _ = Store(tmp_path).load_merged()
    assert "the profiles are merged again" in caplog.text
    assert {w.timezone for w in kept.schedule} == {"America/Chicago"}
    assert verdicts(kept) == verdicts(merged_afresh(tmp_path)[0])
