"""What the store commands share: the store, with problems logged to logs/cli.log."""

from __future__ import annotations

from native_host.store.store import Store


def open_store() -> Store:
    from native_host.host.logs import setup
    from native_host.paths import make_private

    store = Store()
    make_private(store.root)  # a folder left group- or world-readable is fixed at once
    setup(store.root, "cli")
    return store
