"""What the store commands share: the store, with problems logged to logs/cli.log."""

from __future__ import annotations

import logging

from native_host.store.loggers import logger
from native_host.store.store import Store


def open_store() -> Store:
    from native_host.paths import make_private

    store = Store()
    make_private(store.root)  # a folder left group- or world-readable is fixed at once
    _log_when_needed(store)
    return store


def _log_when_needed(store: Store) -> None:
    """logs/cli.log is there, owner-only, from the start, as with host.logs.setup; its
    handler opens with the command's first log line: most commands write none, and the
    rotating file handler (`logging.handlers`, which loads `socket`, `pickle` and more)
    would cost each of them ~7 ms of its start."""
    import contextlib
    import os

    from native_host.paths import PRIVATE_FILE, logs_dir, private_dir

    path = logs_dir(store.root) / "cli.log"  # host.logs.log_path(root, "cli")
    with contextlib.suppress(OSError):  # the first line then says why, on stderr
        private_dir(store.root)
        private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE))
    root = logger()
    root.setLevel(logging.INFO)  # as host.logs.setup leaves it
    root.propagate = False
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(_OpenLogOnFirstLine(store))


class _OpenLogOnFirstLine(logging.Handler):
    """Stands for host.logs.setup(root, "cli"): opens its handlers at the first line and
    passes each line on to them."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.targets: list[logging.Handler] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.targets is None:
            from native_host.host.logs import open_handlers

            _, self.targets, problem = open_handlers(self.store.root, "cli")
            if problem:
                self._pass_on(logger().makeRecord(
                    logger().name, logging.WARNING, __file__, 0, "%s", (problem,), None))
        self._pass_on(record)

    def _pass_on(self, record: logging.LogRecord) -> None:
        assert self.targets is not None
        for target in self.targets:
            if record.levelno >= target.level:
                target.handle(record)
