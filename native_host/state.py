"""The state every browser shows and `persona-guard status` prints: the mode, the persona
it expects now, the personas and the stored profiles.

Built from the store's summary (plain JSON written with the profiles) so that a host
answers `hello` before it loads the profile models; `summarise` writes that summary from
the merged profiles."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from native_host import __version__
from native_host.mode import Mode, expected_by_mode

if TYPE_CHECKING:
    from native_host.merge import MergedProfiles
    from native_host.store import ProfileEntry, StoredMode


class SummaryWindow(NamedTuple):
    """A schedule window read back from the summary: what `mode.window_contains` uses."""

    persona: str
    start: str
    end: str
    timezone: str
    days: tuple[str, ...] | list[str] = ()

    @property
    def start_time(self) -> time:
        return time.fromisoformat(self.start)

    @property
    def end_time(self) -> time:
        return time.fromisoformat(self.end)


def summarise(merged: MergedProfiles, entries: list[ProfileEntry]) -> dict[str, Any]:
    """The JSON summary of merged profiles (stored with them)."""
    by_id = {item.profile.id: item.profile for item in merged.sources}  # ids are unique
    profiles = []
    for entry in entries:
        profile = by_id.get(entry.id)
        if profile is not None:
            profiles.append({"id": profile.id, "version": profile.version,
                             "title": profile.title, "locked": profile.locked,
                             "origin": entry.origin})
    personas = {
        pid: {"label": view.label, "color": view.color,
              "accounts": [a.model_dump(mode="json") for a in view.accounts],
              "locked_by": view.locked_by}
        for pid, view in merged.personas.items()
    }
    schedule = [w.model_dump(mode="json") for w in merged.schedule]
    return {"personas": personas, "profiles": profiles, "schedule": schedule}


def effective_mode(stored: StoredMode, personas: dict[str, Any], now: datetime) -> Mode:
    """The mode in force: auto once `until` has passed or when its persona is gone."""
    if stored.persona is None or stored.persona not in personas:
        return Mode()
    if stored.until is not None and now >= stored.until:
        return Mode()
    return Mode(stored.persona, stored.until)


def build_state(stored: StoredMode, summary: dict[str, Any], now: datetime,
                data_dir: str) -> dict[str, Any]:
    personas = summary.get("personas") or {}
    mode = effective_mode(stored, personas, now)
    windows = tuple(SummaryWindow(**w) for w in summary.get("schedule") or ())
    expected = expected_by_mode(mode, windows, now)  # type: ignore[arg-type]
    return {
        "mode": mode.name,
        "until": mode.until.isoformat() if mode.until else None,
        "effective_persona": expected.persona if expected else None,
        "personas": personas,
        "profiles": summary.get("profiles") or [],
        "host": {"version": __version__, "data_dir": data_dir},
    }
