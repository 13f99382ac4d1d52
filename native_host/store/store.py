"""The shared store: the mode and the stored profiles, in tinydb files in the data folder.

Every browser's host and the CLI use it at once, so:
* every write happens under one cross-process file lock (`store.lock`) and replaces its
  file atomically (temporary file, fsync, rename), one write per transaction;
* reads take no lock: a file is always either the old or the new version;
* a file that cannot be read is moved aside (`NAME.corrupt-TIME`) with a log line, and
  the store goes on with the other files: nothing else is lost.

Files (tinydb layout: {table: {doc_id: document}}):
* `state.json`, table `mode`: one document {persona, until, set_at, by};
* `profiles.json`, table `profiles`: {id, origin, raw, added_at} per stored profile, the
  exact text of the file so a signature over its bytes can be checked again; table
  `summary`: what the browser shows (personas, profiles, schedule), recomputed on every
  profile change so a host can answer `hello` without loading the profile models;
* `summary.json`: that summary without the personas' accounts (`brief`, a size that does
  not grow with them), with the signature of the `profiles.json` it was written from, so
  `persona-guard mode` and `profile list` read a small file instead of every stored
  profile. It is derived data: missing, unreadable or out of date (a writer killed
  between the two renames, an older version's write), it is ignored, the summary is read
  from `profiles.json`, and the file is written again.

Merge order: org profiles first, then the person's own (see ORIGINS); a profile with
`locked: true` is always an org profile. A new origin (e.g. signed bundles) is one row.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from native_host.errors import InputError
from native_host.jsonio import to_utf8
from native_host.paths import private_dir
from native_host.store.files import (
    CorruptFile,
    atomic_write,
    file_signature,
    move_aside,
    read_json,
    table_rows,
    with_single,
)
from native_host.store.loggers import logger
from native_host.store.records import ORG, PERSONAL, Change, ProfileEntry, StoredMode, timestamp

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

    from tinydb import TinyDB

    from native_host.profiles.view import LoadedProfile, MergedProfiles


STATE_FILE = "state.json"
PROFILES_FILE = "profiles.json"
SUMMARY_FILE = "summary.json"
COMPILED_FILE = "profiles.compiled"
LOCK_FILE = "store.lock"
LOCK_TIMEOUT = 10.0  # seconds; a writer holds it for milliseconds


class StoreError(InputError):
    """The store cannot be written (a lock held too long, permissions, a full disk): shown
    like any bad input, never as a traceback."""

    @classmethod
    def unwritable(cls, path: Path, error: OSError) -> StoreError:
        """A write of `path` that failed with `error`."""
        return cls(str(path), f"cannot be written ({error.strerror or error})",
                   "check that the folder is writable and not full")


# ---- the store ----------------------------------------------------------------------------

class Store:
    def __init__(self, root: Path | None = None) -> None:
        if root is None:
            from native_host.paths import data_dir

            root = data_dir()
        self.root = Path(root)
        self.state_path = self.root / STATE_FILE
        self.profiles_path = self.root / PROFILES_FILE
        self.summary_path = self.root / SUMMARY_FILE
        self.compiled_path = self.root / COMPILED_FILE
        self.lock_path = self.root / LOCK_FILE
        # as str: `signature` runs before a check whenever the folder may have changed
        # (store/changes.py), and a Path costs each stat a conversion
        self._watched = (str(self.state_path), str(self.profiles_path))
        self._lock: Any = None
        self._summary_read: tuple[Any, dict[str, Any] | None] = (None, None)

    # -- reading (no lock) --

    def mode(self) -> StoredMode:
        rows = table_rows(self._read(self.state_path), "mode")
        return StoredMode.from_doc(rows[-1][1] if rows else None)

    def profiles(self) -> list[ProfileEntry]:
        """Stored profiles in merge order (org first, the person's own last)."""
        return self._entries(self._read(self.profiles_path))

    def summary(self) -> dict[str, Any] | None:
        """Personas, profiles and schedule as plain JSON, or None when not written yet
        (or written with profiles that no longer load)."""
        # A command reads it more than once (`mode` checks the persona, then prints the
        # state): the file is parsed again only when it was replaced (writes rename).
        signature = file_signature(self.profiles_path)
        if signature is not None and self._summary_read[0] == signature:
            return self._summary_read[1]
        data = self._read(self.profiles_path)
        rows = table_rows(data, "summary")
        if not rows:
            return {"personas": {}, "profiles": [], "schedule": []} if data is None else None
        if signature is not None and signature == file_signature(self.profiles_path):
            self._summary_read = (signature, rows[-1][1])  # not replaced while read
            if self._brief_file(signature) is None:
                self._write_brief_file(signature, rows[-1][1])
        return rows[-1][1]

    def brief(self) -> dict[str, Any] | None:
        """The summary without the personas' accounts (label, color and locked_by each),
        from summary.json: what `mode` and `profile list` need, at any number of accounts."""
        signature = file_signature(self.profiles_path)
        found = self._brief_file(signature)
        if found is not None:
            return found
        summary = self.summary()  # rewrites summary.json
        return None if summary is None else brief_of(summary)

    def quick_read(self) -> tuple[tuple[Any, ...], StoredMode, dict[str, Any]] | None:
        """(signature, mode, summary) straight from the files, for the first `ready`; None
        when anything is amiss (the caller then takes the path that repairs and logs)."""
        signature = self.signature()
        try:
            state, profiles = read_json(self.state_path), read_json(self.profiles_path)
        except (CorruptFile, OSError):
            return None
        rows = table_rows(profiles, "summary")
        if profiles is not None and not rows:
            return None
        summary = rows[-1][1] if rows else {"personas": {}, "profiles": [], "schedule": []}
        modes = table_rows(state, "mode")
        return signature, StoredMode.from_doc(modes[-1][1] if modes else None), summary

    def _brief_file(self, signature: tuple[int, int, int] | None) -> dict[str, Any] | None:
        """summary.json's brief if it was written from this very profiles.json, else None."""
        if signature is None:
            return None
        try:
            data = read_json(self.summary_path)
        except (CorruptFile, OSError):
            return None  # derived data: profiles.json has it too, and it is written again
        if data is None or data.get("profiles_json") != list(signature):
            return None
        brief = data.get("brief")
        return brief if isinstance(brief, dict) else None

    def _write_brief_file(self, signature: tuple[int, int, int] | None,
                          summary: dict[str, Any]) -> None:
        """Safe without the lock: a brief is only ever used with the profiles.json whose
        signature it names. A failure costs only speed: readers fall back on profiles.json."""
        if signature is None:
            return
        try:
            private_dir(self.root)
            atomic_write(self.summary_path, to_utf8(
                {"profiles_json": list(signature), "brief": brief_of(summary)}))
        except OSError as error:
            logger("store").warning("could not write %s (%s); the summary is read from %s "
                                    "meanwhile", self.summary_path, error.strerror or error,
                                    PROFILES_FILE)

    def settings(self) -> dict[str, Any]:
        rows = table_rows(self._read(self.state_path), "settings")
        return rows[-1][1] if rows else {}

    def set_setting(self, key: str, value: Any) -> None:
        with self.lock():
            current = dict(self.settings())
            current[key] = value
            self._replace_single(self.state_path, "settings", current)

    def audit_keep(self) -> int:
        """How many records the audit log keeps (`persona-guard audit --keep N`)."""
        from native_host.store.audit import DEFAULT_KEEP

        value = self.settings().get("audit_keep")
        return value if isinstance(value, int) and value > 0 else DEFAULT_KEEP

    def signature(self) -> tuple[Any, ...]:
        """Changes whenever another process changes the mode or the profiles."""
        state, profiles = self._watched
        return (file_signature(state), file_signature(profiles))

    def load_merged(self) -> tuple[MergedProfiles, list[ProfileEntry]]:
        """The stored profiles, validated and merged, and the entries that made it. An
        entry that no longer loads is left out with a log line; if the whole set does not
        merge, the org profiles alone are used, then none.

        A set that loaded whole is kept compiled in `profiles.compiled`, named by the
        signature of the `profiles.json` it came from, and read from there while that
        signature holds: a host's start or reload then costs reading one file, not
        validating and merging again (see native_host.store.compiled)."""
        from native_host.store import compiled

        signature = file_signature(self.profiles_path)
        kept = compiled.read(self.compiled_path, signature)
        if kept is not None:
            return kept
        with compiled.collector_paused():
            merged, entries, whole = self._load_and_merge()
        if whole and signature is not None and signature == file_signature(self.profiles_path):
            compiled.write(self.compiled_path, signature, merged, entries)
        return merged, entries

    def _load_and_merge(self) -> tuple[MergedProfiles, list[ProfileEntry], bool]:
        """(merged, entries, whether every entry loaded and merged)."""
        from native_host.profiles.merge import merge_profiles

        usable: list[tuple[LoadedProfile, ProfileEntry]] = []
        stored = self.profiles()
        for entry in stored:
            try:
                usable.append((_loaded(entry), entry))
            except InputError as error:
                logger("store").error("leaving out %s, which no longer loads: %s",
                                      entry.source, error)
        candidates = [usable, [u for u in usable if u[1].origin != PERSONAL], []]
        for number, candidate in enumerate(candidates):
            try:
                merged = merge_profiles([u[0] for u in candidate])
            except InputError as error:
                logger("store").error("the stored profiles do not merge (%s); trying without "
                                      "the person's own profile", error)
                continue
            whole = number == 0 and len(usable) == len(stored)
            return merged, [u[1] for u in candidate], whole
        raise AssertionError("merging no profiles cannot fail")

    # -- writing (lock + one atomic write per file) --

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        from native_host.store.process_lock import LockTimeout, ProcessLock

        try:
            if self._lock is None:
                private_dir(self.root)
                self._lock = ProcessLock(str(self.lock_path), timeout=LOCK_TIMEOUT, mode=0o600)
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(str(self.lock_path), f"another Persona Guard process has held "
                             f"the store's lock for over {LOCK_TIMEOUT:.0f} s",
                             "try again; if it keeps happening, end the stuck "
                             "persona-guard process") from None
        except OSError as error:
            raise StoreError(str(self.root), f"cannot be written ({error.strerror or error})",
                             "check that the folder is yours, writable and not full") from None
        try:
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def transaction(self, path: Path) -> Iterator[TinyDB]:
        """A tinydb database over `path`, written once, atomically, when the block ends
        without an exception. Holds the store lock."""
        from tinydb import TinyDB
        from tinydb.middlewares import CachingMiddleware

        with self.lock():
            self._remove_stale_temps(path)
            self._read(path)  # moves a corrupt file aside before tinydb reads it
            db = TinyDB(str(path), storage=CachingMiddleware(_AtomicJSONStorage))
            yield db
            try:
                db.close()  # flushes: the one write
            except OSError as error:
                raise StoreError.unwritable(path, error) from None

    def _replace_single(self, path: Path, table: str, doc: dict[str, Any]) -> None:
        """`table` of the tinydb file at `path` holding `doc` alone, the file's other
        tables as they are, in one atomic write. The caller holds the lock. The mode and
        the settings are written this way: `persona-guard mode` need not load tinydb."""
        self._remove_stale_temps(path)
        data = with_single(self._read(path), table, doc)
        try:
            _AtomicJSONStorage(str(path)).write(data)
        except OSError as error:
            raise StoreError.unwritable(path, error) from None

    def set_mode(self, persona: str | None, until: datetime | None, by: str) -> StoredMode:
        """`persona` None for auto. Refuses a persona no stored profile defines."""
        if until is not None and until.tzinfo is None:
            raise ValueError("until must be aware")
        with self.lock():
            if persona is not None:
                brief = self.brief() or {}
                known = list(brief.get("personas") or {})
                if persona not in known:
                    raise InputError(
                        "persona", f"'{persona}' is not a persona of the stored profiles",
                        "use one of: " + ", ".join(["auto", *known]) + (
                            "" if known else " (add a profile: persona-guard profile add FILE)"))
            mode = StoredMode(persona, until if persona else None, timestamp(), by)
            self._replace_single(self.state_path, "mode", mode.to_doc())
        return mode

    def add_profile(self, raw: bytes, source: str, org: bool = False,
                    also_replaces: str | None = None) -> Change:
        """Validate `raw` (a profile file's bytes, `source` naming it in errors), merge it
        with the stored ones and store it. A profile with the id of a stored one replaces
        it; a personal profile replaces the previous personal one; `also_replaces` names
        another stored profile it takes the place of (a bundle URL that now serves another
        profile), in the same write. Raises InputError, and stores nothing, when the
        profile or the merge fails."""
        from native_host.profiles.format import load_profile_bytes
        from native_host.profiles.merge import LoadedProfile
        from native_host.store import compiled

        profile = load_profile_bytes(raw, source)
        origin = ORG if (org or profile.locked) else PERSONAL
        with self.lock():
            entries = self.profiles()
            replaced = next((e for e in entries if e.id == profile.id), None)
            if replaced is None and origin == PERSONAL:
                replaced = next((e for e in entries if e.origin == PERSONAL), None)
            new = ProfileEntry(profile.id, origin, raw.decode("utf-8"), timestamp(),
                               replaced.seq if replaced else 1 << 30)
            gone = [e for e in entries if also_replaces and e.id == also_replaces
                    and e.id != profile.id]
            kept = [e for e in entries if e is not replaced and e not in gone]
            candidate = sorted([*kept, new], key=lambda e: e.rank)
            with compiled.collector_paused():
                loaded = [LoadedProfile(profile, source, origin) if e is new else _loaded(e)
                          for e in candidate]
                merged = _merge(loaded)
            with self.transaction(self.profiles_path) as db:
                table = db.table("profiles")
                if replaced is not None:
                    table.update(new.to_doc(), doc_ids=[replaced.seq])
                else:  # its place among the stored ones, as profiles() will read it
                    at = table.insert(new.to_doc())
                    candidate = [new._replace(seq=at) if e is new else e for e in candidate]
                if gone:
                    table.remove(doc_ids=[e.seq for e in gone])
                summary = _summary(merged, candidate)
                _put_single(db.table("summary"), summary)
            signature = file_signature(self.profiles_path)
            self._write_brief_file(signature, summary)
            if all(e.source != source for e in kept):  # the new one is named as stored
                compiled.write(self.compiled_path, signature, merged, candidate,
                               renamed={source: new.source})
        return Change(new, replaced or (gone[0] if gone else None))

    def remove_profile(self, profile_id: str) -> Change:
        """Refused (InputError) when no stored profile has that id, or when the others no
        longer merge without it. Resets a manual mode whose persona goes away."""
        from native_host.store import compiled

        with self.lock():
            entries = self.profiles()
            entry = next((e for e in entries if e.id == profile_id), None)
            if entry is None:
                known = ", ".join(e.id for e in entries) or "none stored"
                raise InputError(profile_id, "no stored profile has this id",
                                 f"use one of: {known}")
            kept = [e for e in entries if e is not entry]
            try:
                with compiled.collector_paused():
                    merged = _merge([_loaded(e) for e in kept])
            except InputError as error:
                raise InputError(
                    profile_id, f"cannot be removed: the other profiles do not load "
                    f"without it ({error.source}: {error.path}: {error.problem})",
                    "remove or fix that profile first") from None
            with self.transaction(self.profiles_path) as db:
                db.table("profiles").remove(doc_ids=[entry.seq])
                summary = _summary(merged, kept)
                _put_single(db.table("summary"), summary)
            signature = file_signature(self.profiles_path)
            self._write_brief_file(signature, summary)
            compiled.write(self.compiled_path, signature, merged, kept)
            mode = self.mode()
            reset = mode.persona is not None and mode.persona not in merged.personas
            if reset:
                self.set_mode(None, None, "profile remove")
        return Change(entry, mode_reset=reset)

    # -- internals --

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            return read_json(path)
        except CorruptFile:
            return self._move_aside(path)

    def _move_aside(self, path: Path) -> dict[str, Any] | None:
        with self.lock():
            try:  # another process may have replaced it meanwhile
                return read_json(path)
            except CorruptFile as error:
                aside = move_aside(path)
                logger("store").error("%s is %s; moved it to %s and went on without it (the "
                                      "other files are untouched)", path, error, aside.name)
                return None

    def _entries(self, data: dict[str, Any] | None) -> list[ProfileEntry]:
        entries = []
        for seq, doc in table_rows(data, "profiles"):
            if isinstance(doc.get("id"), str) and isinstance(doc.get("raw"), str):
                entries.append(ProfileEntry(doc["id"], str(doc.get("origin", PERSONAL)),
                                            doc["raw"], str(doc.get("added_at", "")), seq))
        return sorted(entries, key=lambda e: e.rank)

    @staticmethod
    def _remove_stale_temps(path: Path) -> None:
        # left by a writer killed before its rename; we hold the lock, so none is live
        # (os.scandir, not Path.glob, which compiles a pattern for each call)
        prefix = f".{path.name}."
        with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


class _AtomicJSONStorage:
    """tinydb storage writing through atomic_write (tinydb duck-types storages)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        return read_json(self.path)

    def write(self, data: dict[str, Any]) -> None:
        private_dir(self.path.parent)
        atomic_write(self.path, to_utf8(data, indent=1, separators=None))

    def close(self) -> None:
        pass


def brief_of(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary without the personas' accounts, which are most of its size."""
    personas = {pid: {k: v for k, v in persona.items() if k != "accounts"}
                for pid, persona in (summary.get("personas") or {}).items()}
    return {**summary, "personas": personas}


def _put_single(table: Any, doc: dict[str, Any]) -> None:
    from tinydb.table import Document

    table.upsert(Document(doc, doc_id=1))


def _loaded(entry: ProfileEntry) -> LoadedProfile:
    from native_host.profiles.format import load_profile_bytes
    from native_host.profiles.merge import LoadedProfile

    return LoadedProfile(load_profile_bytes(entry.raw.encode("utf-8"), entry.source),
                         entry.source, entry.origin)


def _merge(loaded: list[LoadedProfile]) -> MergedProfiles:
    from native_host.profiles.merge import merge_profiles

    return merge_profiles(loaded)


def _summary(merged: MergedProfiles, entries: list[ProfileEntry]) -> dict[str, Any]:
    from native_host.store.summary import summarise

    return summarise(merged, entries)

