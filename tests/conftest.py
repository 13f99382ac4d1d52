"""Paths, the pinned clock and the check cases every test area shares."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from native_host.decision import clock

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Instant:
    """A pinned "now", and whether the shipped profiles' schedules are in force then."""

    name: str
    when: datetime
    library_hours: bool  # public-library.json: Mon–Fri 09:00–18:00, Sat 10:00–14:00 Chicago
    office_hours: bool  # small-company.json: Mon–Fri 08:30–17:30 New York


# Both in the past: a browser, which cannot be pinned, sends `until` times from the real
# clock ("for 1 hour" in the popup), and a host pinned later than that would refuse them.
# Wednesday 14:00 in Chicago, 15:00 in New York: both schedules are in force.
IN_HOURS = Instant("in-hours", datetime(2026, 11, 18, 20, 0, tzinfo=UTC), True, True)
# Sunday 03:00 in Chicago, 04:00 in New York: no schedule is in force.
OFF_HOURS = Instant("off-hours", datetime(2026, 11, 22, 9, 0, tzinfo=UTC), False, False)
INSTANTS = (IN_HOURS, OFF_HOURS)
# Every test runs at this instant unless it pins another: nothing follows the wall clock.
PINNED = IN_HOURS.when

# Set before any fixture runs, so hosts and browsers that module-scoped fixtures start
# (and every CLI process) are pinned too; the autouse fixture below re-pins per test.
os.environ[clock.ENV] = PINNED.isoformat()

# The project's own check cases, written from the seed articles; and, when it is there,
# the shared folder of cases beside the repository (a clone elsewhere has none).
OWN_SCENARIO_DIR = REPO / "tests" / "scenarios"
SHARED_SCENARIO_DIR = Path(os.environ.get("PERSONA_GUARD_SCENARIOS",
                                          REPO.parent / "shared" / "scenarios"))
# The folder the end-to-end pages are played from (their stems match tests/fixtures/sites).
SCENARIO_DIR = OWN_SCENARIO_DIR


def scenario_files() -> list[Path]:
    """The project's own cases, then the shared ones when that folder exists."""
    own = sorted(OWN_SCENARIO_DIR.glob("*.json"))
    shared = sorted(SHARED_SCENARIO_DIR.glob("*.json")) if SHARED_SCENARIO_DIR.is_dir() else []
    return own + shared


def pytest_report_header(config: pytest.Config) -> str:
    if SHARED_SCENARIO_DIR.is_dir():
        return f"scenarios: tests/scenarios and {SHARED_SCENARIO_DIR}"
    return f"scenarios: tests/scenarios only ({SHARED_SCENARIO_DIR} is not there)"


class PinnedClock:
    """The instant this test runs at, in this process and in every process it starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self.now: datetime | None = None

    def pin(self, instant: datetime | None) -> None:
        """None: follow the wall clock (for a test that needs time to pass)."""
        self.now = instant
        clock.pin(instant)
        if instant is None:
            self._monkeypatch.delenv(clock.ENV, raising=False)
        else:
            self._monkeypatch.setenv(clock.ENV, instant.isoformat())


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[PinnedClock]:
    pinned = PinnedClock(monkeypatch)
    pinned.pin(PINNED)
    yield pinned
    clock.reset()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
