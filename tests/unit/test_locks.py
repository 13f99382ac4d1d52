"""What locked org profiles fix, and each field where a person's own profile would weaken
it (the options page shows these beside their fields)."""

from __future__ import annotations

from native_host.profiles.format import parse_profile
from native_host.profiles.locks import describe, weakenings
from tests.unit.profile_builders import acct, persona, profile

FIRST = parse_profile(profile(
    "first", locked=True, title="First Org",
    personas={"work": persona("Work", [acct("x", "acme")], color="#0b5cad")},
    sites={"linkedin": {"allow": ["work", "press"]}},
    checks={"site_policy": "block", "mode_mismatch": "warn"}), "first.json")
SECOND = parse_profile(profile(
    "second", locked=True,
    personas={"press": persona("Press", [acct("x", "acmepress")])},
    sites={"linkedin": {"allow": ["work"]}},
    checks={"mode_mismatch": "block"}), "second.json")
UNLOCKED = parse_profile(profile("loose", checks={"unknown_account": "block"}), "loose.json")


def test_describe_keeps_the_strictest_lock_and_who_set_it() -> None:
    locks = describe([FIRST, SECOND, UNLOCKED])
    assert locks["checks"]["site_policy"] == {"severity": "block", "profile_id": "first",
                                              "title": "First Org"}
    assert locks["checks"]["mode_mismatch"]["profile_id"] == "second"
    assert "unknown_account" not in locks["checks"]  # not locked
    assert locks["sites"]["linkedin"] == {"allow": ["work"], "profile_id": "second",
                                          "title": "second"}  # narrowed by the second
    assert set(locks["personas"]) == {"work", "press"}


def test_a_profile_within_the_locks_has_no_weakening() -> None:
    own = parse_profile(profile(
        "me", personas={"work": {"label": "Work", "keywords": ["acme"]}},
        checks={"site_policy": "block", "content_mismatch": "off"},
        sites={"linkedin": {"allow": ["work"]}}), "me")
    assert weakenings(own, [FIRST, SECOND], "me") == []


def test_each_weakening_is_named_on_its_field_with_the_org_profile() -> None:
    own = parse_profile(profile(
        "me", personas={"work": {"label": "Job", "color": "#ff0000"}},
        checks={"site_policy": "warn"}, sites={"linkedin": {"allow": ["work", "press"]}}),
        "me")
    found = {e.path: e for e in weakenings(own, [FIRST, SECOND], "me")}
    assert set(found) == {"checks.site_policy", "sites.linkedin.allow[1]",
                          "personas.work.label", "personas.work.color"}
    assert "'First Org' (first)" in found["checks.site_policy"].problem
    assert "'block'" in found["checks.site_policy"].fix
    assert "locks that site to work" in found["sites.linkedin.allow[1]"].problem
    assert "'Work'" in found["personas.work.label"].fix
