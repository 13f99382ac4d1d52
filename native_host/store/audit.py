"""The audit log: one record per verdict, completed by the person's outcome (site, action,
identity, active and expected persona, reason codes, decision, outcome, times). Never the
draft nor the text replied to.

Stored in `audit/`:
* `journal-TOKEN-N.jsonl`: one line per record, appended (one `write`) before the host
  acknowledges it, so a record the host said `ok` to survives a kill -9: the operating
  system has it. `journal-TOKEN.lock` is held by the live host that appends to it.
* `0000000012.json`: tinydb segment files (records 2400-2599), each replaced atomically
  under `audit/audit.lock`. `AuditWriter` moves journal records into them in batches on
  its own thread, so writing never delays a reply; a journal whose host died is moved in
  by the next process that writes or reads the log.

A write touches the newest segment and its journal only, never a listing of the folder,
so it costs the same with 10,000 records as with 1,000,000. The log keeps the newest
`keep` records: older ones are dropped with their segment and never returned.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from native_host.jsonio import to_utf8
from native_host.paths import audit_dir, private_dir
from native_host.store.files import CorruptFile, atomic_write, move_aside, read_json, table_rows
from native_host.store.loggers import logger
from native_host.store.process_lock import HeldLock, LockTimeout, ProcessLock
from native_host.store.records import timestamp

log = logger("audit")

DEFAULT_KEEP = 50_000
SEGMENT = 200  # records per file: a write rewrites at most this many
PAGE_BYTES = 900_000  # items per page stay under this, so the frame stays under 1 MiB
TABLE = "records"
SINCE_GRACE = timedelta(seconds=10)
JOURNAL_GLOB = "journal-*.lock"
RETRY_FIRST, RETRY_MOST = 0.5, 60.0  # seconds between tries while the disk refuses


def now_iso() -> str:
    """The time of an audit record: the wall clock, in the store's one format."""
    return timestamp()


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


class BadCursor(ValueError):
    pass


def record_line(record: dict[str, Any]) -> bytes:
    """One journal line: ASCII JSON (a lone surrogate becomes its escape) and a newline."""
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


class AuditLog:
    def __init__(self, root: Path, keep: int = DEFAULT_KEEP) -> None:
        self.dir = audit_dir(root)
        self.keep = keep
        self._lock: ProcessLock | None = None
        self._newest: int | None = None  # newest segment number seen (others only add)
        self._oldest: int | None = None  # oldest segment number that may still exist

    # -- writing --

    def write(self, records: list[dict[str, Any]]) -> None:
        """Append `records`; each gets its `seq`."""
        with self.lock():
            self._write(records)

    def _write(self, records: list[dict[str, Any]]) -> None:
        newest = self._newest_segment()
        loaded: dict[int, dict[int, dict[str, Any]]] = {}
        if newest is not None:
            loaded[newest] = self._load(newest)
        last = max(loaded.get(newest, {}) if newest is not None else {}, default=-1)
        if last < 0 and newest is not None:  # the newest file was unreadable, moved aside
            last = newest * SEGMENT - 1
        dirty: list[int] = []
        for record in records:
            last += 1
            number = last // SEGMENT
            if number not in loaded:
                loaded[number] = self._load(number)
            loaded[number][last] = {**record, "seq": last}
            if number not in dirty:
                dirty.append(number)
        for number in dirty:
            self._save(number, loaded[number])
            self._newest = max(self._newest or 0, number)
        self._trim(last)

    def _newest_segment(self) -> int | None:
        """From the last one known, step past any another process added (a stat each)."""
        if self._newest is None:
            segments = self._segments()
            if not segments:
                return None
            self._newest = segments[-1]
        while self._path(self._newest + 1).exists():
            self._newest += 1
        return self._newest

    def clear(self) -> None:
        """Delete every record (the person asked to, in the options page)."""
        with self.lock():
            for number in self._segments():
                with contextlib.suppress(FileNotFoundError):
                    self._path(number).unlink()

    def _trim(self, last: int) -> None:
        oldest_kept = (last - self.keep + 1) // SEGMENT  # the segment holding it
        if self._oldest is None:
            segments = self._segments()
            self._oldest = segments[0] if segments else 0
        for number in range(self._oldest, oldest_kept):
            with contextlib.suppress(FileNotFoundError):
                self._path(number).unlink()
        self._oldest = max(self._oldest, oldest_kept)

    # -- journals of hosts that died --

    def recover(self) -> int:
        """Move into the log the journals of hosts that ended without doing it (a kill -9,
        a crash); returns how many records. Never raises: the log is read all the same."""
        moved = 0
        try:
            locks = list(self.dir.glob(JOURNAL_GLOB))
        except OSError:
            return 0
        for lock_path in locks:
            try:
                moved += self._recover_one(lock_path)
            except Exception as error:  # e.g. a read-only folder: try again next time
                log.error("could not move the journal %s into the audit log: %s",
                          lock_path.stem, error)
        return moved

    def _recover_one(self, lock_path: Path) -> int:
        journal_lock = ProcessLock(str(lock_path), timeout=0, mode=0o600)
        try:
            journal_lock.acquire()
        except LockTimeout:
            return 0  # its host is alive and moves it in itself
        try:
            token = lock_path.stem.removeprefix("journal-")
            files = sorted(self.dir.glob(f"journal-{token}-*.jsonl"))
            records = [r for path in files for r in read_journal(path)]
            with self.lock():
                fresh = self._not_yet_written(records)
                if fresh:
                    self._write(fresh)
                for path in files:
                    path.unlink()
                self._remove_stale_temps()
        finally:
            journal_lock.release()
        with contextlib.suppress(OSError):
            lock_path.unlink()
        if records:
            log.warning("moved %d audit records from the journal of a host that ended "
                        "abruptly into the log", len(records))
        return len(records)

    def _not_yet_written(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A host killed between writing a segment and removing its journal leaves records
        in both: they are in the newest segments, so compare with those."""
        newest = self._newest_segment()
        if newest is None or not records:
            return records
        written = [{k: v for k, v in doc.items() if k != "seq"}
                   for number in (newest - 1, newest) for doc in self._load(number).values()]
        return [r for r in records if r not in written]

    def _remove_stale_temps(self) -> None:
        # left by a writer killed before its rename; we hold the lock, so none is live
        for stale in self.dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    # -- reading (no lock: each file is replaced atomically) --

    def records(self) -> Iterator[dict[str, Any]]:
        """Every kept record, oldest first."""
        self.recover()
        segments = self._segments()
        docs = [doc for n in segments for _, doc in sorted(self._load(n).items())]
        last = docs[-1]["seq"] if docs else -1
        yield from (d for d in docs if d["seq"] > last - self.keep)

    def page(self, limit: int, cursor: str | None = None,
             since: datetime | None = None) -> Page:
        """Newest first. `cursor` (a previous page's next_cursor) continues below it."""
        if cursor is not None and not cursor.isdigit():
            raise BadCursor(cursor)
        if cursor is None:
            self.recover()
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
                cost = len(to_utf8(doc)) + 1
                if len(items) == limit or size + cost > PAGE_BYTES:
                    return Page(items, str(items[-1]["seq"]) if items else None)
                items.append(doc)
                size += cost
        return Page(items, None)

    # -- files --

    def lock(self) -> ProcessLock:
        if self._lock is None:
            private_dir(self.dir.parent)
            private_dir(self.dir)
            self._lock = ProcessLock(str(self.dir / "audit.lock"), timeout=10, mode=0o600)
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
            with contextlib.suppress(OSError):
                aside = move_aside(path)
                log.error("audit file %s is %s; moved it to %s, the other records are kept",
                          path, problem, aside.name)

    def _save(self, number: int, docs: dict[int, dict[str, Any]]) -> None:
        data = {TABLE: {str(seq): doc for seq, doc in sorted(docs.items())}}
        atomic_write(self._path(number), to_utf8(data, separators=None))


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The whole lines of a journal; a line cut short (the disk filled up) is skipped."""
    try:
        raw = path.read_bytes()
    except OSError:
        return []
    records = []
    for line in raw.split(b"\n")[:-1]:  # after the last newline: a write that did not end
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def _time(doc: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(doc.get("time", ""))
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)


class Journal:
    """This process's journal: records appended before they are acknowledged. `rotate()`
    starts a new file, so the writer can remove the old one once its records are in the
    log, while new records keep arriving."""

    def __init__(self, directory: Path) -> None:
        private_dir(directory.parent)
        private_dir(directory)
        self.dir = directory
        self.token = os.urandom(6).hex()
        # held for the process's life: others see from it that this journal is in use
        self._lock = HeldLock(str(directory / f"journal-{self.token}.lock"), timeout=0,
                              mode=0o600)
        self._lock.acquire()
        self._generation = 0
        self._fd: int | None = None
        self.files: list[Path] = []  # written to and not yet in the log
        self._open()

    def _open(self) -> None:
        path = self.dir / f"journal-{self.token}-{self._generation:08d}.jsonl"
        self._generation += 1
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError:
            self._fd = None  # the disk refuses even an empty file: records stay in memory
            return
        self.files.append(path)

    def append(self, line: bytes) -> None:
        """Raises OSError when the line is not whole in the file (e.g. disk full)."""
        if self._fd is None:
            self._open()
            if self._fd is None:
                raise OSError("the journal cannot be created")
        try:
            written = os.write(self._fd, line)
        except OSError:
            self._abandon()
            raise
        if written != len(line):  # a line cut short: the next one goes to a new file
            self._abandon()
            raise OSError(f"only {written} of {len(line)} bytes reached the journal")

    def rotate(self) -> list[Path]:
        """Start a new file; returns every file so far, for removal once written."""
        done = list(self.files)
        self._abandon()
        self.files = []
        self._open()
        return done

    def remove(self, files: list[Path]) -> None:
        for path in files:
            with contextlib.suppress(OSError):
                path.unlink()

    def close(self) -> None:
        """At the end, once everything is in the log: nothing of this journal remains."""
        self._abandon()
        self.remove(self.files)
        self._lock.release()
        with contextlib.suppress(OSError):
            Path(self._lock.path).unlink()

    def _abandon(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


class AuditWriter:
    """Takes records from the host's loop: `record()` appends to the journal (a few
    microseconds, before the host acknowledges) and returns; a thread moves them into the
    log in batches. While the disk refuses, records wait in memory (and in the journal
    when it took them), one log line per failed try, the tries further and further
    apart; `pending` says how many."""

    MAX_PENDING = 20_000  # if the disk keeps failing, the oldest unwritten go first

    def __init__(self, audit: AuditLog, interval: float = 0.25) -> None:
        self.audit = audit
        self.interval = interval
        self._cond = threading.Condition()
        self._records: list[dict[str, Any]] = []
        self._in_flight = 0
        self._queued = 0
        self._written = 0
        self._closing = False
        self._hurry = False
        self._failing = False
        self._journal_failing = False
        self._to_remove: list[Path] = []  # journal files whose records are being written
        self.journal: Journal | None = None
        try:
            self.journal = Journal(audit.dir)
        except Exception as error:  # no journal: records still reach the log in batches
            log.error("the audit journal cannot be opened (%s); records are written in "
                      "batches only", error)
        audit.recover()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Records acknowledged and not yet in the log."""
        with self._cond:
            return len(self._records) + self._in_flight

    def record(self, record: dict[str, Any]) -> None:
        line = record_line(record)
        with self._cond:
            if self.journal is not None:
                try:
                    self.journal.append(line)
                    self._journal_failing = False
                except OSError as error:
                    if not self._journal_failing:  # once per run of failures
                        log.error("the audit journal cannot be written (%s); records wait "
                                  "in memory until the disk takes them", _reason(error))
                    self._journal_failing = True
            self._records.append(record)
            if len(self._records) > self.MAX_PENDING:
                self._records.pop(0)
                log.error("audit log cannot be written; dropped an unwritten record")
            self._queued += 1
            self._cond.notify()

    def flush(self, timeout: float = 5.0) -> bool:
        """Block until everything queued so far is in the log (or timeout). Returns False
        at once while the disk refuses: the caller reports the records as pending."""
        with self._cond:
            if self._failing:
                return False
            target = self._queued
            self._hurry = True
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._written >= target or self._failing,
                                       timeout) and not self._failing

    def close(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        delay = RETRY_FIRST
        while True:
            with self._cond:
                while not self._closing and not self._records:
                    self._cond.wait()
                if not self._closing and not self._hurry:  # let a burst gather
                    self._cond.wait_for(lambda: self._closing or self._hurry, self.interval)
                self._hurry = False
                records, self._records = self._records, []
                self._in_flight = len(records)
                count = self._queued
                closing = self._closing
                if self.journal is not None:
                    self._to_remove += self.journal.rotate()
            try:
                if records:
                    self.audit.write(records)
            except Exception as error:
                with self._cond:
                    self._records[:0] = records
                    self._in_flight = 0
                    self._failing = True
                    self._cond.notify_all()
                if closing:  # what the journal holds is moved in at the next start
                    log.error("stopping with %d audit records not in the log (%s); those "
                              "in the journal are moved in at the next start", len(records),
                              _reason(error))
                    return
                log.error("could not write %d audit records (%s); next try in %.1f s",
                          len(records), _reason(error), delay)
                with self._cond:
                    self._cond.wait_for(lambda: self._closing, delay)
                delay = min(delay * 2, RETRY_MOST)
                continue
            if self._failing:
                log.warning("the audit log is written again")
            delay = RETRY_FIRST
            removable, self._to_remove = self._to_remove, []
            if self.journal is not None:
                self.journal.remove(removable)
            with self._cond:
                self._failing = False
                self._in_flight = 0
                self._written = max(self._written, count)
                self._cond.notify_all()
            if closing:
                if self.journal is not None:
                    self.journal.close()
                return


def _reason(error: BaseException) -> str:
    return (error.strerror if isinstance(error, OSError) and error.strerror
            else str(error) or type(error).__name__)
