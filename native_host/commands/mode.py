"""`persona-guard mode <persona|auto> [--for 1h | --until TIME]`: set the mode every
browser follows (each connected browser is told at once); without an argument, show it."""

from __future__ import annotations

from native_host.decision import clock
from native_host.errors import InputError

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("mode", nargs="?", metavar="PERSONA|auto",
                        help="a persona id, or auto to follow the schedule; omit to show")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--for", dest="duration", metavar="DURATION",
                       help="only for this long, e.g. 30m, 1h, 8h, 2d; then auto")
    group.add_argument("--until", metavar="ISO-8601",
                       help="only until this time (with a UTC offset); then auto")


def plain_args(rest: list[str]) -> dict[str, str | None] | None:
    """`mode` and `mode NAME` (cli._plain_args): no option, at most one word."""
    if len(rest) > 1 or any(arg.startswith("-") for arg in rest):
        return None
    return {"mode": rest[0] if rest else None, "duration": None, "until": None}


def run(args: argparse.Namespace) -> int:
    from native_host.commands._store import open_store
    from native_host.decision.mode import AUTO
    from native_host.host.state import build_state

    store = open_store()
    now = clock.now()
    if args.mode is not None:
        until = None
        if args.duration is not None or args.until is not None:  # `re`: only for these
            from native_host.commands._timeparse import LONGEST, parse_duration, parse_instant
        if args.duration is not None:  # '' too: an empty duration is refused, not ignored
            until = now + parse_duration(args.duration, "--for")
        elif args.until is not None:
            until = parse_instant(args.until, "--until")
            if until <= now:
                raise InputError("--until", f"{args.until} is in the past",
                                 "give a later time, or use --for 1h")
            if until - now > LONGEST:
                raise InputError("--until", f"{args.until} is more than a year away",
                                 "give a time within a year, or use --for 8h")
        if args.mode == AUTO and until is not None:
            raise InputError("--for/--until", "auto has no end time",
                             "leave out --for/--until, or name a persona")
        store.set_mode(None if args.mode == AUTO else args.mode, until, "cli")
    # the brief (no accounts) holds all that the line printed below is made of
    state = build_state(store.mode(), store.brief() or {}, now, str(store.root))
    print(describe(state))
    return 0


def describe(state: dict[str, object]) -> str:
    mode, until, expected = state["mode"], state["until"], state["effective_persona"]
    text = f"mode: {mode}"
    if until:
        text += f" until {until}"
    if mode == "auto":
        text += f" (the schedule expects {expected} now)" if expected else (
            " (the schedule expects no persona now)")
    return text
