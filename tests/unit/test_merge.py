"""Each merging rule, with the `locked` guarantees admins rely on."""

from __future__ import annotations

import pytest

from native_host.errors import InputError
from tests.unit.profile_builders import acct, merged, persona, profile, request, verdict

ORG = profile("org", locked=True,
              personas={"work": persona("Work", [acct("x", "work_acct")], ["acme"],
                                        color="#0000aa")},
              schedule=[{"persona": "work", "days": ["mon"], "start": "09:00", "end": "17:00",
                         "timezone": "UTC"}],
              sites={"linkedin": {"allow": ["work"]}},
              checks={"mode_mismatch": "block", "content_mismatch": "warn"})
ME = profile("me", personas={"me": persona("Me", [acct("x", "me_acct")], ["cats"])})


def test_personas_merge_by_id_with_unions() -> None:
    extra = profile("extra", personas={"me": persona("Myself", [acct("bluesky", "me.bsky.social")],
                                                     ["dogs", "cats"])})
    result = merged(ME, extra)
    me = result.personas["me"]
    assert [a.handle for a in me.accounts] == ["me_acct", "me.bsky.social"]
    assert me.keywords == ["cats", "dogs"]
    assert me.label == "Myself"  # unlocked: the last profile's label wins


def test_an_account_claimed_by_two_personas_names_both_personas_and_files() -> None:
    thief = profile("thief", personas={"other": persona("Other", [acct("x", "@Work_Acct")])})
    with pytest.raises(InputError) as caught:
        merged(ORG, thief)
    text = str(caught.value)
    assert "thief.json" in text and "org.json" in text
    assert "'other'" in text and "'work'" in text
    assert caught.value.path == "personas.other.accounts[0]"


def test_an_alias_that_is_another_personas_handle_is_a_conflict_too() -> None:
    fb = profile("fb", personas={
        "a": persona("A", [acct("facebook", "pagename", kind="page", aliases=["12345"])]),
        "b": persona("B", [acct("facebook", "12345")]),
    })
    with pytest.raises(InputError, match="claimed by persona 'b' here and by persona 'a'"):
        merged(fb)


def test_severity_is_the_last_one_set_and_unnamed_checks_warn() -> None:
    first = profile("one", checks={"site_policy": "block", "context_mismatch": "off"})
    second = profile("two", checks={"site_policy": "off"})
    result = merged(first, second)
    assert result.severities["site_policy"] == "off"
    assert result.severities["context_mismatch"] == "off"
    assert result.severities["audience_mismatch"] == "warn"


def test_a_later_profile_cannot_lower_a_locked_severity_but_may_raise_it() -> None:
    lower = profile("me", checks={"mode_mismatch": "off", "content_mismatch": "block"})
    result = merged(ORG, lower)
    assert result.severities["mode_mismatch"] == "block"
    assert result.severities["content_mismatch"] == "block"
    # and the person sees it: work mode still blocks
    v = verdict(request(handle="me_acct"), ORG, ME, mode="work")
    assert v.decision == "block"


def test_a_later_profile_cannot_add_an_account_to_a_locked_persona() -> None:
    sneaky = profile("me", personas={"work": persona("Work", [acct("x", "me_acct")])})
    with pytest.raises(InputError) as caught:
        merged(ORG, sneaky)
    assert "locks" in str(caught.value) and "me.json" in str(caught.value)


def test_a_later_profile_may_add_keywords_and_audience_to_a_locked_persona() -> None:
    more = profile("me", personas={"work": persona("Mine", keywords=["widgets"],
                                                   audience=[acct("x", "client1")])})
    result = merged(ORG, more)
    work = result.personas["work"]
    assert work.keywords == ["acme", "widgets"] and work.audience[0].handle == "client1"
    assert (work.label, work.color) == ("Work", "#0000aa")  # a locked persona keeps its face


def test_a_locked_site_rule_can_be_narrowed_but_not_widened() -> None:
    widen = profile("me", personas=ME["personas"], sites={"linkedin": {"allow": ["work", "me"]}})
    assert merged(ORG, widen).site_allow["linkedin"] == ("work",)
    narrow = profile("me", personas=ME["personas"], sites={"linkedin": {"allow": []}})
    assert merged(ORG, narrow).site_allow["linkedin"] == ()


def test_unlocked_site_rules_are_replaced_by_the_last_profile() -> None:
    first = profile("one", personas=ME["personas"], sites={"x": {"allow": ["me"]}})
    second = profile("two", sites={"x": {"allow": []}})
    assert merged(first, second).site_allow["x"] == ()


def test_locked_schedule_windows_rank_before_anything_loaded_later() -> None:
    mine = profile("me", personas=ME["personas"], schedule=[
        {"persona": "me", "days": ["mon"], "start": "00:00", "end": "23:59", "timezone": "UTC"}])
    result = merged(ORG, mine)
    assert [w.persona for w in result.schedule] == ["work", "me"]
    unlocked_org = dict(ORG, locked=False)
    result = merged(unlocked_org, mine)  # among unlocked profiles the later one wins
    assert [w.persona for w in result.schedule] == ["me", "work"]


def test_a_schedule_or_site_rule_naming_an_unknown_persona_is_refused() -> None:
    bad = profile("bad", personas=ME["personas"], schedule=[
        {"persona": "ghost", "start": "09:00", "end": "10:00", "timezone": "UTC"}])
    with pytest.raises(InputError) as caught:
        merged(bad)
    assert caught.value.path == "schedule[0].persona" and "ghost" in caught.value.problem
    bad = profile("bad", personas=ME["personas"], sites={"x": {"allow": ["ghost"]}})
    with pytest.raises(InputError, match="allows persona 'ghost'"):
        merged(bad)


def test_two_profiles_with_the_same_id_are_refused() -> None:
    with pytest.raises(InputError, match=r"profile id .me."):
        merged(ME, dict(ME))


def test_the_same_file_given_twice_is_refused(tmp_path) -> None:
    import json

    from native_host.profiles.merge import load_and_merge

    path = tmp_path / "me.json"
    path.write_text(json.dumps(ME), encoding="utf-8")
    with pytest.raises(InputError, match="is loaded twice"):
        load_and_merge([str(path), str(path)])
