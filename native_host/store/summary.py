"""The summary stored with the profiles: what every browser shows (personas, profiles,
schedule) as plain JSON, so that a host answers `hello` before it loads the profile models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.profiles.view import MergedProfiles
    from native_host.store.records import ProfileEntry


def summarise(merged: MergedProfiles, entries: list[ProfileEntry]) -> dict[str, Any]:
    """The JSON summary of merged profiles (stored with them)."""
    by_id = {item.profile_id: item for item in merged.sources}  # ids are unique
    profiles = []
    for entry in entries:
        profile = by_id.get(entry.id)
        if profile is not None:
            profiles.append({"id": profile.profile_id, "version": profile.version,
                             "title": profile.title, "locked": profile.locked,
                             "origin": entry.origin})
    # Accounts as a profile would write them, without the defaults (`kind` "user", no
    # `aliases`): the state carries every persona's accounts in each `ready`, `state` and
    # `state_changed`, and the defaults were half their size (readers default them).
    personas = {
        pid: {"label": view.label, "color": view.color,
              "accounts": view.accounts_json(),
              "locked_by": view.locked_by}
        for pid, view in merged.personas.items()
    }
    schedule = [w.as_json() for w in merged.schedule]
    return {"personas": personas, "profiles": profiles, "schedule": schedule}
