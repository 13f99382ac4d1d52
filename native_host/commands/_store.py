"""What the store commands share: the store, with problems logged to logs/cli.log."""

from __future__ import annotations

from native_host.store.store import Store


def open_store() -> Store:
    from native_host.host.logs import setup

    store = Store()
    setup(store.root, "cli")
    return store
