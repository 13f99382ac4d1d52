"""`persona-guard demo [--headed] [--out DIR]`: the librarian scenario in a real Chromium
with the real extension and host; prints the folder of screenshots it wrote."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("demo-output"), metavar="DIR",
                        help="where to write the screenshots (default ./demo-output)")
    parser.add_argument("--headed", action="store_true",
                        help="open a browser window (needs a desktop, or xvfb-run)")


def run(args: argparse.Namespace) -> int:
    from native_host.browser.demo import run_demo
    from native_host.commands._out import output_folder

    if args.headed and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("persona-guard demo: --headed needs a desktop; run it as "
              "'xvfb-run persona-guard demo --headed', or leave out --headed", file=sys.stderr)
        return 2
    output_folder(args.out)
    print("Scenario 01: in work mode, a patron asks the library a question and the librarian "
          "starts answering from his personal account.")
    # BrowserUnavailable (no Playwright, no Chromium) is an InputError: cli.py shows it
    result = run_demo(args.out, headed=args.headed, pause=1.5 if args.headed else 0.0)
    verdict = result.verdict or {}
    print(f"verdict:  {verdict.get('decision')} (expected persona: "
          f"{verdict.get('expected_persona')})")
    for reason in verdict.get("reasons", []):
        print(f"  - {reason['message']}")
    print(f"answer:   {result.outcome} (the reply was held; the draft is kept)")
    logged = [r for r in result.audit if r.get("outcome")]
    if logged:
        print(f"audit:    {logged[-1]['decision']} -> {logged[-1]['outcome']} "
              f"(logged in the demo's own store)")
    for shot in result.screenshots:
        print(f"wrote     {shot}")
    print(f"screenshots: {result.out}")
    return 0
