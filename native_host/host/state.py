"""The state every browser shows and `persona-guard status` prints: the mode, the persona
it expects now, the personas and the stored profiles.

Built from the store's summary (plain JSON written with the profiles) so that a host
answers `hello` before it loads the profile models (`store.summary` writes it)."""

from __future__ import annotations

from datetime import datetime

from native_host import __version__
from native_host.decision.mode import Mode, expected_by_mode
from native_host.profiles.window import Window as SummaryWindow  # read back from the summary

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

    from native_host.store.records import StoredMode


def effective_mode(stored: StoredMode, personas: dict[str, Any], now: datetime) -> Mode:
    """The mode in force: auto once `until` has passed or when its persona is gone."""
    if stored.persona is None or stored.persona not in personas:
        return Mode()
    if stored.until is not None and now >= stored.until:
        return Mode()
    return Mode(stored.persona, stored.until)


def summary_windows(summary: dict[str, Any]) -> tuple[SummaryWindow, ...]:
    return tuple(SummaryWindow(**w) for w in summary.get("schedule") or ())


# The state reaches the browser in one frame of at most 1 MiB (protocol.MAX_OUTGOING): the
# personas list this many accounts between them (~40 bytes each), shared evenly; a persona
# with more lists its first ones and says how many it has (`accounts_total`). Only the list
# shown is cut: the stored summary keeps them all, and the decision uses every one.
STATE_ACCOUNTS = 5000


def shown_personas(personas: dict[str, Any]) -> dict[str, Any]:
    """`personas` as the state shows them: itself while every list fits its share."""
    each = max(1, STATE_ACCOUNTS // max(1, len(personas)))
    if all(len(p.get("accounts") or ()) <= each for p in personas.values()):
        return personas
    return {pid: p if len(p.get("accounts") or ()) <= each else
            {**p, "accounts": p["accounts"][:each], "accounts_total": len(p["accounts"])}
            for pid, p in personas.items()}


def build_state(stored: StoredMode, summary: dict[str, Any], now: datetime,
                data_dir: str, windows: tuple[SummaryWindow, ...] | None = None,
                ) -> dict[str, Any]:
    personas = summary.get("personas") or {}
    mode = effective_mode(stored, personas, now)
    if windows is None:
        windows = summary_windows(summary)
    expected = expected_by_mode(mode, windows, now)
    return {
        "mode": mode.name,
        "until": mode.until.isoformat() if mode.until else None,
        "effective_persona": expected.persona if expected else None,
        "personas": shown_personas(personas),
        "profiles": summary.get("profiles") or [],
        "host": {"version": __version__, "data_dir": data_dir},
    }


class StateCache:
    """The host's state, rebuilt only when something it is made of changed: the store
    watcher asks for it every tick, and with hundreds of personas building and comparing
    it each time was most of an idle host's CPU. What can change with nothing written is
    the clock (a manual mode's `until` passing, a schedule window opening); both are
    compared as the few values they produce, the summary by identity (it is replaced
    whole when the profiles change, never edited in place)."""

    def __init__(self) -> None:
        self._summary: dict[str, Any] | None = None
        self._windows: tuple[SummaryWindow, ...] = ()
        self._key: tuple[Any, ...] | None = None
        self._state: dict[str, Any] | None = None

    def get(self, stored: StoredMode, summary: dict[str, Any], now: datetime,
            data_dir: str, sync: dict[str, Any] | None) -> dict[str, Any]:
        """The same object as last time while nothing changed (callers may test `is`);
        never edit what it returns."""
        if summary is not self._summary:
            self._summary, self._windows, self._key = summary, summary_windows(summary), None
        mode = effective_mode(stored, summary.get("personas") or {}, now)
        expected = expected_by_mode(mode, self._windows, now)
        key = (mode, expected.persona if expected else None, data_dir, sync)
        if self._state is None or key != self._key:
            state = build_state(stored, summary, now, data_dir, self._windows)
            state["sync"] = sync
            self._key, self._state = key, state
        return self._state
