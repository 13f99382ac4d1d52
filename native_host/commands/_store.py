"""What the store commands share: the store, with problems logged to logs/cli.log."""

from __future__ import annotations

from native_host.store.loggers import on_first_use
from native_host.store.store import Store


def open_store() -> Store:
    from native_host.paths import make_private

    store = Store()
    make_private(store.root)  # a folder left group- or world-readable is fixed at once
    _log_when_needed(store)
    return store


def _log_when_needed(store: Store) -> None:
    """logs/cli.log is there, owner-only, from the start, as host.logs.setup leaves it;
    the logging itself is set up when a logger is first asked for: most commands log
    nothing, and `logging` with its rotating file handler (`logging.handlers`, `socket`,
    `pickle`, ...) would cost each of them ~20 ms of its start."""
    import contextlib
    import os

    from native_host.paths import PRIVATE_FILE, logs_dir, private_dir

    path = logs_dir(store.root) / "cli.log"  # host.logs.log_path(root, "cli")
    with contextlib.suppress(OSError):  # the first line then says why, on stderr
        private_dir(store.root)
        private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE))

    def setup() -> None:
        from native_host.host.logs import setup

        setup(store.root, "cli")

    on_first_use(setup)
