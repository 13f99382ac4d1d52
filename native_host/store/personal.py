"""The person's own profile as the options page edits it: read it with the org profiles
around it (their locks, titles, versions), and save it after the same validation and merge
as `persona-guard profile add`, plus the locked settings it may not weaken. Each problem is
reported on its own JSON path so the page can show it beside its field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

from native_host.errors import InputError
from native_host.profiles.format import (
    DAYS,
    SCHEMA_ID,
    Profile,
    load_profile_bytes,
    parse_profile,
)
from native_host.profiles.locks import describe, weakenings
from native_host.reasons import REASONS, SEVERITY_RANK
from native_host.sites import SITES
from native_host.store.records import ORG, PERSONAL
from native_host.store.store import Store, StoreError

if TYPE_CHECKING:
    from native_host.store.records import ProfileEntry

SOURCE = "your profile"  # how errors name the profile the page sends


class FieldError(NamedTuple):
    path: str
    message: str
    fix: str

    @classmethod
    def of(cls, error: InputError) -> FieldError:
        return cls(error.path, error.problem, error.fix)


class ProfileRejected(Exception):
    """The profile was not saved; `errors` has one entry per field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def catalog() -> dict[str, Any]:
    """What the page offers in its menus, from the host's own tables."""
    return {
        "sites": {sid: {"name": s.name, "example_handle": s.example_handle}
                  for sid, s in SITES.items()},
        "checks": [{"check": r.check, "code": r.code, "fires_when": r.fires_when}
                   for r in REASONS],
        "severities": list(SEVERITY_RANK),
        "days": list(DAYS),
        "schema": SCHEMA_ID,
    }


def _org_profiles(entries: list[ProfileEntry]) -> list[tuple[ProfileEntry, Profile]]:
    found = []
    for entry in entries:
        if entry.origin == ORG:
            try:
                found.append((entry, load_profile_bytes(entry.raw.encode("utf-8"),
                                                        entry.source)))
            except InputError:
                continue  # the store leaves it out of the merge too (and logs why)
    return found


def read(store: Store, sync: dict[str, Any] | None) -> dict[str, Any]:
    """The `profile` reply's fields: the personal profile as stored (None when there is
    none), errors if it no longer loads, the org profiles, their locks, the catalog."""
    entries = store.profiles()
    orgs = _org_profiles(entries)
    own = next((e for e in entries if e.origin == PERSONAL), None)
    profile: dict[str, Any] | None = None
    errors: list[FieldError] = []
    if own is not None:
        try:
            profile = json.loads(own.raw)
            load_profile_bytes(own.raw.encode("utf-8"), own.source)
        except (ValueError, InputError) as error:
            errors.append(FieldError.of(error) if isinstance(error, InputError)
                          else FieldError("", f"is not valid JSON ({error})", "import it again"))
    sources = (sync or {}).get("sources") or []
    org_rows = []
    for entry, org in orgs:
        org_rows.append({
            "id": org.id, "title": org.title, "version": org.version, "locked": org.locked,
            "added_at": entry.added_at,
            "profile": org.model_dump(mode="json", by_alias=True, exclude_none=True),
            "sync": next((s for s in sources if s.get("profile_id") == org.id), None),
        })
    return {"profile": profile, "errors": [e._asdict() for e in errors], "org_profiles": org_rows,
            "locks": describe([org for _, org in orgs]), "catalog": catalog(),
            "audit_keep": store.audit_keep(), "data_dir": str(store.root)}


def save(store: Store, data: Any) -> dict[str, Any]:
    """Store `data` as the person's own profile, replacing the previous one; returns the
    profile as stored. ProfileRejected (nothing stored) lists every problem by field."""
    from pydantic import ValidationError

    from native_host.validation import input_errors

    if not isinstance(data, dict):
        raise ProfileRejected([FieldError("", "a profile must be a JSON object",
                                          f'start it with {{"schema": "{SCHEMA_ID}", ...}}')])
    try:
        profile = parse_profile(data, SOURCE)
    except InputError as error:  # the first problem only: ask the model for all of them
        try:
            Profile.model_validate(data)
        except ValidationError as every:
            raise ProfileRejected([FieldError.of(e) for e in input_errors(every, SOURCE,
                                                                          Profile)]) from None
        raise ProfileRejected([FieldError.of(error)]) from None
    entries = store.profiles()
    orgs = _org_profiles(entries)
    problems = [FieldError.of(e) for e in weakenings(profile, [o for _, o in orgs], SOURCE)]
    if profile.locked:
        problems.insert(0, FieldError("locked", "your own profile cannot be locked",
                                      "set \"locked\": false; locks belong to org profiles"))
    clash = next((o for _, o in orgs if o.id == profile.id), None)
    if clash is not None:
        problems.insert(0, FieldError("id", f"'{profile.id}' is the id of the org profile "
                                      f"'{clash.title or clash.id}'",
                                      "give your own profile another id"))
    if problems:
        raise ProfileRejected(problems)
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        store.add_profile(raw, SOURCE)  # the merge rules; refuses and stores nothing
    except StoreError:
        raise  # the disk, not the profile: reported as a store error
    except InputError as error:
        if error.source != SOURCE:  # a stored profile clashes with this one
            error = InputError(SOURCE, f"{error.problem} ({error.source}: {error.path})",
                               error.fix, path=_own_path(error, profile))
        raise ProfileRejected([FieldError.of(error)]) from None
    return data


def _own_path(error: InputError, profile: Profile) -> str:
    """A merge error found in another profile points at the field of ours it is about,
    when the message names one of our personas; else the whole profile."""
    for pid in profile.personas:
        if f"'{pid}'" in error.problem:
            return f"personas.{pid}"
    return ""
