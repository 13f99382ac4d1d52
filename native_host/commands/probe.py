"""`persona-guard probe PAGE.html --url URL [--json]`: open a saved page in headless
Chromium with the real extension, served as if from URL, and print what it detects."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", type=Path, metavar="PAGE.html", help="a saved page")
    parser.add_argument("--url", required=True, help="the address the page came from, "
                        "e.g. https://x.com/home")
    parser.add_argument("--json", action="store_true",
                        help='print {"site", "identity", "action_controls", "context"}')


def run(args: argparse.Namespace) -> int:
    from native_host.browser.probe import describe, probe_page

    result = probe_page(args.page, args.url)
    if args.json:
        result.pop("identity_source", None)
        result.pop("action", None)
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(describe(result))
    return 0
