"""The verdicts of one connection that an `outcome` may still name. A check's audit record
waits here until the person acts on it; checks sent while the person typed and never acted
on are previews and never reach the log. Bounded: the oldest go first.

Kept compact, because a host holds a thousand of them all day: each record as a tuple of
its values beside one shared tuple of the field names (a dict each was about 1 MB)."""

from __future__ import annotations

from typing import Any

LIMIT = 1000  # check ids an `outcome` may still name (minutes of typing)


class RecentChecks:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._fields: tuple[str, ...] = ()
        self._records: dict[str, tuple[tuple[str, ...], tuple[Any, ...]]] = {}

    def remember(self, check_id: Any, record: dict[str, Any]) -> None:
        key = str(check_id)
        fields = tuple(record)
        if fields != self._fields:
            self._fields = fields  # the same fields every time: one tuple for all
        self._records.pop(key, None)  # a repeated id counts as the newest
        self._records[key] = (self._fields, tuple(record.values()))
        while len(self._records) > self.limit:
            del self._records[next(iter(self._records))]

    def get(self, check_id: Any) -> dict[str, Any] | None:
        found = self._records.get(str(check_id))
        return None if found is None else dict(zip(*found, strict=True))

    def __len__(self) -> int:
        return len(self._records)
