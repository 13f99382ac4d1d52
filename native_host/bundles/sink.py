"""The bundles part of the shared store: `bundles.json` beside the store's other files.

Tables (tinydb layout, written under the store's lock, atomically):
* `bundles`: the bundle in force per URL {url, profile_id, version, sha256, key_id, etag,
  expires, installed_at}; its profile itself is an ordinary org entry of the store, so
  merging and the locked rules treat it like any org profile;
* `subscriptions`: the person's own {url, pubkey, added_at} (`persona-guard subscribe`);
* `sync`: one document, the last sync status a host wrote, for `persona-guard status`.

`BundleStore` is the sink the syncer installs into.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from native_host.errors import InputError
from native_host.store.files import file_signature, read_json, table_rows
from native_host.store.loggers import logger
from native_host.store.records import timestamp
from native_host.store.store import Store

if TYPE_CHECKING:
    from native_host.bundles.format import VerifiedBundle
    from native_host.bundles.installed import Installed

BUNDLES_FILE = "bundles.json"


class BundleStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.path: Path = store.root / BUNDLES_FILE

    # ---- the syncer's sink ------------------------------------------------------------
    def installed(self, url: str) -> Installed | None:
        from native_host.bundles.installed import Installed

        doc = self._doc("bundles", url)
        if doc is None:
            return None
        fields: dict[str, Any] = {k: doc.get(k) for k in Installed.__dataclass_fields__}
        record = Installed(**fields)
        if not self._profile_in_store(record):
            # Someone removed or replaced the profile by hand: fetch it whole again (the
            # version stays, so an old bundle still counts as a rollback).
            from dataclasses import replace  # here: the host's start path imports this module

            record = replace(record, etag=None)
        return record

    def install(self, url: str, bundle: VerifiedBundle, raw: bytes, etag: str | None) -> None:
        """Store the profile (merged with the others first: a conflict raises InputError
        and nothing changes), then the record that it came from `url`."""
        from dataclasses import asdict

        from tinydb import Query

        from native_host.bundles.installed import installed_record

        before = self.installed(url)
        # The URL now serves another profile: the one it replaces goes in the same write,
        # unless someone has replaced that one since (then it is no longer this URL's).
        orphan = (before.profile_id if before is not None and before.profile_id !=
                  bundle.bundle.profile_id and self._profile_in_store(before) else None)
        self.store.add_profile(bundle.bundle.profile_bytes, url, org=True,
                               also_replaces=orphan)
        record = installed_record(url, bundle, etag)
        doc = {**asdict(record), "installed_at": timestamp()}
        with self.store.transaction(self.path) as db:
            db.table("bundles").upsert(doc, Query().url == url)
            marks = db.table("high_water")
            key = (Query().key_id == record.key_id) & (Query().profile_id == record.profile_id)
            mark = marks.get(key)
            if not isinstance(mark, dict) or record.version > int(mark.get("version", -1)):
                marks.upsert({"key_id": record.key_id, "profile_id": record.profile_id,
                              "version": record.version, "sha256": record.sha256}, key)

    def high_water(self, key_id: str, profile_id: str) -> tuple[int, str] | None:
        """The highest version of `profile_id` signed by `key_id` ever installed here, from
        any URL, and its sha256; kept when the profile is replaced or removed, so no URL
        can bring an older one back."""
        seen = [(int(doc["version"]), str(doc.get("sha256")))
                for table in ("high_water", "bundles") for _, doc in self._rows(table)
                if doc.get("key_id") == key_id and doc.get("profile_id") == profile_id
                and isinstance(doc.get("version"), int)]
        return max(seen) if seen else None

    def remove(self, url: str) -> None:
        """Forget `url`; its profile goes too unless someone has replaced it since."""
        record = self.installed(url)
        with self.store.transaction(self.path) as db:
            from tinydb import Query

            db.table("bundles").remove(Query().url == url)
        if record is not None and self._profile_in_store(record):
            try:
                self.store.remove_profile(record.profile_id)
            except InputError as error:
                logger("sync").error("kept profile %s from %s: %s", record.profile_id, url, error)

    # ---- personal subscriptions -------------------------------------------------------
    def subscriptions(self) -> list[tuple[str, str]]:
        return [(doc["url"], doc["pubkey"]) for _, doc in self._rows("subscriptions")
                if isinstance(doc.get("url"), str) and isinstance(doc.get("pubkey"), str)]

    def subscribe(self, url: str, pubkey: str) -> None:
        from tinydb import Query

        with self.store.transaction(self.path) as db:
            db.table("subscriptions").upsert(
                {"url": url, "pubkey": pubkey, "added_at": timestamp()}, Query().url == url)

    def unsubscribe(self, url: str) -> bool:
        from tinydb import Query

        with self.store.transaction(self.path) as db:
            removed = db.table("subscriptions").remove(Query().url == url)
        if removed:
            self.remove(url)
        return bool(removed)

    # ---- the status other processes read ----------------------------------------------
    def save_status(self, status: dict[str, Any]) -> None:
        saved = self.sync_status()
        if saved == status or (saved is None and not status.get("sources")
                               and not status.get("problems")):
            return  # a write only when something changed (and never for nothing to sync)
        from tinydb.table import Document

        with self.store.transaction(self.path) as db:
            db.table("sync").upsert(Document(status, doc_id=1))

    def sync_status(self) -> dict[str, Any] | None:
        return saved_sync_status(self.store)

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever any process writes bundles.json."""
        return file_signature(self.path)

    # ---- internals --------------------------------------------------------------------
    def _rows(self, table: str) -> list[tuple[int, dict[str, Any]]]:
        try:
            return table_rows(read_json(self.path), table)
        except Exception as error:  # a corrupt file: the next write replaces it
            logger("sync").error("%s cannot be read (%s); treating it as empty", self.path, error)
            return []

    def _doc(self, table: str, url: str) -> dict[str, Any] | None:
        return next((doc for _, doc in self._rows(table) if doc.get("url") == url), None)

    def _profile_in_store(self, record: Installed) -> bool:
        import hashlib

        for entry in self.store.profiles():
            if entry.id == record.profile_id:
                digest = hashlib.sha256(entry.raw.encode("utf-8")).hexdigest()
                return digest == record.sha256
        return False


def saved_sync_status(store: Store) -> dict[str, Any] | None:
    """The last sync status any host saved; cheap (no asyncio, no aiohttp) for `ready` and
    `persona-guard status`."""
    try:
        rows = table_rows(read_json(store.root / BUNDLES_FILE), "sync")
    except Exception:
        return None
    status = rows[-1][1] if rows else None
    if not status or not (status.get("sources") or status.get("problems")):
        return None  # nothing to sync: no block, as a running host shows it
    return status


