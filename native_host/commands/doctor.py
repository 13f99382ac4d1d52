"""`persona-guard doctor`: check each browser's registration end to end and name every
failure with its fix. Exit 0 when every browser checked works, 1 otherwise."""

from __future__ import annotations

import argparse
import json

from native_host.decision import clock


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from native_host.install.browsers import BROWSER_NAMES

    parser.add_argument("--browser", action="append", metavar="NAME",
                        help=f"one of {', '.join(BROWSER_NAMES)}, or all; default: the browsers "
                        "found on this machine or registered")
    parser.add_argument("--no-start", action="store_true",
                        help="check files only; do not start the host")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")


def run(args: argparse.Namespace) -> int:
    from native_host.install.doctor import browsers_to_check, diagnose, render
    from native_host.install.installer import select_browsers
    from native_host.install.system import System

    system = System.current()
    chosen = select_browsers(system, args.browser, default_all=True) if args.browser else None
    reports = [diagnose(system, browser, roundtrip=not args.no_start)
               for browser in browsers_to_check(system, chosen)]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        print(render(reports, system))
        if problem := clock.env_problem():  # a testing aid left set by mistake
            print(f"note: {problem}")
    return 0 if reports and all(r.ok for r in reports) else 1
