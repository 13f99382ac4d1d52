"""Keeping signed org bundles up to date: fetch each subscribed URL at start and every N
minutes (with jitter, so a fleet does not poll in step), verify, and hand the verified
profile to a sink (the shared store in the host, a dict in tests).

Whatever goes wrong (server down, HTTP error, bad signature, unknown key, expiry,
rollback, a profile that fails validation) the bundle already installed stays in force;
the failure shows in `status()`. An ETag from the last good fetch makes an unchanged
bundle cost one `304 Not Modified`.

aiohttp and the crypto code are imported on first fetch, never at host start.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from native_host import __version__
from native_host.bundles.installed import BundleSink, Installed, installed_record
from native_host.bundles.sources import Source, SyncConfig
from native_host.decision.clock import now as clock_now
from native_host.errors import InputError
from native_host.store.loggers import logger
from native_host.store.records import timestamp

if TYPE_CHECKING:
    from aiohttp import ClientSession

    from native_host.bundles.format import VerifiedBundle
    from native_host.bundles.sink import BundleStore

USER_AGENT = f"persona-guard/{__version__}"
FETCH_TIMEOUT_SECONDS = 30.0
JITTER = 0.1  # each wait is the interval +/- 10%


@dataclass
class SourceStatus:
    url: str
    origin: str
    state: str = "pending"  # pending | installed | unchanged | failed
    last_fetch: str | None = None
    last_success: str | None = None
    profile_id: str | None = None
    version: int | None = None
    key_id: str | None = None
    expires: str | None = None
    error: str | None = None
    error_code: str | None = None  # a bundle.REJECTIONS key, "unreachable" or "http_error"


class MemorySink:
    """A sink that keeps bundles in a dict: for tests and one-off commands."""

    def __init__(self) -> None:
        self.bundles: dict[str, tuple[Installed, bytes]] = {}
        self.marks: dict[tuple[str, str], tuple[int, str]] = {}

    def installed(self, url: str) -> Installed | None:
        entry = self.bundles.get(url)
        return entry[0] if entry else None

    def install(self, url: str, bundle: VerifiedBundle, raw: bytes, etag: str | None) -> None:
        record = installed_record(url, bundle, etag)
        self.bundles[url] = (record, bundle.bundle.profile_bytes)
        key = (record.key_id, record.profile_id)
        if key not in self.marks or self.marks[key][0] < record.version:
            self.marks[key] = (record.version, record.sha256)

    def high_water(self, key_id: str, profile_id: str) -> tuple[int, str] | None:
        return self.marks.get((key_id, profile_id))

    def remove(self, url: str) -> None:
        self.bundles.pop(url, None)

    def profile_bytes(self, url: str) -> bytes | None:
        entry = self.bundles.get(url)
        return entry[1] if entry else None


class Syncer:
    """Follows a SyncConfig. `configure()` may be called at any time (a policy change):
    a changed config is fetched at once, and a URL that left it is removed from the sink."""

    def __init__(self, sink: BundleSink, *, clock: Callable[[], datetime] | None = None,
                 on_change: Callable[[], None] | None = None,
                 timeout: float = FETCH_TIMEOUT_SECONDS, minute: float = 60.0) -> None:
        self.sink = sink
        self.config = SyncConfig()
        self._clock = clock or clock_now
        self._on_change = on_change  # called after every fetch round
        self._timeout = timeout
        self._minute = minute  # seconds in a "minute" of the interval; tests shorten it
        self._status: dict[str, SourceStatus] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: ClientSession | None = None
        self.next_fetch: datetime | None = None

    # ---- configuration -------------------------------------------------------------
    def configure(self, config: SyncConfig) -> bool:
        """Follow `config` from now on; True when it differs from the current one."""
        if config == self.config:
            return False
        keep = {source.url for source in config.sources}
        for source in self.config.sources:
            if source.url not in keep:  # the admin or the person unsubscribed it
                self.sink.remove(source.url)
                self._status.pop(source.url, None)
        self.config = config
        for source in config.sources:
            status = self._status.get(source.url)
            if status is None:
                self._status[source.url] = SourceStatus(source.url, source.origin)
            else:
                status.origin = source.origin
        self._wake.set()
        return True

    # ---- running -------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="bundle-sync")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            jitter = random.uniform(1 - JITTER, 1 + JITTER)
            delay = self.config.interval_minutes * self._minute * jitter
            # Set first so the status saved at the end of the round shows it.
            self.next_fetch = datetime.fromtimestamp(self._clock().timestamp() + delay, UTC)
            await self.sync_now()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def sync_now(self) -> list[SourceStatus]:
        """One round: every source fetched concurrently. Never raises for a bad source."""
        sources = self.config.sources
        if sources:
            if "aiohttp" not in sys.modules:  # imported on a thread: the loop keeps answering
                await asyncio.to_thread(_preload)
            session = await self._get_session()
            await asyncio.gather(*(self._fetch(session, source) for source in sources))
        if self._on_change is not None:
            self._on_change()
        return [self._status[s.url] for s in sources if s.url in self._status]

    async def _get_session(self) -> ClientSession:
        if self._session is None or self._session.closed:
            import aiohttp

            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                headers={"User-Agent": USER_AGENT})
        return self._session

    async def _fetch(self, session: ClientSession, source: Source) -> None:
        import aiohttp

        from native_host.bundles.format import MAX_BUNDLE_BYTES

        status = self._status.setdefault(source.url, SourceStatus(source.url, source.origin))
        status.last_fetch = timestamp(self._clock())
        installed = self.sink.installed(source.url)
        headers = {"If-None-Match": installed.etag} if installed and installed.etag else {}
        try:
            async with session.get(source.url, headers=headers) as response:
                if response.status == 304 and installed is not None:
                    self._succeeded(status, installed, "unchanged")
                    return
                if response.status != 200:
                    self._failed(status, "http_error", f"{source.url} answered HTTP "
                                 f"{response.status} {response.reason or ''}".rstrip(),
                                 "check the URL in the policy and that the bundle is published "
                                 "there")
                    return
                raw = bytearray()
                # Whole body, but never more than a bundle may be (parse_bundle says why).
                async for chunk in response.content.iter_chunked(1 << 16):
                    raw += chunk
                    if len(raw) > MAX_BUNDLE_BYTES:
                        break
                etag = response.headers.get("ETag")
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            reason = type(error).__name__ if isinstance(error, TimeoutError) else str(error)
            self._failed(status, "unreachable", f"{source.url} could not be fetched "
                         f"({reason or type(error).__name__})",
                         "check the network and that the bundle server is up; the last good "
                         "bundle stays in force")
            return
        self._apply(status, source, bytes(raw), etag, installed)

    def _apply(self, status: SourceStatus, source: Source, raw: bytes, etag: str | None,
               installed: Installed | None) -> None:
        from native_host.bundles.format import parse_bundle, verify_bundle
        from native_host.bundles.keys import parse_public_key

        if all(s.url != source.url for s in self.config.sources):
            return  # unsubscribed while this fetch was under way: install nothing
        try:
            keys = [parse_public_key(key, f"{source.origin}: trusted key") for key in
                    source.keys]
            before = None
            if installed is not None:
                before = (installed.profile_id, installed.version, installed.sha256)
            # Rollback is judged against the highest version of this profile the key ever
            # put in force here, from any URL, not only against this URL's bundle.
            served = parse_bundle(raw, source.url)
            mark = self.sink.high_water(served.key_id, served.profile_id)
            if mark is not None and (before is None or before[0] != served.profile_id
                                     or mark[0] > before[1]):
                before = (served.profile_id, *mark)
            verified = verify_bundle(raw, source.url, keys, now=self._clock(), installed=before)
            if installed is not None and installed.sha256 == verified.sha256 and \
                    installed.key_id == verified.key.key_id and installed.etag == etag:
                self._succeeded(status, installed, "unchanged")
                return
            self.sink.install(source.url, verified, raw, etag)
        except InputError as error:
            code = getattr(error, "code", "not_applied")
            # The URL heads the status line already: say "the bundle ..." rather than it.
            problem = (f"the bundle {error.problem}" if error.source == source.url
                       else f"{error.source}: {error.problem}")
            self._failed(status, code, problem, error.fix, error.path)
            return
        self._succeeded(status, self.sink.installed(source.url), "installed")

    def _succeeded(self, status: SourceStatus, installed: Installed | None, state: str) -> None:
        status.state, status.error, status.error_code = state, None, None
        status.last_success = status.last_fetch
        self._describe(status, installed)

    def _failed(self, status: SourceStatus, code: str, problem: str, fix: str,
                path: str = "") -> None:
        status.state, status.error_code = "failed", code
        where = f" at {path}" if path else ""
        status.error = f"{problem}{where}" + (f" (fix: {fix})" if fix else "")
        self._describe(status, self.sink.installed(status.url))

    @staticmethod
    def _describe(status: SourceStatus, installed: Installed | None) -> None:
        # The version in force, which after a failure is the last good one.
        status.profile_id = installed.profile_id if installed else None
        status.version = installed.version if installed else None
        status.key_id = installed.key_id if installed else None
        status.expires = installed.expires if installed else None

    # ---- reporting -----------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """The `sync` block of the host state: plain JSON."""
        return {
            "interval_minutes": self.config.interval_minutes,
            "next_fetch": timestamp(self.next_fetch) if self.next_fetch else None,
            "sources": [asdict(self._status[s.url]) for s in self.config.sources
                        if s.url in self._status],
            "problems": list(self.config.problems),
        }


class SyncService:
    """What a host runs: the policy sources feeding a Syncer that installs into the shared
    store. Created after `ready`; `tick()` (from the host's store watcher) notices a changed
    policy file or a new personal subscription, `set_managed()` a new `hello` policy, and
    either applies at once: no restart."""

    def __init__(self, bundles: BundleStore, on_change: Callable[[], None] | None = None,
                 **syncer_options: Any) -> None:
        from native_host.bundles.sources import PolicySources

        self.bundles = bundles
        self.sources = PolicySources()
        self._on_change = on_change
        self.syncer = Syncer(bundles, on_change=self._round_done, **syncer_options)
        self._bundles_signature: object = None
        self._starting: asyncio.Task[None] | None = None

    def set_managed(self, policy: dict[str, Any] | None) -> None:
        self.sources.set_managed(policy)
        self._apply()

    def begin(self) -> None:
        """Start in the background on the running loop (`start` as a task)."""
        self._starting = asyncio.get_running_loop().create_task(self._start_logged(),
                                                                name="start-sync")

    async def _start_logged(self) -> None:
        try:
            await self.start()
        except Exception:
            logger("sync").exception(
                "could not start bundle sync; the profiles already stored stay in force")

    async def start(self) -> None:
        self.sources.reload_system()
        self._read_subscriptions()
        self._apply()
        self.syncer.start()

    def tick(self) -> None:
        """Cheap (two stats) unless something changed."""
        changed = self.sources.reload_system()
        if self.bundles.signature() != self._bundles_signature:
            changed = self._read_subscriptions() or changed
        if changed:
            self._apply()

    def status(self) -> dict[str, Any] | None:
        """The state's `sync` block; None when there is nothing to sync (most people)."""
        config = self.syncer.config
        return self.syncer.status() if config.sources or config.problems else None

    async def stop(self) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._starting
        await self.syncer.stop()

    def _read_subscriptions(self) -> bool:
        self._bundles_signature = self.bundles.signature()
        before = self.sources.personal
        self.sources.set_personal(self.bundles.subscriptions())
        return self.sources.personal != before

    def _apply(self) -> None:
        self.syncer.configure(self.sources.config())

    def _round_done(self) -> None:
        try:
            self.bundles.save_status(self.syncer.status())
            self._bundles_signature = self.bundles.signature()  # our own write
        except Exception as error:  # the status is a convenience; syncing goes on
            logger("sync").error("could not save the sync status: %s",
                                                          error)
        if self._on_change is not None:
            self._on_change()


def _preload() -> None:
    import aiohttp  # noqa: F401

    import native_host.bundles.format  # noqa: F401


def describe_sync(sync: dict[str, Any] | None) -> list[str]:
    """The sync block of the state as lines for `persona-guard status`."""
    if not sync or not (sync.get("sources") or sync.get("problems")):
        return []
    lines = [f"org bundles (checked every {sync.get('interval_minutes')} min):"]
    for source in sync.get("sources") or []:
        in_force = (f"{source['profile_id']} v{source['version']}" if source.get("profile_id")
                    else "nothing installed yet")
        lines.append(f"  {source['url']} ({source['origin']}): {in_force}")
        if source.get("error"):
            lines.append(f"    last fetch {source.get('last_fetch')} FAILED "
                         f"[{source.get('error_code')}]: {source['error']}")
            if source.get("profile_id"):
                lines.append(f"    the last good bundle stays in force (fetched "
                             f"{source.get('last_success')})")
        else:
            lines.append(f"    {source.get('state')}, last fetch {source.get('last_fetch')}")
    for problem in sync.get("problems") or []:
        lines.append(f"  policy problem: {problem}")
    return lines
