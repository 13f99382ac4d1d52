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


PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600  # the store and the logs are the owner's alone


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by its owner only; tighten it if it
    exists with looser modes."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix":
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)
    return path


def make_private(root: Path) -> int:
    """Take group and others' access away from the data folder and everything in it (a
    folder made by an older version, or by hand); returns how many entries changed. A
    start-up step: the walk is a few hundred stats."""
    if os.name != "posix" or not root.is_dir():
        return 0
    changed = 0
    for folder, dirs, files in os.walk(root):
        for path in [folder, *(os.path.join(folder, name) for name in dirs + files)]:
            try:
                st = os.lstat(path)
                if st.st_mode & 0o077 and not os.path.islink(path):
                    os.chmod(path, st.st_mode & 0o700)
                    changed += 1
            except OSError:
                continue  # removed meanwhile, or not ours: the next start tries again
    return changed
