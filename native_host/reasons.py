"""The reason codes: each named once, with the profile check (severity key) that governs
it and the sentence a warning dialog shows as is."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["off", "warn", "block"]
SEVERITY_RANK: dict[str, int] = {"off": 0, "warn": 1, "block": 2}
DEFAULT_SEVERITY: Severity = "warn"


class ReasonKind(NamedTuple):
    code: str
    check: str  # the key under a profile's "checks"
    fires_when: str
    sentence: str  # str.format fields: active, doing, expected, site, items, belong, mode_source


REASONS: tuple[ReasonKind, ...] = (
    ReasonKind(
        "MODE_MISMATCH", "mode_mismatch",
        "the mode (manual or scheduled) expects persona P, the active identity is another persona",
        "You are in {expected} mode ({mode_source}), but {doing} as {active}.",
    ),
    ReasonKind(
        "CONTEXT_MISMATCH", "context_mismatch",
        "the post replied to, quoted or commented on, or its mentions, name an account or "
        "keyword of persona P, the active identity is another persona",
        "This is {expected}'s conversation ({items}), but you are {doing} as {active}.",
    ),
    ReasonKind(
        "AUDIENCE_MISMATCH", "audience_mismatch",
        "the account replied to or acted on is in P's audience, the active identity is "
        "another persona",
        "{expected}'s audience includes {items}, but you are {doing} as {active}.",
    ),
    ReasonKind(
        "SITE_POLICY", "site_policy",
        "the active identity's persona is not allowed on this site",
        "Only {expected} may act on {site}, but you are {doing} as {active}.",
    ),
    ReasonKind(
        "CONTENT_MISMATCH", "content_mismatch",
        "the draft itself names an account or keyword of persona P, the active identity is "
        "another persona",
        "Your draft mentions {items}, which {belong} to {expected}, but you are {doing} as "
        "{active}.",
    ),
    ReasonKind(
        "UNKNOWN_ACCOUNT", "unknown_account",
        "the active identity belongs to no persona",
        "{active} is not an account of any of your personas on {site}.",
    ),
    ReasonKind(
        "IDENTITY_UNDETECTED", "identity_undetected",
        "the site adapter could not tell who is active",
        "Persona Guard could not tell which account is active on {site}: check who you are "
        "{doing} as before you go on.",
    ),
)

REASON_BY_CODE: dict[str, ReasonKind] = {r.code: r for r in REASONS}
CHECK_NAMES: tuple[str, ...] = tuple(r.check for r in REASONS)

# Under a block, who set it: the person's own profile, an organisation's, or a profile
# named on the command line whose origin is unknown. str.format field: title.
BLOCK_HINTS: dict[str, str] = {
    "personal": "Your own profile does not allow this from this account. Switch accounts, "
                "then try again; your draft is kept.",
    "org": "Your organisation's profile {title} does not allow this from this account. "
           "Switch accounts, then try again; your draft is kept.",
    "profile": "The profile {title} does not allow this from this account. Switch accounts, "
               "then try again; your draft is kept.",
}
