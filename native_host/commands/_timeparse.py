"""Reading times and durations people type: `--now`, `--for 1h`, `--until`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from native_host.errors import InputError

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|minutes?|h|hours?|d|days?)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_instant(text: str, source: str) -> datetime:
    """An ISO-8601 time with a UTC offset (or Z)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(source, f"{text!r} is not an ISO-8601 time",
                         "write it like 2026-11-17T10:15:00-06:00") from None
    if value.tzinfo is None:
        raise InputError(source, f"{text!r} has no UTC offset, so the time is ambiguous",
                         f"add one, e.g. {text.strip()}Z or {text.strip()}-06:00")
    return value


def parse_duration(text: str, source: str) -> timedelta:
    match = _DURATION.match(text)
    if not match:
        raise InputError(source, f"{text!r} is not a duration",
                         "write a number and a unit: 30m, 1h, 8h or 2d")
    amount, unit = int(match.group(1)), _UNITS[match.group(2)[0].lower()]
    if amount <= 0:
        raise InputError(source, f"{text!r} is not a positive duration", "use e.g. 1h")
    return timedelta(**{unit: amount})
