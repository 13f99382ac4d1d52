"""`persona-guard status`: the mode, the persona expected now and the stored profiles."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from native_host.decision import clock


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print the state as the browsers see it, as JSON")


def run(args: argparse.Namespace) -> int:
    from native_host.commands._store import open_store
    from native_host.host.state import build_state

    store = open_store()
    merged, entries = store.load_merged()  # what a host would use, not the cached summary
    from native_host.store.summary import summarise

    state = build_state(store.mode(), summarise(merged, entries), clock.now(),
                        str(store.root))
    from native_host.bundles.sink import saved_sync_status

    state["sync"] = saved_sync_status(store)  # as the last host to sync saved it
    if args.json:
        json.dump(state, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(describe(state))
    return 0


def describe(state: dict[str, Any]) -> str:
    from native_host.commands.mode import describe as describe_mode

    lines = [describe_mode(state)]
    personas = state["personas"]
    lines.append("personas: " + (", ".join(f"{pid} ({p['label']})" for pid, p in
                                           personas.items()) or "none"))
    if state["profiles"]:
        lines.append("profiles (in merge order):")
        for p in state["profiles"]:
            lock = ", locked" if p["locked"] else ""
            lines.append(f"  {p['id']} v{p['version']} ({p['origin']}{lock}) {p['title']}")
    else:
        lines.append("profiles: none (add one: persona-guard profile add FILE)")
    from native_host.bundles.syncer import describe_sync

    lines += describe_sync(state.get("sync"))
    lines.append(f"data folder: {state['host']['data_dir']}")
    return "\n".join(lines)
