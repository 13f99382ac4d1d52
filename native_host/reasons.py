"""The reason codes: each named once, with the profile check (severity key) that governs
it, the evidence that makes it fire, and the sentence a warning dialog shows as is
(`sentence()` writes it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

Severity = Literal["off", "warn", "block"]
SEVERITY_RANK: dict[str, int] = {"off": 0, "warn": 1, "block": 2}
DEFAULT_SEVERITY: Severity = "warn"


class Clue(NamedTuple):
    """One piece of evidence while deciding (the verdict reports it as an `Evidence`)."""

    kind: str  # handle, keyword, hashtag, audience, mode, rule, identity
    value: str
    where: str  # the request field it was found in, e.g. "reply_to.text"


class ReasonKind(NamedTuple):
    code: str
    check: str  # the key under a profile's "checks"
    fires_when: str
    sentence: str  # str.format fields: active, doing, expected, site, items, belong, mode_source
    # Which clues the decision gathers per persona for this reason ("" when it decides
    # otherwise: SITE_POLICY from the profile's site rules, the last two from the identity)
    gathers: str = ""
    # The sentence when no persona is expected (SITE_POLICY with an empty allow list)
    sentence_no_persona: str = ""
    # How each clue reads inside {items}, by its `where`; unlisted: the values, joined
    phrases: Mapping[str, str] | None = None


REASONS: tuple[ReasonKind, ...] = (
    ReasonKind(
        "MODE_MISMATCH", "mode_mismatch",
        "the mode (manual or scheduled) expects persona P, the active identity is another persona",
        "You are in {expected} mode ({mode_source}), but {doing} as {active}.",
        gathers="mode",
    ),
    ReasonKind(
        "CONTEXT_MISMATCH", "context_mismatch",
        "the post replied to, quoted or commented on, or its mentions, name an account or "
        "keyword of persona P, the active identity is another persona",
        "This is {expected}'s conversation ({items}), but you are {doing} as {active}.",
        gathers="context",
        phrases={
            "reply_to.handle": "the post is by {value}",
            "reply_to.text": "the post mentions {value}",
            "mentions": "it mentions {value}",
            "target.handle": "{value} is its account",
        },
    ),
    ReasonKind(
        "AUDIENCE_MISMATCH", "audience_mismatch",
        "the account replied to or acted on is in P's audience, the active identity is "
        "another persona",
        "{expected}'s audience includes {items}, but you are {doing} as {active}.",
        gathers="audience",
    ),
    ReasonKind(
        "SITE_POLICY", "site_policy",
        "the active identity's persona is not allowed on this site",
        "Only {expected} may act on {site}, but you are {doing} as {active}.",
        sentence_no_persona="No persona may act on {site}, but you are {doing} as {active}.",
    ),
    ReasonKind(
        "CONTENT_MISMATCH", "content_mismatch",
        "the draft itself names an account or keyword of persona P, the active identity is "
        "another persona",
        "Your draft mentions {items}, which {belong} to {expected}, but you are {doing} as "
        "{active}.",
        gathers="content",
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
GATHERED: tuple[ReasonKind, ...] = tuple(r for r in REASONS if r.gathers)


def sentence(code: str, clues: Sequence[Clue], *, active: str, doing: str,
             expected: str | None, site: str, mode_source: str = "") -> str:
    """The reason's sentence. `expected` is the expected persona's label, None when no
    persona is expected; `active` names the account in use, `doing` the action."""
    reason = REASON_BY_CODE[code]
    if expected is None and reason.sentence_no_persona:
        return reason.sentence_no_persona.format(site=site, doing=doing, active=active)
    # reply_to and target often name the same account: say it once ("@pat", not "@pat and @pat")
    clues = _once(clues)
    phrases = reason.phrases
    if phrases:
        items = "; ".join(phrases[c.where].format(value=_quote(c)) for c in clues)
    else:
        items = _join([_quote(c) for c in clues])
    return reason.sentence.format(
        active=active, doing=doing, expected=expected or "no persona", site=site, items=items,
        belong="belongs" if len(clues) == 1 else "belong", mode_source=mode_source)


def _once(clues: Sequence[Clue]) -> list[Clue]:
    """The clues with each value once (case-insensitive), first occurrence kept."""
    seen: set[str] = set()
    out = []
    for clue in clues:
        if clue.value.casefold() not in seen:
            seen.add(clue.value.casefold())
            out.append(clue)
    return out


def _quote(clue: Clue) -> str:
    return f"“{clue.value}”" if clue.kind == "keyword" else clue.value


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

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
