"""Signed org bundles for a host that has something to sync: bundle sync
(native_host.bundles.syncer) runs on an asyncio loop in a thread of its own, started only
once a policy URL, the system policy file or a subscription names a source. Most people
have none, and their host then never imports asyncio or aiohttp (a browser keeps one host
per profile running all day: a few MB each).

The host's threads talk to the service only through its loop; the status they show is the
one the loop last saw (`status()`, a plain read), and a finished round wakes the host's
store watcher, which pushes `state_changed` if the state changed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.bundles.sink import BundleStore
    from native_host.bundles.sources import PolicySources
    from native_host.store.store import Store

STOP_SECONDS = 5.0  # a fetch under way is cancelled; its session closes within this


class SyncGate:
    """Whether there is anything to sync, read as SyncService reads it but without it:
    the managed policy, the system policy file (one stat) and the personal subscriptions
    (one stat of bundles.json)."""

    def __init__(self, store: Store) -> None:
        from native_host.bundles.sink import BundleStore
        from native_host.bundles.sources import PolicySources

        self.sources: PolicySources = PolicySources()
        self.bundles: BundleStore = BundleStore(store)
        self._bundles_signature: object = ()
        self._managed: object = ()

    def wanted(self, policy: dict[str, Any]) -> bool:
        if policy != self._managed:  # parsed again only when a `hello` changed it
            self._managed = policy
            self.sources.set_managed(policy)
        self.sources.reload_system()
        signature = self.bundles.signature()
        if signature != self._bundles_signature:
            self._bundles_signature = signature
            self.sources.set_personal(self.bundles.subscriptions())
        config = self.sources.config()
        return bool(config.sources or config.problems)


class SyncThread:
    """A SyncService on a loop of its own thread."""

    def __init__(self, store: Store, policy: dict[str, Any], wake: Callable[[], None]) -> None:
        import asyncio

        from native_host.bundles.sink import BundleStore
        from native_host.bundles.syncer import SyncService

        self._wake = wake
        self.loop = asyncio.new_event_loop()
        bundles: BundleStore = BundleStore(store)
        self.service = SyncService(bundles, on_change=self._round_done)
        self._latest: dict[str, Any] | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, name="bundle-sync",
                                        daemon=True)
        self._thread.start()
        self._on_loop(self._begin, policy)

    def _begin(self, policy: dict[str, Any]) -> None:
        self.service.set_managed(policy)
        self.service.begin()

    def status(self) -> dict[str, Any] | None:
        """The state's `sync` block as the loop last saw it; None: nothing to sync."""
        return self._latest

    def set_managed(self, policy: dict[str, Any]) -> None:
        """A `hello`'s policy, applied before this returns (its reply shows it)."""
        self._on_loop(self.service.set_managed, policy)

    def tick(self) -> None:
        """A changed policy file or subscription (the store watcher's tick); not waited for."""
        self._on_loop(self.service.tick, wait=False)

    def stop(self) -> None:
        import asyncio

        future = asyncio.run_coroutine_threadsafe(self.service.stop(), self.loop)
        try:
            future.result(STOP_SECONDS)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)

    def _on_loop(self, call: Callable[..., None], *args: Any, wait: bool = True) -> None:
        done = threading.Event()

        def run() -> None:
            try:
                call(*args)
                self._latest = self.service.status()
            finally:
                done.set()

        self.loop.call_soon_threadsafe(run)
        if wait:
            done.wait()

    def _round_done(self) -> None:  # on the loop
        self._latest = self.service.status()
        self._wake()
