"""The state every browser shows and `persona-guard status` prints: the mode, the persona
it expects now, the personas and the stored profiles.

Built from the store's summary (plain JSON written with the profiles) so that a host
answers `hello` before it loads the profile models (`store.summary` writes it)."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from native_host import __version__
from native_host.decision.mode import Mode, expected_by_mode

if TYPE_CHECKING:
    from native_host.store.records import StoredMode


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
