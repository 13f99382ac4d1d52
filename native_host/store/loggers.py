"""The one way a part of Persona Guard gets its logger: `persona_guard.PART`, which
`host/logs.py` sends to the data folder's log file (and the CLI to stderr).

`logging` is imported on the first call, not with this module: a host answers its first
`hello` without it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

ROOT = "persona_guard"


def logger(part: str = "") -> logging.Logger:
    """The logger of one part (`store`, `audit`, `sync`, `host`, ...); "" for the root."""
    import logging

    return logging.getLogger(f"{ROOT}.{part}" if part else ROOT)
