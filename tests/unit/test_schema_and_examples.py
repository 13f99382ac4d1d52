"""The shipped JSON Schema is current, and every example profile is valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from native_host.profiles.format import load_profile_file
from native_host.profiles.merge import load_and_merge
from native_host.profiles.schema import SCHEMA_FILE, profile_schema_text

EXAMPLES = sorted(p for p in SCHEMA_FILE.parent.glob("*.json") if p != SCHEMA_FILE)


def test_the_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == profile_schema_text(), (
        "persona_profiles/profile.schema.json is stale: run python -m native_host.profiles.schema")


def test_there_is_an_example_for_each_seed_case() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"public-library", "therapist-practice", "small-company"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_example_is_valid_for_the_models_and_the_schema(path: Path) -> None:
    load_profile_file(path)
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_text("utf-8")))


def test_the_schema_rejects_what_the_models_reject() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    bad = json.loads((SCHEMA_FILE.parent / "small-company.json").read_text("utf-8"))
    bad["personas"]["personal"]["colour"] = "#fff"
    assert not validator.is_valid(bad)


def test_the_library_org_profile_merges_with_a_staff_members_own() -> None:
    merged = load_and_merge([str(SCHEMA_FILE.parent / "public-library.json"),
                             str(SCHEMA_FILE.parent / "library-staff-personal.json")])
    assert set(merged.personas) == {"library", "personal"}
    assert merged.severities["site_policy"] == "block"
