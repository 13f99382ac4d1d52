"""Logging to a rotating file in the data folder (`logs/host.log`), shared by every host
process and the CLI: each line names its process, and a process notices when another one
rotated the file and reopens it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from native_host.paths import PRIVATE_FILE, logs_dir, private_dir
from native_host.store.loggers import logger

FORMAT = "%(asctime)s %(levelname)s pid=%(process)d %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 3


class SharedRotatingFileHandler(logging.FileHandler):
    """Rotates as logging.handlers.RotatingFileHandler does (at `maxBytes`, keeping
    `backupCount` older files: host.log.1 the newest), and reopens the file when another
    process rotated it. Built on FileHandler: importing logging.handlers alone costs a
    host ~1 MB resident for its lifetime (socket, pickle, queue), for one class."""

    def __init__(self, filename: str | Path, maxBytes: int = 0,
                 backupCount: int = 0, encoding: str | None = None) -> None:
        self.maxBytes, self.backupCount = maxBytes, backupCount
        super().__init__(filename, mode="a", encoding=encoding)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.shouldRollover(record):
                self.doRollover()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if self.stream is not None:
            try:
                same = os.path.samestat(os.fstat(self.stream.fileno()),
                                        os.stat(self.baseFilename))
            except OSError:
                same = False
            if not same:
                self.stream.close()
                self.stream = self._open()
        if os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename):
            return False  # never rotate anything but a regular file (as the stdlib)
        if self.stream is None:
            self.stream = self._open()
        if self.maxBytes <= 0:
            return False
        self.stream.seek(0, 2)
        return self.stream.tell() + len(self.format(record)) + 1 >= self.maxBytes

    def doRollover(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        if self.backupCount > 0:
            for number in range(self.backupCount - 1, 0, -1):
                older = f"{self.baseFilename}.{number}"
                if os.path.exists(older):
                    os.replace(older, f"{self.baseFilename}.{number + 1}")
            if os.path.exists(self.baseFilename):
                os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # The log file cannot take the line (a full disk): the line still reaches stderr
        # through the console handler; a traceback about the log itself would only add noise.
        pass

    def _open(self):  # type: ignore[no-untyped-def]
        # owner-only, whatever the umask: a log may name accounts and profiles
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def log_path(root: Path, name: str = "host") -> Path:
    return logs_dir(root) / f"{name}.log"


def setup(root: Path, name: str = "host", stderr_level: int = logging.WARNING) -> Path:
    """Send the `persona_guard` loggers to the rotating file (and warnings to stderr, which
    a browser keeps in its own log). Returns the file's path. Never raises: a folder we
    cannot write to leaves stderr only."""
    root_logger = logger()
    root_logger.setLevel(logging.INFO)
    root_logger.propagate = False
    for old in list(root_logger.handlers):
        root_logger.removeHandler(old)
    path = log_path(root, name)
    formatter = logging.Formatter(FORMAT)
    try:
        private_dir(root)
        private_dir(path.parent)
        handler: logging.Handler = SharedRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        handler.setFormatter(formatter)
        root_logger.addHandler(handler)
    except OSError as error:
        root_logger.warning("cannot write the log %s: %s", path, error)
    console = logging.StreamHandler()
    console.setLevel(stderr_level)
    console.setFormatter(formatter)
    root_logger.addHandler(console)
    return path
