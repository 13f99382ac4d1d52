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

from dataclasses import dataclass, field
from typing import cast

from native_host.errors import InputError
from native_host.profiles.format import Account, AudienceMember, Profile, ScheduleWindow
from native_host.profiles.identity import normalise_alias, normalise_handle
from native_host.profiles.matcher import Matcher
from native_host.reasons import CHECK_NAMES, DEFAULT_SEVERITY, SEVERITY_RANK, Severity
from native_host.sites import SITES

_BY_RANK: dict[int, Severity] = {rank: cast(Severity, name) for name, rank in SEVERITY_RANK.items()}


@dataclass(frozen=True)
class LoadedProfile:
    profile: Profile
    source: str  # the file (or store entry) it came from, for error messages
    origin: str | None = None  # "org" or "personal" where the store knows; None from files


@dataclass
class PersonaView:
    id: str
    label: str
    color: str
    accounts: list[Account] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    audience: list[AudienceMember] = field(default_factory=list)
    locked_by: str | None = None  # the source of the first locked profile defining it
    # what is already merged, by normalised key, so a merge stays linear in profile size
    _seen: set[tuple[str, ...]] = field(default_factory=set, repr=False)

    def first_time(self, *key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    # the account to suggest on each site: the first user account, else the first page
    preferred: dict[str, Account] = field(default_factory=dict, repr=False)

    def add_account(self, account: Account) -> None:
        self.accounts.append(account)
        current = self.preferred.get(account.site)
        if current is None or (current.kind != "user" and account.kind == "user"):
            self.preferred[account.site] = account

    def account_on(self, site: str) -> Account | None:
        """This persona's account on `site`, its own account before a page."""
        return self.preferred.get(site)


@dataclass
class MergedProfiles:
    personas: dict[str, PersonaView]
    schedule: tuple[ScheduleWindow, ...]  # precedence order: first match wins
    site_allow: dict[str, tuple[str, ...]]
    severities: dict[str, Severity]
    matcher: Matcher
    sources: tuple[LoadedProfile, ...]
    # check -> the profile whose setting is in force (None: nobody named it, the default)
    severity_set_by: dict[str, LoadedProfile | None] = field(default_factory=dict)
    # the reasons' sentences written with these profiles (decision.rules keeps them)
    sentences: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False,
                                                     repr=False)

    def label(self, persona: str | None) -> str:
        if persona is None:
            return "no persona"
        view = self.personas.get(persona)
        return view.label if view else persona


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
                path = f"personas.{pid}.accounts[{index}]"
                key = ("account", account.site, normalise_handle(account.site, account.handle))
                new = key not in view._seen
                if new and view.locked_by and not profile.locked:
                    raise InputError(
                        source, f"adds the account {account.site}:{account.handle} to persona "
                        f"'{pid}', which {view.locked_by} locks",
                        f"remove it here, or ask the admin of {view.locked_by} to add it",
                        path=path,
                    )
                _claim(claims, account, pid, source, path)
                if view.first_time(*key):
                    view.add_account(account)
                    matcher.add_account(pid, account.site, account.handle, account.kind,
                                        account.aliases)
            for keyword in persona.keywords:
                if view.first_time("keyword", keyword.casefold()):
                    view.keywords.append(keyword)
                    matcher.add_keyword(pid, keyword)
            for member in persona.audience:
                if view.first_time("audience", member.site,
                                   normalise_handle(member.site, member.handle)):
                    view.audience.append(member)
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


def _claim(claims: dict[tuple[str, str], tuple[str, str, str]], account: Account, persona: str,
           source: str, path: str) -> None:
    keys = [(account.site, normalise_handle(account.site, account.handle))]
    keys += [(account.site, normalise_alias(alias)) for alias in account.aliases]
    for key in keys:
        owner = claims.setdefault(key, (persona, source, path))
        if owner[0] != persona:
            raise InputError(
                source,
                f"the {SITES[account.site].name} account '{key[1]}' is claimed by persona "
                f"'{persona}' here and by persona '{owner[0]}' in {owner[1]} ({owner[2]})",
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


def _merge_schedule(loaded: list[LoadedProfile]) -> tuple[ScheduleWindow, ...]:
    locked = [w for item in loaded if item.profile.locked for w in item.profile.schedule]
    # among unlocked profiles the last loaded wins, so it is asked first
    unlocked = [w for item in reversed(loaded) if not item.profile.locked
                for w in item.profile.schedule]
    return tuple(locked + unlocked)


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
