"""The shared store as people use it: `persona-guard profile|mode|status|audit`, and what
happens to a store with a corrupt file."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from native_host.store.audit import SEGMENT, AuditLog
from native_host.store.store import Store
from tests.host.conftest import PROFILES, check, cli

LIBRARY = str(PROFILES / "public-library.json")
DAVID = str(PROFILES / "library-staff-personal.json")


def write_profile(folder: Path, name: str, data: dict) -> str:
    path = folder / name
    path.write_text(json.dumps({"schema": "persona-guard/profile@1", **data}))
    return str(path)


def test_profile_add_list_remove(data_dir):
    assert cli(data_dir, "profile", "add", DAVID).stdout.startswith(
        "added the personal profile 'david'")
    assert "added the org profile 'tscpl'" in cli(data_dir, "profile", "add", LIBRARY).stdout
    listing = cli(data_dir, "profile", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["tscpl", "david"]  # org first
    as_json = json.loads(cli(data_dir, "profile", "list", "--json").stdout)
    assert as_json[0] == {"id": "tscpl", "version": 4, "locked": True, "origin": "org",
                          "title": "Topeka & Shawnee County Public Library"}
    removed = cli(data_dir, "profile", "remove", "david")
    assert removed.returncode == 0 and "removed the personal profile 'david'" in removed.stdout
    assert [p["id"] for p in Store(data_dir).summary()["profiles"]] == ["tscpl"]


def test_a_profile_that_fails_validation_is_refused_and_the_stored_ones_stay(data_dir,
                                                                           tmp_path):
    cli(data_dir, "profile", "add", LIBRARY)
    before = (data_dir / "profiles.json").read_bytes()
    bad = write_profile(tmp_path, "mine.json", {"id": "mine", "personas": {
        "me": {"label": "Me", "accounts": [{"site": "x", "handle": "me", "kindd": "user"}]}}})
    result = cli(data_dir, "profile", "add", bad)
    assert result.returncode == 2
    assert result.stderr.startswith(f"persona-guard profile: {bad}: "
                                    "personas.me.accounts[0].kindd: unknown field 'kindd'")
    assert "fix: did you mean 'kind'?" in result.stderr and "Traceback" not in result.stderr
    assert (data_dir / "profiles.json").read_bytes() == before


def test_a_profile_that_does_not_merge_is_refused_naming_both_files(data_dir, tmp_path):
    cli(data_dir, "profile", "add", LIBRARY)
    thief = write_profile(tmp_path, "thief.json", {"id": "mine", "personas": {
        "me": {"label": "Me", "accounts": [{"site": "x", "handle": "TopekaLibrary"}]}}})
    result = cli(data_dir, "profile", "add", thief)
    assert result.returncode == 2
    assert "claimed by persona 'me' here and by persona 'library' in stored org profile " \
           "'tscpl'" in result.stderr
    assert [p["id"] for p in Store(data_dir).summary()["profiles"]] == ["tscpl"]


def test_an_unreadable_file_is_refused_clearly(data_dir):
    result = cli(data_dir, "profile", "add", "no/such/file.json")
    assert result.returncode == 2
    assert "no/such/file.json: cannot be read (No such file or directory)" in result.stderr


def test_a_second_own_profile_replaces_the_first_and_org_ones_add_up(data_dir, tmp_path):
    cli(data_dir, "profile", "add", DAVID)
    other = write_profile(tmp_path, "new-me.json", {"id": "newme", "personas": {
        "home": {"label": "Home"}}})
    assert "replaced 'david' with the personal profile 'newme'" in cli(
        data_dir, "profile", "add", other).stdout
    org = write_profile(tmp_path, "club.json", {"id": "club", "personas": {
        "club": {"label": "Club"}}})
    assert "added the org profile 'club'" in cli(data_dir, "profile", "add", org,
                                                 "--org").stdout
    assert [(p["id"], p["origin"]) for p in Store(data_dir).summary()["profiles"]] == [
        ("club", "org"), ("newme", "personal")]


def test_profile_remove_of_an_unknown_id_names_the_stored_ones(library_dir):
    result = cli(library_dir, "profile", "remove", "nope")
    assert result.returncode == 2
    assert "nope: no stored profile has this id" in result.stderr
    assert "use one of: tscpl, david" in result.stderr


def test_removing_the_profile_of_the_current_mode_turns_it_auto(library_dir):
    cli(library_dir, "mode", "personal")
    result = cli(library_dir, "profile", "remove", "david")
    assert "the mode named one of its personas, so it is auto again" in result.stdout
    assert Store(library_dir).mode().persona is None


def test_mode_set_for_a_while_and_refused_for_an_unknown_persona(library_dir, pinned_clock):
    result = cli(library_dir, "mode", "library", "--for", "1h")
    assert result.returncode == 0 and result.stdout.startswith("mode: library until ")
    until = Store(library_dir).mode().until
    assert until is not None
    assert until == pinned_clock.now + timedelta(hours=1)  # the CLI ran at the pinned instant
    refused = cli(library_dir, "mode", "wizard")
    assert refused.returncode == 2
    assert "'wizard' is not a persona of the stored profiles" in refused.stderr
    assert "use one of: auto, library, personal" in refused.stderr
    assert Store(library_dir).mode().persona == "library"
    assert "not a duration" in cli(library_dir, "mode", "library", "--for", "soon").stderr
    assert cli(library_dir, "mode", "auto").stdout.startswith("mode: auto")


def test_status_shows_the_mode_and_profiles(library_dir):
    cli(library_dir, "mode", "personal")
    text = cli(library_dir, "status").stdout
    assert "mode: personal" in text and "tscpl v4 (org, locked)" in text
    state = json.loads(cli(library_dir, "status", "--json").stdout)
    assert state["mode"] == "personal" and state["effective_persona"] == "personal"


def test_a_corrupt_state_file_is_moved_aside_and_the_profiles_stay(library_dir,
                                                                   host_factory):
    cli(library_dir, "mode", "library")
    (library_dir / "state.json").write_text('{"mode": {"1": {"persona": "lib')
    host = host_factory(library_dir)
    state = host.hello()["state"]
    assert state["mode"] == "auto"  # the mode was in the corrupt file
    assert set(state["personas"]) == {"library", "personal"}
    assert host.ask(check(1))["type"] == "verdict"
    aside = list(library_dir.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text().startswith('{"mode"')
    log = (library_dir / "logs" / "host.log").read_text()
    assert "state.json is not valid JSON" in log and aside[0].name in log
    assert host.ask({"v": 1, "type": "set_mode", "id": 2, "mode": "personal"})[
        "mode"] == "personal"


def test_a_corrupt_profiles_file_is_moved_aside_and_the_mode_stays(library_dir):
    cli(library_dir, "mode", "library", "--for", "2h")
    (library_dir / "profiles.json").write_bytes(b"\x00\x01garbage")
    result = cli(library_dir, "status")
    assert result.returncode == 0 and "profiles: none" in result.stdout
    assert list(library_dir.glob("profiles.json.corrupt-*"))
    assert Store(library_dir).mode().persona == "library"
    assert "profiles.json is not valid JSON" in (library_dir / "logs" / "cli.log").read_text()
    assert cli(library_dir, "profile", "add", LIBRARY).returncode == 0


def test_a_corrupt_audit_file_loses_only_its_own_records(library_dir):
    log = AuditLog(library_dir)
    log.write([{"key": f"k:{n}", "check_id": n, "time": "2026-01-01T00:00:00+00:00"}
               for n in range(3 * SEGMENT)])
    (library_dir / "audit" / "0000000001.json").write_text("{broken")
    kept = [r["check_id"] for r in log.records()]
    assert kept == [*range(SEGMENT), *range(2 * SEGMENT, 3 * SEGMENT)]
    assert list((library_dir / "audit").glob("0000000001.json.corrupt-*"))
    log.write([{"key": "k:new", "check_id": "new", "time": "2026-01-01T00:00:01+00:00"}])
    assert [r["check_id"] for r in log.records()][-1] == "new"


def test_the_audit_log_keeps_the_configured_number_of_records(library_dir):
    assert "keeps the newest 600 records" in cli(library_dir, "audit", "--keep", "600").stdout
    log = AuditLog(library_dir, Store(library_dir).audit_keep())
    for batch in range(13):
        log.write([{"key": f"k:{batch}-{n}", "check_id": f"{batch}-{n}",
                    "time": "2026-01-01T00:00:00+00:00", "site": "x"} for n in range(100)])
    lines = cli(library_dir, "audit", "--limit", "5000", "--json").stdout.splitlines()
    assert len(lines) == 600
    assert json.loads(lines[0])["check_id"] == "12-99"  # newest first
    assert json.loads(lines[-1])["check_id"] == "7-0"
    files = len(list((library_dir / "audit").glob("*.json")))
    assert files <= 600 // SEGMENT + 1  # old segments dropped


def test_audit_pages_stay_under_1_mib_and_cover_every_record_once(library_dir,
                                                                  host_factory):
    big = "x" * 5000  # e.g. long display names: 400 records are about 2 MB
    AuditLog(library_dir).write([{"key": f"k:{n}", "check_id": n, "site": "x",
                                  "time": "2026-01-01T00:00:00+00:00",
                                  "identity": {"display_name": big}} for n in range(400)])
    host = host_factory(library_dir)
    host.hello()
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        request = {"v": 1, "type": "audit", "id": pages, "limit": 1000}
        page = host.ask({**request, "cursor": cursor} if cursor else request)
        assert page["type"] == "audit_page"
        assert len(json.dumps(page).encode()) < 1024 * 1024
        seen += [item["check_id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages >= 2 and seen == list(range(399, -1, -1))


def test_a_store_that_cannot_be_written_is_a_clear_error_for_the_cli(library_dir):
    lock = library_dir / "store.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()  # even root cannot open it as the lock
    result = cli(library_dir, "mode", "library")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"persona-guard mode: {library_dir}: cannot be written" in result.stderr
