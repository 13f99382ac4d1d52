"""What the locked org profiles fix, and where a person's own profile would weaken it.

The merge (native_host.profiles.merge) quietly keeps a locked severity's floor and narrows a
widened locked site rule, which is right for profiles loaded together. A person editing
their own profile in the options page should instead be told, field by field, that the
setting is locked and by which org profile; `weakenings` says so, and `describe` gives
the page what it needs to show each lock before anything is typed. Pure: no store.
"""

from __future__ import annotations

from typing import Any

from native_host.errors import InputError
from native_host.profiles.format import Profile
from native_host.reasons import CHECK_NAMES, SEVERITY_RANK


def _owner(profile: Profile) -> dict[str, Any]:
    return {"profile_id": profile.id, "title": profile.title or profile.id}


def _name(profile: Profile) -> str:
    return f"the org profile '{profile.title or profile.id}' ({profile.id})"


def describe(orgs: list[Profile]) -> dict[str, Any]:
    """{checks: {check: {severity, profile_id, title}}, sites: {site: {allow, ...}},
    personas: {id: {profile_id, title}}} for the locked profiles among `orgs`."""
    checks: dict[str, dict[str, Any]] = {}
    sites: dict[str, dict[str, Any]] = {}
    personas: dict[str, dict[str, Any]] = {}
    for profile in (p for p in orgs if p.locked):
        for check in CHECK_NAMES:
            value = getattr(profile.checks, check)
            held = checks.get(check)
            if value is not None and (held is None or
                                      SEVERITY_RANK[value] > SEVERITY_RANK[held["severity"]]):
                checks[check] = {"severity": value, **_owner(profile)}
        for site, rule in profile.sites.items():
            if site in sites:  # a later locked rule may only narrow it, and then owns it
                narrowed = [p for p in sites[site]["allow"] if p in rule.allow]
                if narrowed != sites[site]["allow"]:
                    sites[site] = {"allow": narrowed, **_owner(profile)}
            else:
                sites[site] = {"allow": list(rule.allow), **_owner(profile)}
        for pid in profile.personas:
            personas.setdefault(pid, _owner(profile))
    return {"checks": checks, "sites": sites, "personas": personas}


def weakenings(own: Profile, orgs: list[Profile], source: str) -> list[InputError]:
    """Each place where `own` would lower a locked severity, widen a locked site rule or
    relabel a locked persona, as an error on that field naming the org profile."""
    by_id = {p.id: p for p in orgs}
    locks = describe(orgs)
    found: list[InputError] = []
    for check, held in locks["checks"].items():
        value = getattr(own.checks, check)
        if value is not None and SEVERITY_RANK[value] < SEVERITY_RANK[held["severity"]]:
            found.append(InputError(
                source, f"'{value}' is below '{held['severity']}', the severity "
                f"{_name(by_id[held['profile_id']])} locks for {check}",
                f"set it to '{held['severity']}' or higher, or leave it unset",
                path=f"checks.{check}"))
    for site, held in locks["sites"].items():
        rule = own.sites.get(site)  # type: ignore[call-overload]
        for index, pid in enumerate(rule.allow if rule else ()):
            if pid not in held["allow"]:
                allowed = ", ".join(held["allow"]) or "no persona"
                found.append(InputError(
                    source, f"persona '{pid}' may not act on {site}: "
                    f"{_name(by_id[held['profile_id']])} locks that site to {allowed}",
                    f"leave '{pid}' out of this site's rule",
                    path=f"sites.{site}.allow[{index}]"))
    for pid, persona in own.personas.items():
        held = locks["personas"].get(pid)
        if held is None:
            continue
        locked = by_id[held["profile_id"]].personas[pid]
        for field in ("label", "color"):
            mine, theirs = getattr(persona, field), getattr(locked, field)
            if field in persona.model_fields_set and mine.casefold() != theirs.casefold():
                found.append(InputError(
                    source, f"the {field} of persona '{pid}' is set by "
                    f"{_name(by_id[held['profile_id']])}, which locks it",
                    f"use {theirs!r}, or leave persona '{pid}' to that profile",
                    path=f"personas.{pid}.{field}"))
    return found
