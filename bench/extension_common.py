"""Shared by the extension benchmarks: a real Chromium with the extension and host, one of
the X fixture pages, and percentile arithmetic."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIOS = ROOT.parent / "shared" / "scenarios"
FIXTURES = ROOT / "tests" / "fixtures" / "sites"
DEMO_DIR = ROOT / "native_host" / "browser"
LIBRARIAN = json.loads((DEMO_DIR / "librarian.json").read_text("utf-8"))
COMPOSER = '[data-testid="tweetTextarea_0"]'
SUBMIT = '[data-testid="tweetButtonInline"]'


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": round(statistics.median(ordered), 4), "p99": round(pick(0.99), 4),
            "max": round(ordered[-1], 4), "n": len(ordered)}


def wait(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark page did not get ready")
        time.sleep(0.02)
    return value
