"""The store's summary without the accounts in a small file of its own (`summary.json`), so
`persona-guard mode` and `profile list` read it instead of every stored profile. It is
derived from `profiles.json`: whatever happens to it, what people see stays right."""

from __future__ import annotations

import json
from pathlib import Path

from native_host.store.files import table_rows
from native_host.store.store import Store, brief_of
from tests.host.conftest import PROFILES, cli

LIBRARY = str(PROFILES / "public-library.json")


def stored_brief(folder: Path) -> dict:
    """The summary as profiles.json keeps it, without the accounts (what summary.json has)."""
    summary = table_rows(json.loads((folder / "profiles.json").read_text()), "summary")[-1][1]
    return brief_of(summary)


def test_each_profile_change_writes_the_summary_file_owner_only(library_dir: Path):
    written = json.loads((library_dir / "summary.json").read_text())
    assert written["brief"] == stored_brief(library_dir)
    assert set(written["brief"]["personas"]) == {"library", "personal"}
    assert written["brief"]["personas"]["library"]["label"] == "Library"
    assert "accounts" not in written["brief"]["personas"]["library"]
    assert (library_dir / "summary.json").stat().st_mode & 0o777 == 0o600
    assert cli(library_dir, "profile", "remove", "david").returncode == 0
    after = json.loads((library_dir / "summary.json").read_text())["brief"]
    assert [p["id"] for p in after["profiles"]] == ["tscpl"] == [
        p["id"] for p in stored_brief(library_dir)["profiles"]]


def test_mode_and_profile_list_read_the_summary_file_alone(library_dir: Path):
    # what the file says is what they use while its signature matches profiles.json's
    written = json.loads((library_dir / "summary.json").read_text())
    written["brief"]["personas"]["club"] = {"label": "Club", "color": None, "locked_by": None}
    written["brief"]["profiles"][0]["title"] = "Read from summary.json"
    (library_dir / "summary.json").write_text(json.dumps(written))
    assert cli(library_dir, "mode", "club").stdout.startswith("mode: club")
    assert "Read from summary.json" in cli(library_dir, "profile", "list").stdout


def test_a_missing_or_corrupt_summary_file_is_rebuilt_and_nothing_is_lost(library_dir: Path):
    for damage in (lambda p: p.unlink(), lambda p: p.write_bytes(b"\x00{garbage"),
                   lambda p: p.write_text("[1, 2]")):
        damage(library_dir / "summary.json")
        result = cli(library_dir, "mode", "library")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("mode: library") and "Traceback" not in result.stderr
        rebuilt = json.loads((library_dir / "summary.json").read_text())
        assert rebuilt["brief"] == stored_brief(library_dir)
        assert (library_dir / "summary.json").stat().st_mode & 0o777 == 0o600
    assert not list(library_dir.glob("*.corrupt-*"))  # derived data: nothing moved aside
    assert len(Store(library_dir).profiles()) == 2


def test_a_summary_file_of_other_profiles_is_never_used(library_dir: Path, tmp_path: Path):
    """A writer killed between its two renames, or an older version that writes only
    profiles.json, leaves a summary of other profiles behind: it is ignored."""
    old = (library_dir / "summary.json").read_bytes()
    assert cli(library_dir, "profile", "remove", "david").returncode == 0
    (library_dir / "summary.json").write_bytes(old)  # the summary of before the removal
    result = cli(library_dir, "mode", "personal")
    assert result.returncode == 2
    assert "'personal' is not a persona of the stored profiles" in result.stderr
    assert "personal" not in json.loads((library_dir / "summary.json").read_text())[
        "brief"]["personas"]
