"""The one "now" that schedules, mode ends and bundle expiry are judged at.

`PERSONA_GUARD_NOW` (an ISO-8601 time with a UTC offset) pins it: read once, the first
time it is asked for, and then it stands still. A testing and debugging aid: it shows
what the host would decide at that instant, and every process started with it (a host,
the CLI) agrees on the instant. Records (the audit log, file names of backups) keep the
real time. Without the variable, now is the wall clock in UTC."""

from __future__ import annotations

import os
from datetime import UTC, datetime

ENV = "PERSONA_GUARD_NOW"

_pinned: datetime | None = None
_read = False  # the variable is read once: asking for now costs no lookup after that


def now() -> datetime:
    """An aware datetime in UTC."""
    if not _read:
        pin(_from_env())
    return _pinned if _pinned is not None else datetime.now(UTC)


def pin(instant: datetime | None) -> None:
    """Stand the clock still at `instant` (aware) in this process; None follows the wall
    clock. Processes started later learn of a pin only from the environment variable."""
    global _pinned, _read
    if instant is not None and instant.tzinfo is None:
        raise ValueError("pin() needs an aware datetime")
    _pinned, _read = (instant.astimezone(UTC) if instant else None), True


def reset() -> None:
    """Forget the pin: the next now() reads the environment variable again."""
    global _pinned, _read
    _pinned, _read = None, False


def env_problem() -> str | None:
    """What is wrong with the variable's value, if anything (for `doctor`)."""
    text = os.environ.get(ENV, "").strip()
    if text and _parse(text) is None:
        return (f"{ENV}={text!r} is not an ISO-8601 time with a UTC offset, so it is "
                "ignored; fix: unset it, or write it like 2026-11-17T10:15:00-06:00")
    return None


def _from_env() -> datetime | None:
    return _parse(os.environ.get(ENV, "").strip())


def _parse(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None  # ignored rather than a crash in the host; `doctor` reports it
    return value if value.tzinfo is not None else None
