"""The verdicts of one connection that an `outcome` may still name. A check's audit record
waits here until the person acts on it; checks sent while the person typed and never acted
on are previews and never reach the log. Bounded: the oldest go first.

Kept compact and cheap, because a host holds a thousand of them all day and makes one at
every check: each as a `Pending` tuple of what its record is written from, the record
itself written only for the few checks an `outcome` names."""

from __future__ import annotations

from native_host.profiles.tuples import NamedTuple
from native_host.store.records import stamp

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

LIMIT = 1000  # check ids an `outcome` may still name (minutes of typing)


class Pending(NamedTuple):
    """A check answered, as its audit record will say (never its draft nor the text
    replied to)."""

    session: str
    check_id: str | int
    time_ns: int  # when it was answered: the wall clock, in nanoseconds since 1970
    browser: str | None
    site: str
    action: str
    # the identity's (site, handle, kind, display_name), None for none
    identity: tuple[str, str | None, str, str | None] | None
    mode: str
    # the verdict's (active_persona, expected_persona, reason codes, decision)
    verdict: tuple[str | None, str | None, tuple[str, ...], str]

    def record(self) -> dict[str, Any]:
        """The audit record, its outcome still to come."""
        who = self.identity
        active, expected, reasons, decision = self.verdict
        return {
            "key": f"{self.session}:{self.check_id}",
            "check_id": self.check_id,
            "time": stamp(self.time_ns),
            "browser": self.browser,
            "site": self.site,
            "action": self.action,
            "identity": None if who is None else {  # as Identity.model_dump(mode="json")
                "site": who[0], "handle": who[1], "kind": who[2], "display_name": who[3]},
            "mode": self.mode,
            "active_persona": active,
            "expected_persona": expected,
            "reasons": list(reasons),
            "decision": decision,
            "outcome": None,
            "outcome_at": None,
        }


class RecentChecks:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._pending: dict[str, Pending] = {}

    def remember(self, pending: Pending) -> None:
        key = str(pending.check_id)
        kept = self._pending
        kept.pop(key, None)  # a repeated id counts as the newest
        kept[key] = pending
        if len(kept) > self.limit:
            del kept[next(iter(kept))]

    def get(self, check_id: Any) -> dict[str, Any] | None:
        """The audit record of the check `check_id`, None when it is not kept."""
        found = self._pending.get(str(check_id))
        return None if found is None else found.record()

    def __len__(self) -> int:
        return len(self._pending)
