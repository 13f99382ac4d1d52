"""The audit log: one record per verdict, completed by the person's outcome (site, action,
identity, active and expected persona, reason codes, decision, outcome, times). Never the
draft nor the text replied to.

Stored as tinydb segment files in `audit/` (`0000000012.json` holds records 2400–2599),
each replaced atomically under `audit/audit.lock`, so a write rewrites one small file, not
the whole log. The log keeps the newest `keep` records: older ones are dropped with their
segment and never returned. `AuditWriter` batches records on a thread so that writing
never delays a `check` reply.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from native_host.paths import audit_dir
from native_host.store.files import CorruptFile, atomic_write, read_json, table_rows

log = logging.getLogger("persona_guard.audit")

DEFAULT_KEEP = 50_000
SEGMENT = 200  # records per file: a write rewrites at most this many
PAGE_BYTES = 900_000  # items per page stay under this, so the frame stays under 1 MiB
TABLE = "records"
SINCE_GRACE = timedelta(seconds=10)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


class BadCursor(ValueError):
    pass


class AuditLog:
    def __init__(self, root: Path, keep: int = DEFAULT_KEEP) -> None:
        self.dir = audit_dir(root)
        self.keep = keep
        self._lock: Any = None

    # -- writing --

    def write(self, records: list[dict[str, Any]]) -> None:
        """Append `records`; each gets its `seq`."""
        with self.lock():
            self._write(records)

    def _write(self, records: list[dict[str, Any]]) -> None:
        segments = self._segments()
        loaded: dict[int, dict[int, dict[str, Any]]] = {}
        dirty: set[int] = set()
        for number in segments[-1:]:
            loaded[number] = self._load(number)
        last = max((seq for docs in loaded.values() for seq in docs), default=-1)
        if last < 0 and segments:  # the newest file was unreadable and moved aside
            last = segments[-1] * SEGMENT - 1
        for record in records:
            last += 1
            number = last // SEGMENT
            if number not in loaded:
                loaded[number] = self._load(number) if number in segments else {}
            loaded[number][last] = {**record, "seq": last}
            dirty.add(number)
        for number in sorted(dirty):
            self._save(number, loaded[number])
        self._trim(last)

    def clear(self) -> None:
        """Delete every record (the person asked to, in the options page)."""
        with self.lock():
            for number in self._segments():
                with contextlib.suppress(FileNotFoundError):
                    self._path(number).unlink()

    def _trim(self, last: int) -> None:
        oldest_kept = last - self.keep + 1
        for number in self._segments():
            if (number + 1) * SEGMENT - 1 < oldest_kept:
                with contextlib.suppress(FileNotFoundError):
                    self._path(number).unlink()

    # -- reading (no lock: each file is replaced atomically) --

    def records(self) -> Iterator[dict[str, Any]]:
        """Every kept record, oldest first."""
        segments = self._segments()
        docs = [doc for n in segments for _, doc in sorted(self._load(n).items())]
        last = docs[-1]["seq"] if docs else -1
        yield from (d for d in docs if d["seq"] > last - self.keep)

    def page(self, limit: int, cursor: str | None = None,
             since: datetime | None = None) -> Page:
        """Newest first. `cursor` (a previous page's next_cursor) continues below it."""
        if cursor is not None and not cursor.isdigit():
            raise BadCursor(cursor)
        below = int(cursor) if cursor is not None else None
        items: list[dict[str, Any]] = []
        size = 0
        newest: int | None = None
        for number in reversed(self._segments()):
            for seq, doc in sorted(self._load(number).items(), reverse=True):
                if newest is None:
                    newest = seq
                if seq <= newest - self.keep:
                    return Page(items, None)
                if below is not None and seq >= below:
                    continue
                if since is not None and _time(doc) < since:
                    # hosts flush in batches, so seq order is time order only to within
                    # a flush: look a little further before stopping
                    if _time(doc) < since - SINCE_GRACE:
                        return Page(items, None)
                    continue
                cost = len(json.dumps(doc, ensure_ascii=False)) + 1
                if len(items) == limit or size + cost > PAGE_BYTES:
                    return Page(items, str(items[-1]["seq"]) if items else None)
                items.append(doc)
                size += cost
        return Page(items, None)

    # -- files --

    def lock(self) -> Any:
        if self._lock is None:
            from filelock import FileLock

            self.dir.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(str(self.dir / "audit.lock"), timeout=10)
        return self._lock

    def _path(self, number: int) -> Path:
        return self.dir / f"{number:010d}.json"

    def _segments(self) -> list[int]:
        try:
            names = [p.stem for p in self.dir.glob("*.json")]
        except OSError:
            return []
        return sorted(int(n) for n in names if n.isdigit())

    def _load(self, number: int) -> dict[int, dict[str, Any]]:
        path = self._path(number)
        try:
            return dict(table_rows(read_json(path), TABLE))
        except CorruptFile as error:
            self._move_aside(path, str(error))
            return {}
        except OSError:
            return {}

    def _move_aside(self, path: Path, problem: str) -> None:
        with self.lock():
            try:
                read_json(path)
                return  # replaced meanwhile by a good one
            except CorruptFile:
                pass
            except OSError:
                return
            aside = path.with_name(path.name + ".corrupt-" +
                                   datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ"))
            with contextlib.suppress(OSError):
                path.replace(aside)
                log.error("audit file %s is %s; moved it to %s, the other records are kept",
                          path, problem, aside.name)

    def _save(self, number: int, docs: dict[int, dict[str, Any]]) -> None:
        for stale in self.dir.glob(f".{self._path(number).name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()  # left by a writer killed mid-write; we hold the lock
        data = {TABLE: {str(seq): doc for seq, doc in sorted(docs.items())}}
        atomic_write(self._path(number), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _time(doc: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(doc.get("time", ""))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


class AuditWriter:
    """Takes records from the host's loop without blocking and writes them in batches on
    its own thread."""

    MAX_PENDING = 20_000  # if the disk keeps failing, the oldest unwritten go first

    def __init__(self, audit: AuditLog, interval: float = 0.25) -> None:
        self.audit = audit
        self.interval = interval
        self._cond = threading.Condition()
        self._records: list[dict[str, Any]] = []
        self._queued = 0
        self._written = 0
        self._closing = False
        self._hurry = False
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def record(self, record: dict[str, Any]) -> None:
        with self._cond:
            self._records.append(record)
            if len(self._records) > self.MAX_PENDING:
                self._records.pop(0)
                log.error("audit log cannot be written; dropped an unwritten record")
            self._queued += 1
            self._cond.notify()

    def flush(self, timeout: float = 5.0) -> bool:
        """Block until everything queued so far is on disk (or timeout)."""
        with self._cond:
            target = self._queued
            self._hurry = True
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._written >= target, timeout)

    def close(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closing and not self._has_work():
                    self._cond.wait()
                if not self._closing and not self._hurry:  # let a burst gather
                    self._cond.wait_for(lambda: self._closing or self._hurry, self.interval)
                self._hurry = False
                records = self._records
                count = self._queued
                self._records = []
                closing = self._closing
            if records:
                try:
                    self.audit.write(records)
                except Exception:
                    log.exception("could not write %d audit records; will retry",
                                  len(records))
                    with self._cond:
                        self._records[:0] = records
                    if not closing:
                        continue
            with self._cond:
                self._written = max(self._written, count)
                self._cond.notify_all()
            if closing:
                return

    def _has_work(self) -> bool:
        return bool(self._records)
