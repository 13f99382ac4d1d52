"""The mode: `auto` (the schedule decides) or a persona chosen by hand, maybe until a
time. Pure: the clock is always passed in."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cached_property, lru_cache

from native_host.profiles.tuples import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from native_host.profiles.window import Window as ScheduleWindow

# profiles.Day in order, Monday first. Not imported from there: the host answers `hello`
# (which needs the mode) before it loads the profile models. tests/host pins the two equal.
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

AUTO = "auto"


class Mode(NamedTuple):
    """`persona` is None for auto. `until` (aware) ends a manual mode; after it, auto.
    (NamedTuples, not frozen dataclasses: `dataclasses` costs the host's start ~10 ms.)"""

    persona: str | None = None
    until: datetime | None = None

    @classmethod
    def parse(cls, text: str, until: datetime | None = None) -> Mode:
        return cls(None if text == AUTO else text, until if text != AUTO else None)

    @property
    def name(self) -> str:
        return self.persona or AUTO

    def manual_persona(self, now: datetime) -> str | None:
        if self.persona and (self.until is None or now < self.until):
            return self.persona
        return None


class Expectation:
    """Which persona the mode expects now, and why (for the warning's sentence)."""

    def __init__(self, persona: str, window: ScheduleWindow | None = None,
                 until: datetime | None = None) -> None:
        self.persona = persona
        self.window = window  # None when set by hand
        self.until = until

    def _fields(self) -> tuple[object, ...]:
        return (self.persona, self.window, self.until)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expectation):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Expectation(persona={self.persona!r}, window={self.window!r}, "
                f"until={self.until!r})")

    @cached_property  # the same Expectation serves every check of a minute (see below)
    def source(self) -> str:
        """"set by hand", "set by hand until ...", "scheduled Mon–Fri 09:00–18:00 ..." """
        if self.window is not None:
            return describe_window(self.window)
        if self.until is not None:
            return f"set by hand until {self.until.isoformat(timespec='minutes')}"
        return "set by hand"


def window_contains(window: ScheduleWindow, now: datetime) -> bool:
    """A window starts on each of its days at `start` and runs to `end`, past midnight
    into the next day when `end` is before `start`."""
    from zoneinfo import ZoneInfo  # here: `persona-guard mode NAME` never needs it (~5 ms)

    local = now.astimezone(ZoneInfo(window.timezone))
    start, end = window.start_time, window.end_time
    for days_back in (0, 1) if end < start else (0,):
        day = local - timedelta(days=days_back)
        if DAYS[day.weekday()] not in window.days:
            continue
        begin = datetime.combine(day.date(), start, local.tzinfo)
        finish = datetime.combine(day.date() + timedelta(days=1 if end < start else 0), end,
                                  local.tzinfo)
        if begin <= local < finish:
            return True
    return False


def describe_window(window: ScheduleWindow) -> str:
    days = window.days
    indexes = [DAYS.index(d) for d in days]
    if len(days) > 2 and indexes == list(range(indexes[0], indexes[0] + len(days))):
        span = f"{days[0].title()}–{days[-1].title()}"
    else:
        span = ", ".join(d.title() for d in days)
    return f"scheduled {span} {window.start}–{window.end} {window.timezone}"


def expected_by_mode(
    mode: Mode, schedule: tuple[ScheduleWindow, ...], now: datetime
) -> Expectation | None:
    manual = mode.manual_persona(now)
    if manual:
        return Expectation(manual, until=mode.until)
    # Windows start and end on whole local minutes, and today's UTC offsets are whole
    # minutes: the answer holds for the rest of the minute, so it is remembered.
    minute = _minute(now)
    remembered = _SCHEDULED.get(id(schedule))
    if minute is not None and remembered and remembered[0] is schedule \
            and remembered[1] == minute:
        return remembered[2]
    found = None
    for window in schedule:  # already in precedence order (see merge)
        if window_contains(window, now):
            found = Expectation(window.persona, window=window)
            break
    if minute is not None:
        if len(_SCHEDULED) > 8:
            _SCHEDULED.clear()
        _SCHEDULED[id(schedule)] = (schedule, minute, found)
    return found


def _minute(now: datetime) -> object | None:
    """Which minute `now` is in, as a key equal for every instant of that minute; None
    before 1980 (older UTC offsets were not whole minutes)."""
    if now.year < 1980:
        return None
    zone = now.tzinfo
    if type(zone) is timezone and _whole_minutes(zone):
        # a fixed offset of whole minutes (the host's clock is UTC): the local minute is
        # the minute, read from the fields without the ~1.5 us of timestamp()
        return (zone, now.year, now.month, now.day, now.hour, now.minute)
    return int(now.timestamp() // 60)


@lru_cache(maxsize=16)
def _whole_minutes(zone: timezone) -> bool:
    offset = zone.utcoffset(None)
    return offset.seconds % 60 == 0 and offset.microseconds == 0


# id(schedule) -> (the schedule, the minute (see _minute), what it expects in it)
_SCHEDULED: dict[int, tuple[tuple[ScheduleWindow, ...], object, Expectation | None]] = {}
