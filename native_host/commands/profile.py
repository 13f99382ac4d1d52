"""`persona-guard profile add FILE [--org] | list [--json] | remove ID`: the profiles in
the shared store. A profile that does not validate, or does not merge with the stored
ones, is refused with the same errors as `check`, and the stored ones stay."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from native_host.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    add = sub.add_parser("add", help="validate a profile file and store it")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--org", action="store_true",
                     help="an organisation's profile (merged before your own); locked "
                     "profiles always are")
    listing = sub.add_parser("list", help="the stored profiles, in merge order")
    listing.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="remove a stored profile")
    remove.add_argument("id", metavar="ID")


def run(args: argparse.Namespace) -> int:
    from native_host.commands._store import open_store

    store = open_store()
    if args.action == "add":
        try:
            raw = Path(args.file).read_bytes()
        except OSError as error:
            raise InputError(args.file, f"cannot be read ({error.strerror or error})",
                             "check the path and that you may read the file") from None
        change = store.add_profile(raw, args.file, org=args.org)
        entry = change.entry
        verb = f"replaced '{change.replaced.id}' with" if change.replaced else "added"
        print(f"{verb} the {entry.origin} profile '{entry.id}' from {args.file}")
    elif args.action == "remove":
        change = store.remove_profile(args.id)
        print(f"removed the {change.entry.origin} profile '{change.entry.id}'")
        if change.mode_reset:
            print("the mode named one of its personas, so it is auto again")
    else:
        profiles = (store.brief() or {}).get("profiles", [])
        if args.json:
            json.dump(profiles, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        elif not profiles:
            print("no profiles stored (add one: persona-guard profile add FILE)")
        for p in [] if args.json else profiles:
            lock = ", locked" if p["locked"] else ""
            print(f"{p['id']}\tv{p['version']}\t{p['origin']}{lock}\t{p['title']}")
    return 0
