"""`persona-guard check`: the verdict for one check request, as JSON on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from native_host.decision import clock
from native_host.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", action="append", required=True, metavar="FILE",
                        help="a profile file; repeat it, org profiles first, your own last")
    parser.add_argument("--request", required=True, metavar="FILE",
                        help="the check request as JSON, or - for standard input")
    parser.add_argument("--mode", default="auto", metavar="M",
                        help="auto (the schedule decides) or a persona id; default auto")
    parser.add_argument("--now", metavar="ISO-8601",
                        help="the time to decide at, with a UTC offset; default now")


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from native_host.commands._timeparse import parse_instant
    from native_host.decision.mode import Mode
    from native_host.decision.rules import decide
    from native_host.decision.verdict import CheckRequest
    from native_host.profiles.merge import load_and_merge
    from native_host.validation import input_error

    merged = load_and_merge(args.profile)
    now = parse_instant(args.now, "--now") if args.now else clock.now()
    mode = Mode.parse(args.mode)
    if mode.persona and mode.persona not in merged.personas:
        known = ", ".join(["auto", *merged.personas])
        raise InputError("--mode", f"'{args.mode}' is not a persona of the loaded profiles",
                         f"use one of: {known}")
    source = "standard input" if args.request == "-" else args.request
    data = _read_json(args.request, source)
    try:
        request = CheckRequest.model_validate(data)
    except ValidationError as error:
        raise input_error(error, source, CheckRequest) from None
    verdict = decide(request, merged, mode, now)
    json.dump(verdict.model_dump(mode="json"), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _read_json(path: str, source: str) -> object:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()  # noqa: SIM115
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})",
                         "check the path and that you may read the file") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f" at line {error.lineno} column {error.colno}" if isinstance(
            error, json.JSONDecodeError) else ""
        raise InputError(source, f"is not valid JSON{where}",
                         "fix the JSON syntax there (a missing comma or quote is the usual "
                         "cause)") from None
