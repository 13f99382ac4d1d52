"""Merging several profiles (org profiles first, the person's own last) into the one view
the rules read, with the `locked` guarantees of the profile format:

* personas merge by id; accounts, keywords and audience are unions;
* an account (or alias) claimed by two personas is an error naming both, and both files;
* a check's severity is the last one set, never lower than any locked profile sets it;
* a locked profile's personas, schedule and site rules cannot be removed or weakened:
  a later profile may add keywords and audience to a locked persona but not accounts
  (an added account would make posts from it count as that persona), may only narrow a
  locked site rule, and its schedule windows rank below every locked window.
"""

from __future__ import annotations

from typing import cast

from native_host.errors import InputError
from native_host.profiles.format import Account
from native_host.profiles.identity import normalise_alias, normalise_handle
from native_host.profiles.matcher import Matcher
from native_host.profiles.view import (
    AccountRow,
    AudienceRow,
    LoadedProfile,
    MergedProfiles,
    PersonaView,
    Window,
    account_model,
)
from native_host.reasons import CHECK_NAMES, DEFAULT_SEVERITY, SEVERITY_RANK, Severity
from native_host.sites import SITES

# the merged view's classes live in profiles.view (no pydantic); still importable from here
__all__ = ["AccountRow", "AudienceRow", "LoadedProfile", "MergedProfiles", "PersonaView",
           "account_model", "load_and_merge", "merge_profiles"]

_BY_RANK: dict[int, Severity] = {rank: cast(Severity, name) for name, rank in SEVERITY_RANK.items()}


def merge_profiles(loaded: list[LoadedProfile]) -> MergedProfiles:
    _refuse_duplicate_ids(loaded)
    personas: dict[str, PersonaView] = {}
    claims: dict[tuple[str, str], tuple[str, str, str]] = {}  # key -> (persona, source, path)
    matcher = Matcher()
    for item in loaded:
        profile, source = item.profile, item.source
        for pid, persona in profile.personas.items():
            view = personas.get(pid)
            if view is None:
                view = personas[pid] = PersonaView(pid, persona.label, persona.color)
            elif view.locked_by is None:
                view.label, view.color = persona.label, persona.color
            for index, account in enumerate(persona.accounts):
                handle = normalise_handle(account.site, account.handle)  # once per account
                key = ("account", account.site, handle)
                new = key not in view._seen
                if new and view.locked_by and not profile.locked:
                    path = f"personas.{pid}.accounts[{index}]"
                    raise InputError(
                        source, f"adds the account {account.site}:{account.handle} to persona "
                        f"'{pid}', which {view.locked_by} locks",
                        f"remove it here, or ask the admin of {view.locked_by} to add it",
                        path=path,
                    )
                _claim(claims, account, handle, pid, source, index)
                if new:
                    view._seen.add(key)
                    view.add_account(account)
                    matcher.add_account(pid, account.site, account.handle, account.kind,
                                        account.aliases, normalised=handle)
            for keyword in persona.keywords:
                if view.first_time("keyword", keyword.casefold()):
                    view.keywords.append(keyword)
                    matcher.add_keyword(pid, keyword)
            for member in persona.audience:
                if view.first_time("audience", member.site,
                                   normalise_handle(member.site, member.handle)):
                    view.add_audience(member)
                    matcher.add_audience(pid, member.site, member.handle)
            if profile.locked and view.locked_by is None:
                view.locked_by = source
    _check_references(loaded, personas)
    matcher.compile()
    return MergedProfiles(
        personas=personas,
        schedule=_merge_schedule(loaded),
        site_allow=_merge_sites(loaded),
        severities=_merge_severities(loaded),
        matcher=matcher,
        sources=tuple(loaded),
        severity_set_by=_severity_setters(loaded),
    )


def _refuse_duplicate_ids(loaded: list[LoadedProfile]) -> None:
    seen: dict[str, str] = {}
    for item in loaded:
        pid = item.profile.id
        if pid in seen:
            first = seen[pid]
            problem = (f"is loaded twice (profile id '{pid}')" if first == item.source
                       else f"has the profile id '{pid}', already used by {first}")
            raise InputError(item.source, problem,
                             "give each profile its own id, or load only one of them", path="id")
        seen[pid] = item.source


def _claim(claims: dict[tuple[str, str], tuple[str, str, str]], account: Account,
           handle: str, persona: str, source: str, index: int) -> None:
    """`handle` is the account's handle normalised; `index` its place in the persona's
    accounts (the error's path)."""
    keys = [(account.site, handle)]
    if account.aliases:
        keys += [(account.site, normalise_alias(alias)) for alias in account.aliases]
    for key in keys:
        owner = claims.setdefault(key, (persona, source, str(index)))
        if owner[0] != persona:
            path = f"personas.{persona}.accounts[{index}]"
            where = f"personas.{owner[0]}.accounts[{owner[2]}]"
            raise InputError(
                source,
                f"the {SITES[account.site].name} account '{key[1]}' is claimed by persona "
                f"'{persona}' here and by persona '{owner[0]}' in {owner[1]} ({where})",
                "an account belongs to one persona: remove it from one of them",
                path=path,
            )


def _check_references(loaded: list[LoadedProfile], personas: dict[str, PersonaView]) -> None:
    known = ", ".join(sorted(personas)) or "none"
    for item in loaded:
        for index, window in enumerate(item.profile.schedule):
            if window.persona not in personas:
                raise InputError(
                    item.source, f"the schedule names persona '{window.persona}', which no "
                    "loaded profile defines", f"use one of: {known}",
                    path=f"schedule[{index}].persona",
                )
        for site, rule in item.profile.sites.items():
            for index, pid in enumerate(rule.allow):
                if pid not in personas:
                    raise InputError(
                        item.source, f"the rule for {site} allows persona '{pid}', which no "
                        "loaded profile defines", f"use one of: {known}",
                        path=f"sites.{site}.allow[{index}]",
                    )


def _merge_schedule(loaded: list[LoadedProfile]) -> tuple[Window, ...]:
    locked = [w for item in loaded if item.profile.locked for w in item.profile.schedule]
    # among unlocked profiles the last loaded wins, so it is asked first
    unlocked = [w for item in reversed(loaded) if not item.profile.locked
                for w in item.profile.schedule]
    return tuple(Window(w.persona, w.start, w.end, w.timezone, tuple(w.days))
                 for w in locked + unlocked)


def _merge_sites(loaded: list[LoadedProfile]) -> dict[str, tuple[str, ...]]:
    allow: dict[str, tuple[str, ...]] = {}
    locked_sites: set[str] = set()
    for item in loaded:
        for site, rule in item.profile.sites.items():
            if site in locked_sites:  # a locked rule may only be narrowed
                allow[site] = tuple(p for p in allow[site] if p in rule.allow)
            else:
                allow[site] = tuple(dict.fromkeys(rule.allow))
            if item.profile.locked:
                locked_sites.add(site)
    return allow


def _merge_severities(loaded: list[LoadedProfile]) -> dict[str, Severity]:
    result: dict[str, Severity] = {}
    for check in CHECK_NAMES:
        last: str = DEFAULT_SEVERITY
        floor = 0
        for item in loaded:
            value = getattr(item.profile.checks, check)
            if value is None:
                continue
            last = value
            if item.profile.locked:
                floor = max(floor, SEVERITY_RANK[value])
        result[check] = _BY_RANK[max(SEVERITY_RANK[last], floor)]
    return result


def _severity_setters(loaded: list[LoadedProfile]) -> dict[str, LoadedProfile | None]:
    """Who set each check's severity in force: the last profile naming it, unless a locked
    profile's floor is higher (then the first locked profile setting that floor)."""
    result: dict[str, LoadedProfile | None] = {}
    for check in CHECK_NAMES:
        last: LoadedProfile | None = None
        floor: tuple[int, LoadedProfile] | None = None
        for item in loaded:
            value = getattr(item.profile.checks, check)
            if value is None:
                continue
            last = item
            if item.profile.locked and (floor is None or SEVERITY_RANK[value] > floor[0]):
                floor = (SEVERITY_RANK[value], item)
        last_rank = SEVERITY_RANK[getattr(last.profile.checks, check)] if last else 0
        result[check] = floor[1] if floor and floor[0] > last_rank else last
    return result


def load_and_merge(paths: list[str]) -> MergedProfiles:
    """Read profile files in order (org profiles first, the person's own last) and merge."""
    from native_host.profiles.format import load_profile_file

    return merge_profiles([LoadedProfile(load_profile_file(p), str(p)) for p in paths])
