"""The native messaging host: the process a browser starts, speaking the messages of
PROTOCOL.md over stdin/stdout and sharing the store with every other host and the CLI.

Start sequence (`Host.run`), in the order a browser waits for it:
1. keep private duplicates of stdin/stdout for frames (protocol.protect_stdio);
2. refuse a caller that is not our extension;
3. answer the first `hello` from the store's summary with the standard library only, so
   `ready` leaves within milliseconds of launch (quick_hello);
4. `after_ready()`: start-up work that must not delay `ready`;
5. the asyncio loop: a reader thread feeds frames in (reader); the models, the rules and
   the merged profiles load on a thread meanwhile (a `check` waits for them only if it
   comes first); each message kind of `protocol.INCOMING` goes to its module in
   `native_host.host.handlers`, which sees this host only as a `context.Context`; a
   watcher pushes `state_changed` when another process changes the store.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from native_host import __version__
from native_host.decision import clock
from native_host.host import reader as frames
from native_host.host.caller import Caller, parse_caller
from native_host.host.memory import limit_malloc_arenas
from native_host.host.protocol import (
    INCOMING,
    ErrorCode,
    FrameReader,
    FrameTooLarge,
    FrameWriter,
    MissingLengthPrefix,
    ProtocolError,
    TruncatedFrame,
    error_frame,
    protect_stdio,
    push,
    reply,
)
from native_host.host.quick_hello import read_first_hello
from native_host.host.recent import RecentChecks
from native_host.host.state import StateCache
from native_host.jsonio import BadJSON, from_bytes
from native_host.store import allowed_ids
from native_host.store.loggers import logger
from native_host.store.records import StoredMode
from native_host.store.store import Store

if TYPE_CHECKING:
    import asyncio

    from native_host.decision.request import PlainCheck
    from native_host.host.context import Handler
    from native_host.profiles.merge import MergedProfiles
    from native_host.store.audit import AuditLog, AuditWriter
    from native_host.store.records import ProfileEntry

POLL_SECONDS = 0.1  # how often the store is looked at for other processes' changes

USAGE = """usage: python -m native_host [ORIGIN [--parent-window=N] | MANIFEST ADDON_ID]

The Persona Guard native messaging host. Browsers start it and speak to it over
stdin/stdout (see PROTOCOL.md); run by hand, pipe framed requests into it, e.g.
  cat debug/session.bin | python -m native_host | python debug/frames.py decode
"""

_ENVELOPE = ("v", "type", "id")


def plain_check_message(data: object) -> PlainCheck | None:
    """A `check` that messages.Check surely accepts, read without pydantic (the hot path;
    decision.request has the rules and tests/unit pins them); None takes the full path."""
    if not (isinstance(data, dict) and data.get("type") == "check"
            and type(data.get("v")) is int and data["v"] == 1
            and type(data.get("id")) in (str, int)):
        return None
    from native_host.decision.request import plain_check  # after `ready`: off the start path

    return plain_check({k: v for k, v in data.items() if k not in _ENVELOPE}, data["id"])


class Host:
    """One browser's connection; handlers see it as a `context.Context`."""

    def __init__(self, reader: FrameReader, writer: FrameWriter, store: Store,
                 caller: Caller, audit_interval: float = 0.25) -> None:
        self.reader = reader
        self.writer = writer
        self.store = store
        self.caller = caller
        self.audit_interval = audit_interval
        self.session = os.urandom(4).hex()  # keys this connection's checks in the audit log
        self.browser: str | None = None
        self.policy: dict[str, Any] = {}
        self.greeted = False
        self.signature: tuple[Any, ...] | None = None
        self.stored_mode = StoredMode()
        self.summary: dict[str, Any] = {"personas": {}, "profiles": [], "schedule": []}
        self.last_state: dict[str, Any] | None = None
        self._state_cache = StateCache()
        self.merged: MergedProfiles | None = None
        self.entries: list[ProfileEntry] = []
        self._audit_log: AuditLog | None = None
        self._audit_writer: AuditWriter | None = None
        self.recent = RecentChecks()  # audit records written when the person acts (outcome)
        self._handlers: dict[str, Handler] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._engine: asyncio.Future[None] | None = None
        self._stopping = False
        self.log_path: Any = None
        self.sync: Any = None  # native_host.bundles.syncer.SyncService, from the first tick on

    # ---- start -------------------------------------------------------------------------

    def run(self) -> int:
        if not self.caller.allowed:
            self._start_logging()
            logger("host").error("refused to start for %s (%s): not an extension this host serves",
                         self.caller.extension, self.caller.family)
            self._send_quietly(error_frame(
                ErrorCode.ORIGIN_NOT_ALLOWED,
                f"this host serves only the Persona Guard extension, not "
                f"{self.caller.extension!r}; reinstall with `persona-guard install`"))
            return 1
        try:
            first: Any = self.reader.read()
        except (FrameTooLarge, TruncatedFrame) as error:
            first = error
        if first is None:
            return 0
        if isinstance(first, bytes) and self._answer_hello_quickly(first):
            first = None
        limit_malloc_arenas()  # before the first thread; after `ready`, which waits on ctypes
        self.after_ready()
        return self._serve(first)

    def _answer_hello_quickly(self, body: bytes) -> bool:
        """True when `ready` went out; False leaves the frame to the loop's full path."""
        first = read_first_hello(body, self.store)
        if first is None:
            return False
        self.signature, self.stored_mode, self.summary = (first.signature, first.stored_mode,
                                                          first.summary)
        try:
            ready = self.ready(first.request_id)
        except Exception:  # whatever it is, the full path reports it properly
            self.signature, self.stored_mode, self.last_state = None, StoredMode(), None
            self.summary = {"personas": {}, "profiles": [], "schedule": []}
            return False
        self.greet(first.browser, first.policy)
        self.send(ready)
        return True

    def after_ready(self) -> None:
        """Start-up work that must not delay `ready`; add it here, one line each, and keep
        it off this thread if it can take more than a millisecond."""
        importlib.import_module("native_host.install.heal").start()  # stale manifest paths

    # ---- what handlers see (context.Context) -------------------------------------------

    @property
    def audit_log(self) -> AuditLog:
        assert self._audit_log is not None, "handlers run once the engine has loaded"
        return self._audit_log

    @property
    def audit_writer(self) -> AuditWriter:
        assert self._audit_writer is not None, "handlers run once the engine has loaded"
        return self._audit_writer

    def now(self) -> datetime:
        return clock.now()

    def profiles(self) -> MergedProfiles:
        self.refresh()
        assert self.merged is not None, "handlers run once the engine has loaded"
        return self.merged

    # ---- hooks ---------------------------------------------------------------------------

    def greet(self, browser: str, policy: dict[str, Any]) -> None:
        self.browser = browser
        self.greeted = True
        self.on_policy(policy)

    def on_policy(self, policy: dict[str, Any]) -> None:
        """The extension's managed storage (enterprise policy), from each `hello`: bundle
        URLs and trusted keys for signed org profiles, applied as soon as sync runs."""
        self.policy = policy
        if self.sync is not None:
            self.sync.set_managed(policy)

    def on_tick(self) -> None:
        """Called on the loop every POLL_SECONDS, after the store was looked at (periodic
        work such as bundle sync's tick goes here; keep it quick)."""
        if self.sync is None:
            self._start_sync()
        else:
            self.sync.tick()  # a changed policy file or personal subscription

    def _start_sync(self) -> None:
        """Signed org bundles (native_host.bundles.syncer), started at the first tick: after `ready`
        and the engine, so neither waits for aiohttp or the network."""
        from native_host.bundles.sink import BundleStore
        from native_host.bundles.syncer import SyncService

        self.sync = SyncService(BundleStore(self.store), on_change=self.push_if_changed)
        self.sync.set_managed(self.policy)
        self.sync.begin()

    # ---- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Cheap while nothing changed: the same object as the last call (StateCache)."""
        return self._state_cache.get(self.stored_mode, self.summary, self.now(),
                                     str(self.store.root), self.sync_state())

    def sync_state(self) -> dict[str, Any] | None:
        """This host's bundle sync status; before it starts, the last one any host saved."""
        if self.sync is not None:
            return self.sync.status()  # type: ignore[no-any-return]
        from native_host.bundles.sink import saved_sync_status

        return saved_sync_status(self.store)

    def ready(self, request_id: Any) -> dict[str, Any]:
        state = self.state()
        self.last_state = state
        return reply("ready", request_id, host_version=__version__, state=state)

    def state_reply(self, request_id: Any) -> dict[str, Any]:
        state = self.state()
        self.last_state = state
        return reply("state", request_id, **state)

    def refresh(self) -> None:
        """Reload what another process changed (cheap when nothing did: two stats)."""
        signature = self.store.signature()
        if signature == self.signature:
            return
        old, self.signature = self.signature, signature
        self.stored_mode = self.store.mode()
        if self._audit_log is not None:
            self._audit_log.keep = self.store.audit_keep()
        if self.merged is None or old is None or old[1] != signature[1]:
            self._load_profiles()

    def _load_profiles(self) -> None:
        from native_host.store.summary import summarise

        merged, entries = self.store.load_merged()
        self.merged, self.entries = merged, entries
        self.summary = summarise(merged, entries)
        # The merged profiles live until the next change: keep the cyclic garbage
        # collector from walking them again and again (a pause on the check path).
        gc.collect()
        gc.freeze()

    def push_if_changed(self) -> None:
        if not self.greeted:
            return
        state = self.state()
        if state is self.last_state:
            return  # nothing was rebuilt: the usual tick
        changed = state != self.last_state
        self.last_state = state  # equal or not, so the next tick stops at `is`
        if changed:
            self.send(push("state_changed", **state))

    # ---- sending -------------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.writer.send(message)
        except (BrokenPipeError, OSError):  # the browser went away
            self._stop()

    def _send_quietly(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            self.writer.send(message)

    # ---- the loop ------------------------------------------------------------------------

    def _serve(self, first: Any) -> int:
        import asyncio

        self._start_logging()
        logger("host").info("started for %s %s (pid %d)", self.caller.family,
                    self.caller.extension or "", os.getpid())
        try:
            return asyncio.run(self._main(first))
        finally:
            if self._audit_writer is not None:
                self._audit_writer.close()

    async def _main(self, first: Any) -> int:
        import asyncio

        self._loop = loop = asyncio.get_running_loop()
        inbox: asyncio.Queue[Any] = asyncio.Queue()
        self._inbox = inbox
        self._engine = loop.create_future()
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()
        frames.start(self.reader, loop, inbox)
        _stop_on_sigterm(loop, self._stop)
        watcher = asyncio.ensure_future(self._watch())
        if first is not None:
            inbox.put_nowait(first)
        code = 0
        while True:
            item = await inbox.get()
            if item is frames.EOF_ITEM:
                break
            if isinstance(item, FrameTooLarge):
                self.send(error_frame(
                    ErrorCode.FRAME_TOO_LARGE,
                    f"a frame of {item.length} bytes is over the {self.reader.limit}-byte limit "
                    "and was skipped; send smaller messages"))
                continue
            if isinstance(item, MissingLengthPrefix):
                self._send_quietly(error_frame(ErrorCode.MISSING_LENGTH_PREFIX, item.message))
                logger("host").warning("input is not framed: %s", item.message)
                break
            if isinstance(item, TruncatedFrame):
                self._send_quietly(error_frame(
                    ErrorCode.TRUNCATED_FRAME,
                    f"the input ended {item.got} bytes into a frame of {item.expected}; the "
                    "host stops"))
                logger("host").warning("input ended inside a frame (%d of %d bytes)", item.got,
                               item.expected)
                break
            await self._dispatch(item)
        watcher.cancel()
        if self.sync is not None:
            await self.sync.stop()
        logger("host").info("input closed; stopping")
        return code

    def _stop(self) -> None:
        if self._loop is not None and not self._stopping:
            self._stopping = True
            self._loop.call_soon_threadsafe(self._inbox.put_nowait, frames.EOF_ITEM)

    def _warm_up(self) -> None:
        """Everything `check` needs, loaded off the loop's thread."""
        error: BaseException | None = None
        try:
            from native_host.paths import make_private
            from native_host.store.audit import AuditLog, AuditWriter

            make_private(self.store.root)  # looser modes left by an older version or by hand
            self.signature = None  # load everything afresh
            self.refresh()
            self._audit_log = AuditLog(self.store.root, self.store.audit_keep())
            self._audit_writer = AuditWriter(self._audit_log, self.audit_interval)
        except BaseException as exc:  # reported to every waiting message
            error = exc
        assert self._loop is not None
        with contextlib.suppress(RuntimeError):  # input ended first: the loop is gone
            self._loop.call_soon_threadsafe(self._engine_done, error)

    def _engine_done(self, error: BaseException | None) -> None:
        assert self._engine is not None
        if error is None:
            self._engine.set_result(None)
        else:
            logger("host").error("could not load the rules and profiles", exc_info=error)
            self._engine.set_exception(error)

    async def _watch(self) -> None:
        import asyncio

        assert self._engine is not None
        await self._engine
        self.push_if_changed()  # the full load may differ from the quick summary
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                self.refresh()
                self.on_tick()
                self.push_if_changed()
            except Exception:
                logger("host").exception("could not reload the store")

    async def _dispatch(self, body: bytes) -> None:
        request_id: Any = None
        kind: Any = None
        try:
            try:
                data = from_bytes(body)
            except BadJSON as error:
                raise ProtocolError(ErrorCode.BAD_JSON, f"the frame is not UTF-8 JSON the "
                                    f"host reads ({error}); send one JSON object per frame, "
                                    "each key once") from None
            if isinstance(data, dict):
                kind = data.get("type")
                if type(data.get("id")) in (str, int):
                    request_id = data["id"]
            assert self._engine is not None
            await self._engine
            message: Any = plain_check_message(data)
            if message is None:
                from native_host.host.messages import parse_incoming

                message = parse_incoming(data)
            reply = await self._handler(message.type)(self, message)
        except ProtocolError as error:
            if error.request_id is None:
                error.request_id = request_id
            reply = error.frame()
        except Exception as error:
            _log_internal_error(error, kind, len(body))
            reply = error_frame(ErrorCode.INTERNAL_ERROR, "the host failed to answer this "
                                f"message; details are in {self.log_path}", request_id)
        if reply is not None:
            self.send(reply)

    def _handler(self, kind: str) -> Handler:
        handler = self._handlers.get(kind)
        if handler is None:
            # protocol.INCOMING: each kind has its module with `async def handle(ctx, message)`
            module = importlib.import_module(f"native_host.host.handlers.{kind}")
            handler = self._handlers[kind] = module.handle
        return handler

    def _start_logging(self) -> None:
        from native_host.host.logs import setup

        self.log_path = setup(self.store.root)


def _log_internal_error(error: BaseException, kind: Any, size: int) -> None:
    """The traceback of a bug, naming the message by its type and length only: a message's
    strings (a draft, the text replied to, a handle) never reach the log, and neither does
    the exception's own text, which may quote them."""
    import traceback

    what = f"a {kind}" if isinstance(kind, str) and kind in INCOMING else "a"
    stack = "".join(traceback.format_tb(error.__traceback__))
    logger("host").error("internal error while answering %s message of %d bytes: %s\n%s",
                         what, size, type(error).__name__, stack.rstrip())


def _stop_on_sigterm(loop: asyncio.AbstractEventLoop, stop: Callable[[], None]) -> None:
    import signal

    # not on Windows, nor outside the main thread
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, stop)


def main(argv: list[str] | None = None, *, audit_interval: float = 0.25) -> int:
    """Run the host; returns only when asked for --version/--help, else exits the process
    once input ends (no need to wait for threads: the audit log is flushed by then)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["--version"], ["-V"]):
        print(f"persona-guard {__version__}")
        return 0
    if argv[:1] in (["--help"], ["-h"]):
        print(USAGE)
        return 0
    frames_in, frames_out = protect_stdio()
    store = Store()
    caller = parse_caller(argv, allowed_ids.load(store.root))  # + `install --extension-id`
    host = Host(FrameReader(frames_in), FrameWriter(frames_out), store, caller,
                audit_interval=audit_interval)
    code = host.run()
    import logging

    logging.shutdown()
    sys.stderr.flush()
    os._exit(code)
