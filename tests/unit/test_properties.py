"""Properties that must hold for any profile: the way a handle is written never changes a
verdict, and nothing loaded after a locked profile weakens it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from native_host.reasons import CHECK_NAMES, SEVERITY_RANK
from tests.unit.profile_builders import acct, merged, persona, profile, request, verdict

handles = st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True)
severities = st.sampled_from(["off", "warn", "block"])
START = datetime.fromisoformat("2026-11-16T00:00:00+00:00")


def _rewrite(handle: str, rng: random.Random) -> str:
    """The same handle as a person might type it: random case, maybe a leading @."""
    cased = "".join(c.upper() if rng.random() < 0.5 else c for c in handle)
    return ("@" if rng.random() < 0.5 else "") + cased


@settings(max_examples=150, deadline=None)
@given(
    work=st.lists(handles, min_size=1, max_size=4, unique=True),
    home=st.lists(handles, min_size=1, max_size=4, unique=True),
    audience=st.lists(handles, max_size=3, unique=True),
    pick=st.integers(min_value=0, max_value=100),
    seed=st.integers(),
    minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
    action=st.sampled_from(["post", "reply", "follow"]),
)
def test_handle_case_a_leading_at_and_account_order_never_change_a_verdict(
        work, home, audience, pick, seed, minutes, action) -> None:
    home = [h for h in home if h not in work] or ["zz_home"]
    audience = [h for h in audience if h not in work and h not in home]
    rng = random.Random(seed)
    everyone = work + home + audience + ["stranger"]

    def build(rewrite: bool) -> dict:
        def accounts(names: list[str]) -> list[dict]:
            names = list(names)
            if rewrite:
                rng.shuffle(names)
            return [acct("x", _rewrite(n, rng) if rewrite else n) for n in names]

        return profile("p", personas={
            "work": persona("Work", accounts(work), ["acme"], accounts(audience)),
            "home": persona("Home", accounts(home), ["kids"]),
        }, schedule=[{"persona": "work", "days": ["mon", "wed"], "start": "09:00",
                      "end": "17:00", "timezone": "Europe/Paris"}])

    active = everyone[pick % len(everyone)]
    other = everyone[(pick + 1) % len(everyone)]
    now = START + timedelta(minutes=minutes)
    plain = request(handle=active, action=action, target=other,
                    reply_to={"handle": other, "text": f"hi @{other} acme"},
                    draft=f"cc @{everyone[(pick + 2) % len(everyone)]} kids")
    typed = request(handle=_rewrite(active, rng), action=action, target=_rewrite(other, rng),
                    reply_to={"handle": _rewrite(other, rng), "text": f"hi @{other.upper()} acme"},
                    draft=f"cc @{everyone[(pick + 2) % len(everyone)].title()} kids")
    first = verdict(plain, build(rewrite=False), now=now)
    second = verdict(typed, build(rewrite=True), now=now)
    assert (first.decision, first.active_persona, first.expected_persona) == (
        second.decision, second.active_persona, second.expected_persona)
    assert [(r.code, r.persona, r.severity) for r in first.reasons] == [
        (r.code, r.persona, r.severity) for r in second.reasons]


@settings(max_examples=150, deadline=None)
@given(
    locked_checks=st.dictionaries(st.sampled_from(CHECK_NAMES), severities),
    later_checks=st.lists(st.dictionaries(st.sampled_from(CHECK_NAMES), severities),
                          min_size=1, max_size=3),
    later_keywords=st.lists(st.from_regex(r"[a-z]{3,8}", fullmatch=True), max_size=3),
    locked_handles=st.lists(handles, min_size=1, max_size=3, unique=True),
)
def test_no_later_profile_lowers_a_locked_severity_or_removes_a_locked_account(
        locked_checks, later_checks, later_keywords, locked_handles) -> None:
    org = profile("org", locked=True, checks=locked_checks, personas={
        "org": persona("Org", [acct("x", h) for h in locked_handles])})
    later = [profile(f"later{i}", checks=checks, personas={
        # later profiles may name the locked persona, with fewer (or no) accounts of it
        "org": persona("Org", [acct("x", locked_handles[0])][: i % 2], later_keywords),
        f"own{i}": persona("Own", [acct("bluesky", f"own{i}.bsky.social")]),
    }) for i, checks in enumerate(later_checks)]
    result = merged(org, *later)
    for check, severity in locked_checks.items():
        assert SEVERITY_RANK[result.severities[check]] >= SEVERITY_RANK[severity]
    kept = {a.handle for a in result.personas["org"].accounts}
    assert set(locked_handles) <= kept
    for handle in locked_handles:
        assert verdict(request(handle=handle), org, *later).active_persona == "org"
