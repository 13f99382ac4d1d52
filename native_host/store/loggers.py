"""The one way a part of Persona Guard gets its logger: `persona_guard.PART`, which
`host/logs.py` sends to the data folder's log file (and the CLI to stderr).

`logging` is imported on the first call, not with this module: a host answers its first
`hello` without it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    import logging

ROOT = "persona_guard"


_first_use: list[Callable[[], None]] = []


def on_first_use(setup: Callable[[], None]) -> None:
    """Run `setup` (e.g. open the log file) when a logger is first asked for, not before:
    a command that logs nothing then never imports `logging` (~13 ms of its start)."""
    _first_use[:] = [setup]


def logger(part: str = "") -> logging.Logger:
    """The logger of one part (`store`, `audit`, `sync`, `host`, ...); "" for the root."""
    import logging

    if _first_use:
        with contextlib.suppress(IndexError):  # another thread took it first
            _first_use.pop()()
    return logging.getLogger(f"{ROOT}.{part}" if part else ROOT)
