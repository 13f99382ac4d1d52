"""A schedule window as plain data: what the mode's window checks read (`persona`, `days`,
`start`, `end`, `timezone`, `start_time`, `end_time`), for the merged profiles and for the
store's summary alike, without the profile models (pydantic) that validated it."""

from __future__ import annotations

from datetime import time

from native_host.profiles.tuples import NamedTuple


class Window(NamedTuple):
    """Made only from a window that was validated (profiles.format.ScheduleWindow)."""

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

    def as_json(self) -> dict[str, object]:
        """As `ScheduleWindow.model_dump(mode="json")` writes it (keys in its order)."""
        return {"persona": self.persona, "days": list(self.days), "start": self.start,
                "end": self.end, "timezone": self.timezone}
