"""Paths every test area shares."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The check cases from the seeds live beside the repository (../shared/scenarios).
SCENARIO_DIR = Path(os.environ.get("PERSONA_GUARD_SCENARIOS", REPO.parent / "shared" / "scenarios"))
