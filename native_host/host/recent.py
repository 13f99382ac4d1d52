"""The verdicts of one connection that an `outcome` may still name. A check's audit record
waits here until the person acts on it; checks sent while the person typed and never acted
on are previews and never reach the log. Bounded: the oldest go first."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

LIMIT = 1000  # check ids an `outcome` may still name (minutes of typing)


class RecentChecks:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._records: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def remember(self, check_id: Any, record: dict[str, Any]) -> None:
        key = str(check_id)
        self._records[key] = record
        self._records.move_to_end(key)
        while len(self._records) > self.limit:
            self._records.popitem(last=False)

    def get(self, check_id: Any) -> dict[str, Any] | None:
        return self._records.get(str(check_id))

    def __len__(self) -> int:
        return len(self._records)
