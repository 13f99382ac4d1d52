"""`persona-guard audit [--since TIME] [--limit N] [--json] | --keep N`: the audit log,
newest first (verdicts and what the person did; never the text)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from native_host.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="ISO-8601", help="only records from this time on")
    parser.add_argument("--limit", type=int, default=50, metavar="N",
                        help="at most N records (default 50)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--keep", type=int, metavar="N",
                        help="set how many records the log keeps (default 50000), then exit")


def run(args: argparse.Namespace) -> int:
    from native_host.commands._store import open_store
    from native_host.commands._timeparse import parse_instant
    from native_host.store.audit import AuditLog

    store = open_store()
    if args.keep is not None:
        if args.keep < 1:
            raise InputError("--keep", f"{args.keep} is not a positive number",
                             "keep at least 1 record, e.g. --keep 50000")
        store.set_setting("audit_keep", args.keep)
        print(f"the audit log now keeps the newest {args.keep} records")
        return 0
    if args.limit < 1:
        raise InputError("--limit", f"{args.limit} is not a positive number", "use e.g. 50")
    since = parse_instant(args.since, "--since") if args.since else None
    log = AuditLog(store.root, store.audit_keep())
    items: list[dict[str, Any]] = []
    cursor = None
    while len(items) < args.limit:
        page = log.page(min(1000, args.limit - len(items)), cursor, since)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    from native_host.jsonio import to_text

    # a handle may hold a lone surrogate (broken page text): print it escaped, not crash
    with contextlib.suppress(AttributeError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    for item in items:
        print(to_text(item) if args.json else line(item))
    if not items and not args.json:
        print("no audit records" + (f" since {args.since}" if args.since else ""),
              file=sys.stderr)
    return 0


def line(item: dict[str, Any]) -> str:
    identity = item.get("identity") or {}
    who = f"@{identity['handle']}" if identity.get("handle") else "(identity unknown)"
    reasons = ",".join(item.get("reasons") or []) or "-"
    return (f"{item.get('time', '')}  {item.get('site', '?')} {item.get('action', '?')} as "
            f"{who} [{item.get('active_persona') or '-'} vs "
            f"{item.get('expected_persona') or '-'}]  {item.get('decision', '?')} {reasons}  "
            f"-> {item.get('outcome') or 'no outcome yet'}")
