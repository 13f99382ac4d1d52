"""`persona-guard uninstall`: remove the host's manifests, registry keys and launcher.
Profiles, settings and the audit log stay in the data folder."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from native_host.install.browsers import BROWSER_NAMES

    parser.add_argument("--browser", action="append", metavar="NAME",
                        help=f"one of {', '.join(BROWSER_NAMES)}, or all (default)")
    parser.add_argument("--scope", choices=("user", "system"), default="user",
                        help="user (default) or system (needs root or administrator)")


def run(args: argparse.Namespace) -> int:
    from native_host.install.installer import select_browsers, uninstall
    from native_host.install.system import System

    system = System.current()
    browsers = select_browsers(system, args.browser, default_all=True)
    changes = uninstall(system, browsers, args.scope)
    for change in changes:
        print(change)
    if not changes:
        print(f"Nothing to remove: no {args.scope}-scope registration was found.")
    return 0
