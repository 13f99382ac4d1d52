"""Reading times and durations people type: `--now`, `--for 1h`, `--until`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from native_host.errors import InputError

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|minutes?|h|hours?|d|days?)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
LONGEST = timedelta(days=366)  # a mode set by hand for longer is surely a typo
_FORM = "write a number and a unit, at most a year: 30m, 1h, 8h, 2d or 365d"


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
    """A positive duration of at most a year (LONGEST)."""
    match = _DURATION.match(text)
    if not match:
        what = "is empty" if not text.strip() else "is not a duration"
        raise InputError(source, f"{text!r} {what}", _FORM)
    amount, unit = int(match.group(1)), _UNITS[match.group(2)[0].lower()]
    if amount <= 0:
        raise InputError(source, f"{text!r} is not a positive duration", _FORM)
    # compared before building the timedelta: 99999999d would overflow it
    if amount * {"minutes": 60, "hours": 3600, "days": 86400}[unit] > LONGEST.total_seconds():
        raise InputError(source, f"{text!r} is longer than a year", _FORM)
    return timedelta(**{unit: amount})
