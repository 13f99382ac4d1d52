"""`persona-guard host`: the native messaging host on stdin/stdout (as `python -m
native_host`; browsers use that one, it starts faster)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("caller", nargs=argparse.REMAINDER,
                        help="what the browser passes: the extension's origin (Chromium) or "
                        "the manifest path and add-on id (Firefox); nothing when run by hand")


def run(args: argparse.Namespace) -> int:
    from native_host.host.host import main

    return main(list(args.caller))
