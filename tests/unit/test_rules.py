"""Each check, on its own, as a person meets it."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.unit.profile_builders import (
    MONDAY_MORNING,
    acct,
    codes,
    library_and_personal,
    persona,
    profile,
    request,
    verdict,
)

LIB = library_and_personal()
WORKDAY = {"persona": "library", "days": ["mon", "tue", "wed", "thu", "fri"],
           "start": "09:00", "end": "18:00", "timezone": "America/Chicago"}


# --- MODE_MISMATCH -----------------------------------------------------------------------


def test_manual_mode_flags_the_other_persona_and_says_which_mode() -> None:
    v = verdict(request(draft="lunch!"), LIB, mode="library")
    assert codes(v) == {"MODE_MISMATCH"}
    assert v.expected_persona == "library"
    message = v.reasons[0].message
    assert "Library mode" in message and "@davidleeking (Personal)" in message


def test_manual_mode_with_the_right_account_goes_through() -> None:
    v = verdict(request(handle="topekalibrary"), LIB, mode="library")
    assert v.decision == "allow" and v.reasons == []


def test_manual_mode_that_has_expired_falls_back_to_the_schedule() -> None:
    ended = datetime.fromisoformat("2026-11-16T09:00:00-06:00")
    v = verdict(request(), LIB, mode="library", until=ended)
    assert v.decision == "allow"
    still = datetime.fromisoformat("2026-11-16T11:00:00-06:00")
    v = verdict(request(), LIB, mode="library", until=still)
    assert codes(v) == {"MODE_MISMATCH"} and "until 2026-11-16T11:00" in v.reasons[0].message


def test_schedule_expects_the_library_during_opening_hours_only() -> None:
    scheduled = library_and_personal(schedule=[WORKDAY])
    inside = verdict(request(), scheduled, now=MONDAY_MORNING)
    assert codes(inside) == {"MODE_MISMATCH"}
    assert "scheduled Mon–Fri 09:00–18:00 America/Chicago" in inside.reasons[0].message
    evening = datetime.fromisoformat("2026-11-16T18:00:00-06:00")  # the end is exclusive
    assert verdict(request(), scheduled, now=evening).decision == "allow"
    saturday = datetime.fromisoformat("2026-11-21T10:00:00-06:00")
    assert verdict(request(), scheduled, now=saturday).decision == "allow"


def test_schedule_uses_the_windows_time_zone_not_the_callers() -> None:
    scheduled = library_and_personal(schedule=[WORKDAY])
    # 15:30 UTC is 09:30 in Chicago on a Monday in November
    assert codes(verdict(request(), scheduled,
                         now=datetime.fromisoformat("2026-11-16T15:30:00+00:00"))) == {
        "MODE_MISMATCH"}
    # 14:30 UTC is 08:30 in Chicago: before opening
    assert verdict(request(), scheduled,
                   now=datetime.fromisoformat("2026-11-16T14:30:00+00:00")).decision == "allow"


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-20T23:30:00-06:00", True),   # Friday night, in the window it starts
    ("2026-11-21T05:59:00-06:00", True),   # Saturday early, same window past midnight
    ("2026-11-21T06:00:00-06:00", False),  # the end
    ("2026-11-21T23:30:00-06:00", False),  # Saturday night: no window starts on Saturday
    ("2026-11-20T21:59:00-06:00", False),  # before the start
])
def test_a_night_shift_window_runs_past_midnight(now: str, expected: bool) -> None:
    night = library_and_personal(schedule=[{
        "persona": "library", "days": ["fri"], "start": "22:00", "end": "06:00",
        "timezone": "America/Chicago"}])
    v = verdict(request(), night, now=datetime.fromisoformat(now))
    assert ("MODE_MISMATCH" in codes(v)) is expected


def test_a_mode_naming_a_persona_that_no_longer_exists_expects_nothing() -> None:
    assert verdict(request(), LIB, mode="retired").decision == "allow"


# --- CONTEXT_MISMATCH --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Does @TopekaLibrary have ebooks?", "is the topeka library open", "Love #TSCPL events",
    "I lost my LIBRARY CARD!", "#readtopeka", "tscpl.",
])
def test_a_reply_to_a_post_about_the_library_flags_the_personal_account(text: str) -> None:
    v = verdict(request(action="reply", reply_to={"handle": "reader", "text": text}), LIB)
    assert codes(v) == {"CONTEXT_MISMATCH"}, text
    assert v.expected_persona == "library"
    assert v.suggestion is not None and v.suggestion.handle == "topekalibrary"


@pytest.mark.parametrize("text", [
    "tscplx is a word", "my library cards", "topeka libraryland", "readtopeka without hash",
    "tscplonline", "@topekalibrary_fan said hi",
])
def test_keywords_and_handles_match_whole_words_only(text: str) -> None:
    v = verdict(request(action="reply", reply_to={"handle": "reader", "text": text}), LIB)
    assert v.decision == "allow", text


def test_replying_to_the_librarys_own_post_is_library_context() -> None:
    v = verdict(request(site="facebook", action="comment",
                        reply_to={"handle": "TopekaLibrary", "text": "Join us Saturday!"}), LIB)
    assert codes(v) == {"CONTEXT_MISMATCH"}
    assert "the post is by @topekalibrary" in v.reasons[0].message
    assert v.suggestion is not None and v.suggestion.kind == "page"


def test_following_the_librarys_own_account_from_personal_is_library_context() -> None:
    v = verdict(request(action="follow", target="topekalibrary"), LIB)
    assert codes(v) == {"CONTEXT_MISMATCH"}


def test_mentions_found_on_the_page_count_as_context() -> None:
    v = verdict(request(action="reply", mentions=["@topekalibrary", "@someone"]), LIB)
    assert codes(v) == {"CONTEXT_MISMATCH"}
    assert v.reasons[0].evidence[0].where == "mentions"


def test_context_naming_the_active_persona_too_raises_nothing() -> None:
    text = "@davidleeking and @topekalibrary, thanks!"
    v = verdict(request(action="reply", reply_to={"handle": "reader", "text": text}), LIB)
    assert v.decision == "allow"


# --- AUDIENCE_MISMATCH -------------------------------------------------------------------


def test_replying_to_a_patron_from_personal_is_an_audience_mismatch() -> None:
    v = verdict(request(action="reply", reply_to={"handle": "@TSCPL_Friends", "text": "hi"}), LIB)
    assert codes(v) == {"AUDIENCE_MISMATCH"}
    assert "Library's audience includes @tscpl_friends" in v.reasons[0].message


def test_an_audience_check_set_to_block_blocks_a_friend_request() -> None:
    strict = library_and_personal(checks={"audience_mismatch": "block"})
    v = verdict(request(site="facebook", action="connect", target="patron.pat"), strict)
    assert v.decision == "block" and codes(v) == {"AUDIENCE_MISMATCH"}
    assert "connecting as @davidleeking" in v.reasons[0].message


def test_audience_is_per_site() -> None:
    v = verdict(request(site="facebook", action="connect", target="tscpl_friends"), LIB)
    assert v.decision == "allow"


# --- SITE_POLICY -------------------------------------------------------------------------


def test_a_persona_not_allowed_on_a_site_is_flagged() -> None:
    policy = library_and_personal(sites={"x": {"allow": ["library"]}})
    v = verdict(request(), policy)
    assert codes(v) == {"SITE_POLICY"}
    assert v.reasons[0].persona == "library"
    assert v.reasons[0].message.startswith("Only Library may act on X")
    assert verdict(request(handle="topekalibrary"), policy).decision == "allow"
    assert verdict(request(site="facebook"), policy).decision == "allow"  # no rule there


# --- CONTENT_MISMATCH --------------------------------------------------------------------


def test_a_personal_remark_typed_into_the_library_account_is_flagged() -> None:
    v = verdict(request(handle="topekalibrary", draft="Family photos! #Grandkids"), LIB)
    assert codes(v) == {"CONTENT_MISMATCH"}
    assert v.expected_persona == "personal"
    assert "“family photos” and “#grandkids”" in v.reasons[0].message
    assert [e.value for e in v.reasons[0].evidence] == ["family photos", "#grandkids"]


def test_a_draft_mentioning_the_other_personas_account_is_content() -> None:
    v = verdict(request(handle="topekalibrary", draft="cc @DavidLeeKing"), LIB)
    assert codes(v) == {"CONTENT_MISMATCH"} and v.expected_persona == "personal"


# --- UNKNOWN_ACCOUNT and IDENTITY_UNDETECTED ---------------------------------------------


def test_an_account_no_persona_claims_is_unknown() -> None:
    v = verdict(request(handle="randomperson"), LIB)
    assert codes(v) == {"UNKNOWN_ACCOUNT"} and v.active_persona is None
    assert "@randomperson is not an account of any of your personas on X" in v.reasons[0].message


def test_an_unknown_account_in_work_mode_also_breaks_the_mode() -> None:
    v = verdict(request(handle="randomperson"), LIB, mode="library")
    assert codes(v) == {"UNKNOWN_ACCOUNT", "MODE_MISMATCH"}
    assert v.expected_persona == "library"


@pytest.mark.parametrize("handle", [None, ""])
def test_an_undetected_identity_is_reported_and_context_still_names_the_persona(
        handle: str | None) -> None:
    req = request(action="reply", handle=handle,
                  reply_to={"handle": "reader", "text": "topeka library hours?"})
    v = verdict(req, LIB)
    assert codes(v) == {"IDENTITY_UNDETECTED"}
    assert v.expected_persona == "library"
    assert "could not tell which account is active on X" in v.reasons[0].message


# --- identities: aliases, Mastodon, Bluesky ----------------------------------------------


def test_a_facebook_page_is_recognised_by_its_numeric_id_or_its_name() -> None:
    by_id = verdict(request(site="facebook", handle="1000123", draft="#grandkids"), LIB)
    assert by_id.active_persona == "library"
    by_name = verdict(request(site="facebook", handle=None,
                              display_name="Topeka  &  Shawnee County Public Library"), LIB)
    assert by_name.active_persona == "library" and by_name.decision == "allow"


def test_mastodon_handles_carry_their_instance() -> None:
    v = verdict(request(site="mastodon", handle="@TSCPL@Mastodon.Social"), LIB)
    assert v.active_persona == "library"
    other_instance = verdict(request(site="mastodon", handle="tscpl@mastodon.online"), LIB)
    assert other_instance.active_persona is None


def test_a_bare_mastodon_mention_means_the_pages_own_instance() -> None:
    def draft_on(url: str) -> set[str]:
        req = request(site="mastodon", handle="tscpl@mastodon.social", url=url,
                      draft="@David see you at the branch")
        return codes(verdict(req, LIB))

    assert draft_on("https://mastodon.social/home") == {"CONTENT_MISMATCH"}
    assert draft_on("https://fosstodon.org/home") == set()  # @david there is someone else


def test_bluesky_domain_handles() -> None:
    v = verdict(request(site="bluesky", action="reply", handle="someone.bsky.social",
                        reply_to={"handle": "reader.bsky.social",
                                  "text": "thanks @tscpl.bsky.social!"}), LIB)
    # an account no persona claims is not the library either
    assert codes(v) == {"UNKNOWN_ACCOUNT", "CONTEXT_MISMATCH"}
    v = verdict(request(site="bluesky", handle="TSCPL.bsky.social"), LIB)
    assert v.active_persona == "library"


# --- severities, the decision and the expected persona ----------------------------------


def test_a_check_set_off_never_fires_and_an_unnamed_check_warns() -> None:
    quiet = library_and_personal(checks={"mode_mismatch": "off"})
    assert verdict(request(), quiet, mode="library").decision == "allow"
    assert verdict(request(), LIB, mode="library").decision == "warn"


def test_the_decision_is_the_highest_severity_among_the_reasons() -> None:
    mixed = library_and_personal(checks={"context_mismatch": "block"})
    v = verdict(request(action="reply", reply_to={"handle": "r", "text": "tscpl"}), mixed,
                mode="library")
    assert codes(v) == {"MODE_MISMATCH", "CONTEXT_MISMATCH"} and v.decision == "block"
    assert {r.code: r.severity for r in v.reasons} == {"MODE_MISMATCH": "warn",
                                                       "CONTEXT_MISMATCH": "block"}


def test_the_expected_persona_has_the_most_evidence_and_ties_go_to_the_mode() -> None:
    three = profile("p", personas={
        "a": persona("A", [acct("x", "a_acct")], ["alpha"]),
        "b": persona("B", [acct("x", "b_acct")], ["beta"]),
        "c": persona("C", [acct("x", "c_acct")], ["gamma", "delta"]),
    })
    # draft names B once and C twice: C has the most evidence
    v = verdict(request(handle="a_acct", draft="beta gamma delta"), three)
    assert v.expected_persona == "c"
    # B and C once each; the mode expects B, so the tie goes to B
    v = verdict(request(handle="a_acct", draft="beta gamma"), three, mode="b")
    assert v.expected_persona == "b"


def test_no_suggestion_when_the_expected_persona_has_no_account_on_the_site() -> None:
    v = verdict(request(site="bluesky", handle="tscpl.bsky.social", draft="family photos"), LIB)
    assert v.expected_persona == "personal" and v.suggestion is None


def test_verdicts_are_the_same_run_after_run() -> None:
    req = request(handle="topekalibrary", draft="book club, family photos, #grandkids")
    club = library_and_personal()
    club["personas"]["personal"]["keywords"].append("book club")
    first = verdict(req, club).model_dump()
    assert all(verdict(req, club).model_dump() == first for _ in range(5))
