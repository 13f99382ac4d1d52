"""The store's records: the mode and one stored profile, as read from and written to its
files, the merge order of the profiles' origins, and the time stamp every record carries."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from native_host.profiles.tuples import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

# origin -> rank in the merge order (lower merges first); the person's own profile is last
ORIGINS: dict[str, int] = {"org": 0, "personal": 1}
PERSONAL = "personal"
ORG = "org"


def timestamp(at: datetime | None = None) -> str:
    """When something was recorded (`at`, or now on the wall clock): ISO-8601 in UTC to the
    millisecond, e.g. `2026-11-21T23:24:49.714+00:00`. The one format of the store, the
    audit log and the sync status."""
    if at is not None:
        return at.astimezone(UTC).isoformat(timespec="milliseconds")
    return stamp(time.time_ns())


def stamp(time_ns: int) -> str:
    """`timestamp` of the instant `time_ns` nanoseconds after 1970 (UTC). A host stamps
    every check: the date and time are written once per second."""
    second, millisecond = divmod(time_ns // 1_000_000, 1000)
    if second != _SECOND[0]:
        _SECOND[:] = [second, datetime.fromtimestamp(second, UTC).isoformat()[:19]]
    return f"{_SECOND[1]}.{millisecond:03d}+00:00"


_SECOND: list[Any] = [None, ""]  # the last second stamped (Unix time), and its date and time


# ---- records (NamedTuples: a frozen dataclass costs the host's start ~2 ms each) ----------

class StoredMode(NamedTuple):
    """`persona` None means auto. `until` (aware) ends a manual mode."""

    persona: str | None = None
    until: datetime | None = None
    set_at: str | None = None
    by: str | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> StoredMode:
        if not doc:
            return cls()
        until = doc.get("until")
        try:
            until_at = datetime.fromisoformat(until) if isinstance(until, str) else None
        except ValueError:
            until_at = None
        persona = doc.get("persona")
        return cls(persona if isinstance(persona, str) else None, until_at,
                   doc.get("set_at"), doc.get("by"))

    def to_doc(self) -> dict[str, Any]:
        return {"persona": self.persona,
                "until": self.until.isoformat() if self.until else None,
                "set_at": self.set_at, "by": self.by}


class ProfileEntry(NamedTuple):
    id: str
    origin: str
    raw: str  # the exact text of the file as added
    added_at: str
    seq: int = 0  # tinydb doc id: order of addition

    @property
    def source(self) -> str:
        """How errors name it."""
        return f"stored {self.origin} profile '{self.id}'"

    @property
    def rank(self) -> tuple[int, int]:
        return (ORIGINS.get(self.origin, 0), self.seq)

    def to_doc(self) -> dict[str, Any]:
        return {"id": self.id, "origin": self.origin, "raw": self.raw, "added_at": self.added_at}


class Change(NamedTuple):
    """What `profile add` / `remove` did, for the CLI's sentence."""

    entry: ProfileEntry
    replaced: ProfileEntry | None = None
    mode_reset: bool = False
