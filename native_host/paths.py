"""Where the store, the audit log and the logs live: the per-user data folder, or the
folder named by PERSONA_GUARD_DATA_DIR (tests, several people sharing one account)."""

from __future__ import annotations

import os
from pathlib import Path

from native_host.identifiers import DATA_DIR_ENV

APP_NAME = "persona-guard"


def data_dir() -> Path:
    """The data folder (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: it costs the host's start a few milliseconds

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def logs_dir(root: Path) -> Path:
    return root / "logs"


def audit_dir(root: Path) -> Path:
    return root / "audit"
