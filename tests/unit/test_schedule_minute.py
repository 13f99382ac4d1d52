"""The schedule's answer is remembered for the rest of a minute: it must still change at
the very minute a window starts or ends, whatever time zone the clock is read in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from native_host.decision.mode import Mode, expected_by_mode
from native_host.profiles.window import Window

SCHEDULE = (Window(persona="work", days=("mon", "tue", "wed", "thu", "fri"),
                   start="09:00", end="17:00", timezone="America/Chicago"),)
AUTO = Mode.parse("auto")
CHICAGO_WINTER = timezone(timedelta(hours=-6))


def expected(now: datetime) -> str | None:
    found = expected_by_mode(AUTO, SCHEDULE, now)
    return found.persona if found else None


def test_the_window_ends_on_its_minute_read_in_a_fixed_offset() -> None:
    assert expected(datetime(2026, 11, 17, 16, 59, 59, 999999, CHICAGO_WINTER)) == "work"
    assert expected(datetime(2026, 11, 17, 17, 0, 0, tzinfo=CHICAGO_WINTER)) is None
    assert expected(datetime(2026, 11, 17, 16, 59, 30, tzinfo=CHICAGO_WINTER)) == "work"


def test_the_window_starts_on_its_minute_read_in_utc() -> None:
    assert expected(datetime(2026, 11, 17, 14, 59, 59, tzinfo=UTC)) is None
    assert expected(datetime(2026, 11, 17, 15, 0, 0, tzinfo=UTC)) == "work"
    assert expected(datetime(2026, 11, 17, 14, 59, 0, tzinfo=UTC)) is None


def test_the_same_instant_in_another_zone_gets_the_same_answer() -> None:
    inside = datetime(2026, 11, 17, 16, 59, 45, tzinfo=UTC)  # 10:59:45 in Chicago
    assert expected(inside) == "work"
    assert expected(inside.astimezone(CHICAGO_WINTER)) == "work"
    ended = datetime(2026, 11, 17, 23, 0, 0, tzinfo=UTC)
    assert expected(ended.astimezone(CHICAGO_WINTER)) is None
    assert expected(ended) is None


def test_a_clock_whose_offset_is_not_whole_minutes_is_still_right() -> None:
    # 17:00:00 in Chicago is 23:00:00 UTC, here read at an offset of +00:00:30
    odd = timezone(timedelta(seconds=30))
    assert expected(datetime(2026, 11, 17, 22, 59, 59, tzinfo=odd) + timedelta(seconds=30)) \
        == "work"
    assert expected(datetime(2026, 11, 17, 23, 0, 29, tzinfo=odd)) == "work"
    assert expected(datetime(2026, 11, 17, 23, 0, 30, tzinfo=odd)) is None
