"""`persona-guard install`: register the host with this machine's browsers."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from native_host.errors import InputError
from native_host.identifiers import CHROMIUM_EXTENSION_ID, DATA_DIR_ENV, GECKO_EXTENSION_ID


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from native_host.install.browsers import BROWSER_NAMES

    parser.add_argument("--browser", action="append", metavar="NAME",
                        help=f"one of {', '.join(BROWSER_NAMES)}, or all; repeat for several; "
                        "default: the browsers found on this machine")
    parser.add_argument("--scope", choices=("user", "system"), default="user",
                        help="user (default) or system (needs root or administrator)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"the data folder the host uses (sets {DATA_DIR_ENV} in the "
                        f"launcher); default: ${DATA_DIR_ENV} when set, else the per-user "
                        "data folder")
    parser.add_argument("--extension-id", action="append", default=[], metavar="ID",
                        help="also allow this extension ID (a store-assigned Chromium ID or a "
                        "Firefox add-on id); repeat for several; kept for later installs")
    parser.add_argument("--python", metavar="PATH",
                        help="the interpreter the launcher runs; default: this one")


def run(args: argparse.Namespace) -> int:
    from native_host.install.installer import install, select_browsers
    from native_host.install.system import System

    system = System.current()
    browsers = select_browsers(system, args.browser)
    python = _python(args.python)
    env = {}
    data_dir = args.data_dir or os.environ.get(DATA_DIR_ENV)
    if data_dir:
        env[DATA_DIR_ENV] = str(Path(data_dir).expanduser().absolute())
    from native_host.paths import data_dir as default_data_dir
    from native_host.store.allowed_ids import add, load

    folder = Path(env[DATA_DIR_ENV]) if env else default_data_dir()
    allowed = add(folder, args.extension_id) if args.extension_id else load(folder)
    changes = install(system, browsers, args.scope, python, env, allowed)
    for change in changes:
        print(change)
    print(f"Registered {', '.join(b.label for b in browsers)} ({args.scope} scope).")
    extra = [*allowed.chromium, *allowed.firefox]
    if extra:
        print(f"Also allowed: {', '.join(extra)} (kept in {folder / 'extension-ids.json'}).")
    print(NEXT_STEPS)
    return 0


NEXT_STEPS = f"""
Next, load the extension (persona-guard package builds both into dist/):
  Chromium-family browsers: open chrome://extensions (edge://extensions, brave://extensions,
    vivaldi://extensions), turn on Developer mode, "Load unpacked" the chromium build;
    its ID must be {CHROMIUM_EXTENSION_ID}.
  Firefox, LibreWolf: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on",
    pick the firefox build's manifest.json (add-on id {GECKO_EXTENSION_ID}).
Then check everything with: persona-guard doctor"""


def _python(given: str | None) -> str:
    if not given:
        # Not resolved: a virtual environment's python is a symlink that must stay one.
        return os.path.abspath(sys.executable)
    path = Path(given).expanduser()
    if not path.is_absolute():
        raise InputError("--python", f"'{given}' is not an absolute path",
                         "give the interpreter's full path, e.g. /usr/bin/python3")
    if not path.is_file() or not os.access(path, os.X_OK):
        raise InputError("--python", f"'{given}' is not an executable file",
                         "give the full path of a Python with Persona Guard installed")
    return str(path)
