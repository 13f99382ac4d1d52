"""Small builders for profiles and check requests, so each test states only what matters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from native_host.decision.mode import Mode
from native_host.decision.rules import decide
from native_host.decision.verdict import CheckRequest, Verdict
from native_host.profiles.format import parse_profile
from native_host.profiles.merge import LoadedProfile, MergedProfiles, merge_profiles

MONDAY_MORNING = datetime.fromisoformat("2026-11-16T10:00:00-06:00")  # a Monday


def profile(pid: str = "org", locked: bool = False, **fields: Any) -> dict[str, Any]:
    return {"schema": "persona-guard/profile@1", "id": pid, "locked": locked, **fields}


def persona(label: str, accounts: list[Any] = (), keywords: list[str] = (),
            audience: list[Any] = (), color: str = "#123456") -> dict[str, Any]:
    return {"label": label, "color": color, "accounts": list(accounts),
            "keywords": list(keywords), "audience": list(audience)}


def acct(site: str, handle: str, **more: Any) -> dict[str, Any]:
    return {"site": site, "handle": handle, **more}


def library_and_personal(**profile_fields: Any) -> dict[str, Any]:
    """The librarian's two personas in one profile."""
    return profile(
        "lib",
        personas={
            "library": persona(
                "Library",
                [acct("x", "topekalibrary"),
                 acct("facebook", "topekalibrary", kind="page",
                      aliases=["Topeka & Shawnee County Public Library", "1000123"]),
                 acct("mastodon", "tscpl@mastodon.social"),
                 acct("bluesky", "tscpl.bsky.social")],
                ["topeka library", "tscpl", "#readtopeka", "library card"],
                [acct("x", "tscpl_friends"), acct("facebook", "patron.pat")],
            ),
            "personal": persona(
                "Personal",
                [acct("x", "davidleeking"), acct("facebook", "davidleeking", kind="user"),
                 acct("mastodon", "david@mastodon.social")],
                ["#grandkids", "family photos"],
            ),
        },
        **profile_fields,
    )


def merged(*profiles: dict[str, Any]) -> MergedProfiles:
    return merge_profiles([LoadedProfile(parse_profile(p, f"{p['id']}.json"), f"{p['id']}.json")
                           for p in profiles])


def request(site: str = "x", action: str = "post", handle: str | None = "davidleeking",
            reply_to: dict[str, Any] | None = None, target: str | None = None,
            mentions: list[str] = (), draft: str = "", url: str | None = None,
            display_name: str | None = None) -> CheckRequest:
    identity = None
    if handle is not None or display_name is not None:
        identity = {"site": site, "handle": handle, "kind": "user", "display_name": display_name}
    context: dict[str, Any] = {"url": url or f"https://{site}.example/", "mentions": list(mentions)}
    if reply_to is not None:
        context["reply_to"] = reply_to
    if target is not None:
        context["target"] = {"handle": target}
    return CheckRequest.model_validate({"site": site, "action": action, "identity": identity,
                                        "context": context, "draft": {"text": draft}})


def verdict(req: CheckRequest, *profiles: dict[str, Any], mode: str = "auto",
            now: datetime = MONDAY_MORNING, until: datetime | None = None) -> Verdict:
    return decide(req, merged(*profiles), Mode.parse(mode, until), now)


def codes(v: Verdict) -> set[str]:
    return {r.code for r in v.reasons}
