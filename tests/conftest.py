"""Paths every test area shares."""

from __future__ import annotations

import os
import socket
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The check cases from the seeds live beside the repository (../shared/scenarios).
SCENARIO_DIR = Path(os.environ.get("PERSONA_GUARD_SCENARIOS", REPO.parent / "shared" / "scenarios"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
