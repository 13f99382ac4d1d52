"""The host reads a browser's check by hand (decision.request.plain_check), without
pydantic: it must accept only what the CheckRequest model accepts, read the same values,
and give the same verdict as the model's path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from native_host.decision.mode import Mode
from native_host.decision.request import plain_check
from native_host.decision.rules import decide, verdict_json
from native_host.decision.verdict import CheckRequest
from tests.unit.profile_builders import MONDAY_MORNING, library_and_personal, merged

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(
    ["x", "facebook", "mastodon", "reply", "post", "user", "page", "unknown", "@topekalibrary",
     "topekalibrary", "davidleeking", "Topeka library", "https://x.com/"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def maybe(key_values: dict, extra: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={**key_values, "extra": extra})


identity = st.none() | values | maybe({"site": scalars, "handle": scalars, "kind": scalars,
                                       "display_name": scalars}, values)
context = values | maybe({
    "url": scalars, "mentions": st.lists(scalars, max_size=3) | values,
    "reply_to": st.none() | values | maybe({"handle": scalars, "text": scalars}, values),
    "target": st.none() | values | maybe({"handle": scalars}, values)}, values)
draft = values | maybe({"text": scalars}, values)
requests = st.fixed_dictionaries(
    {"site": scalars, "action": scalars},
    optional={"identity": identity, "context": context, "draft": draft, "extra": values})


def as_json(request: object) -> dict:
    """What the rules read of a request, from either kind of object."""
    identity, context = request.identity, request.context
    return {
        "site": request.site, "action": request.action,
        "identity": None if identity is None else (
            identity.site, identity.handle, identity.kind, identity.display_name),
        "url": context.url, "mentions": list(context.mentions),
        "reply_to": None if context.reply_to is None else (
            context.reply_to.handle, context.reply_to.text),
        "target": None if context.target is None else context.target.handle,
        "draft": request.draft.text,
    }


@given(requests)
def test_the_hand_check_accepts_only_what_the_model_accepts_with_the_same_values(data):
    plain = plain_check(data, 1)
    if plain is not None:
        model = CheckRequest.model_validate(data)  # raises if a bad request got through
        assert as_json(plain) == as_json(model)


BROWSER_REQUESTS = [
    {"site": "x", "action": "reply",
     "identity": {"site": "x", "handle": "davidleeking", "kind": "user"},
     "context": {"url": "https://x.com/", "mentions": ["@topekalibrary"],
                 "reply_to": {"handle": "tscpl_friends", "text": "Is the Topeka library open?"}},
     "draft": {"text": "We open at noon! #tscpl"}},
    {"site": "facebook", "action": "follow", "identity": None,
     "context": {"target": {"handle": "topekalibrary"}}},
    {"site": "x", "action": "post", "identity": {"site": "x", "display_name": "David"},
     "draft": {"text": ""}},
    {"site": "x", "action": "reply", "identity": {"site": "x", "handle": "davidleeking"},
     "context": {"reply_to": {"text": "a " * 30_000 + "topeka library"}},
     "draft": {"text": "family photos " * 3000 + "tscpl"}},  # both past the 20,000 cut
]


def test_what_browsers_send_is_read_by_hand_and_decided_alike():
    profiles = merged(library_and_personal())
    for data in BROWSER_REQUESTS:
        plain = plain_check(data, "c1")
        assert plain is not None, data
        model = CheckRequest.model_validate(data)
        assert as_json(plain) == as_json(model)
        for mode in ("auto", "library", "personal"):
            assert verdict_json(plain, profiles, Mode.parse(mode), MONDAY_MORNING) == \
                decide(model, profiles, Mode.parse(mode), MONDAY_MORNING).model_dump(mode="json")
