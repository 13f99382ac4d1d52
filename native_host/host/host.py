"""The native messaging host: the process a browser starts, speaking the messages of
PROTOCOL.md over stdin/stdout and sharing the store with every other host and the CLI.

Start sequence (`Host.run`), in the order a browser waits for it:
1. keep private duplicates of stdin/stdout for frames (protocol.protect_stdio);
2. refuse a caller that is not our extension;
3. answer the first `hello` from the store's summary with the standard library only, so
   `ready` leaves within milliseconds of launch (quick_hello);
4. `after_ready()`: start-up work that must not delay `ready`;
5. three threads, the main one waiting for the end (input closed, SIGTERM, the browser
   gone), then flushing the audit log:
   - `frames` reads each frame and answers it on the spot: no hop to another thread, and
     the messages sent all day (check, outcome, identify, get_state, hello) read by hand
     without pydantic (reader.plain_message); the others are validated by their model in
     messages.py, loaded on first use. Each kind of `protocol.INCOMING` goes to its module
     in `native_host.host.handlers`, a plain function that sees this host only as a
     `context.Context`;
   - `warm-up` loads the rules, the merged profiles and the audit log meanwhile (a
     message waits for that only if it comes first);
   - `store-watcher` looks at the store every POLL_SECONDS and pushes `state_changed`
     when another process changed it.
   One lock (`Host.lock`) holds the host's state: one message or one watcher tick at a
   time. Profiles another process changed are compiled on a thread of their own and
   swapped in whole; checks meanwhile get the previous ones, while a changed mode counts
   at once (two stats before each check). Bundle sync and its asyncio loop start only
   when there is a source to sync (sync_loop), so most hosts never import asyncio,
   aiohttp or the message models.
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
from native_host.host.caller import Caller, parse_caller
from native_host.host.memory import limit_malloc_arenas, release_free_memory
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
from native_host.jsonio import BadJSON, from_bytes, quick_from_bytes, to_utf8
from native_host.store import allowed_ids
from native_host.store.loggers import logger
from native_host.store.records import StoredMode
from native_host.store.store import Store

if TYPE_CHECKING:
    from native_host.host.context import Handler
    from native_host.host.sync_loop import SyncGate, SyncThread
    from native_host.profiles.view import MergedProfiles
    from native_host.store.audit import AuditLog, AuditWriter
    from native_host.store.changes import FolderChanges
    from native_host.store.records import ProfileEntry

    Built = tuple[MergedProfiles, list[ProfileEntry], dict[str, Any]]

POLL_SECONDS = 0.1  # how often the store is looked at for other processes' changes
COMPILING_SWITCH_SECONDS = 0.0005  # the GIL's switch interval while profiles compile

USAGE = """usage: python -m native_host [ORIGIN [--parent-window=N] | MANIFEST ADDON_ID]

The Persona Guard native messaging host. Browsers start it and speak to it over
stdin/stdout (see PROTOCOL.md); run by hand, pipe framed requests into it, e.g.
  cat debug/session.bin | python -m native_host | python debug/frames.py decode
"""


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
        self._changes: FolderChanges | None = None  # from the warm-up on: stat only then
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
        self._read_plain: Callable[[object], Any] | None = None  # host.reader.plain_message
        self._read_json: Callable[[bytes], Any] = from_bytes  # orjson's, from the warm-up on
        # The host's state is read and changed under this lock only: by the frames thread
        # answering a message, the store watcher's tick, a compile swapping profiles in.
        self.lock = threading.RLock()
        self._loaded = threading.Event()  # the first load finished (or failed)
        self._load_error: BaseException | None = None
        self._done = threading.Event()  # input ended, SIGTERM, or the browser went away
        self._wake = threading.Event()  # the watcher looks at once
        self._stopping = False
        # Profile generations: each change another process made is one more `_wanted`;
        # `_installed` is the one `merged` holds; a compile thread runs while they differ.
        self._wanted = 0
        self._installed = 0
        self._compiling = False
        self.log_path: Any = None
        self.sync: SyncThread | None = None  # only once there is something to sync
        self._sync_gate: SyncGate | None = None  # from the first tick on
        self._sync_decided = False  # the gate has looked: no saved status is shown any more

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
        first = self.reader.read_item()
        if first is None:
            return 0
        left: bytes | FrameTooLarge | TruncatedFrame | None = first
        if isinstance(first, bytes) and self._answer_hello_quickly(first):
            left = None  # answered: nothing left of it for the frames thread
        limit_malloc_arenas()  # before the first thread; after `ready`, which waits on ctypes
        self.after_ready()
        return self._serve(left)

    def _answer_hello_quickly(self, body: bytes) -> bool:
        """True when `ready` went out; False leaves the frame to the full path."""
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
        elif self._sync_gate is not None:
            self._start_sync_if_wanted()  # a policy naming a bundle: sync starts now

    def on_tick(self) -> None:
        """Called by the store watcher every POLL_SECONDS, after the store was looked at
        (periodic work such as bundle sync's tick goes here; keep it quick)."""
        if self.sync is None:
            self._start_sync_if_wanted()
        else:
            self.sync.tick()  # a changed policy file or personal subscription

    def _start_sync_if_wanted(self) -> None:
        """Signed org bundles (native_host.bundles.syncer), started once a source names
        one: after `ready` and the engine, so neither waits for asyncio or the network."""
        from native_host.host.sync_loop import SyncGate, SyncThread

        if self._sync_gate is None:
            self._sync_gate = SyncGate(self.store)
        wanted = self._sync_gate.wanted(self.policy)
        self._sync_decided = True
        if wanted:
            self.sync = SyncThread(self.store, self.policy, self._wake.set)

    # ---- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Cheap while nothing changed: the same object as the last call (StateCache)."""
        return self._state_cache.get(self.stored_mode, self.summary, self.now(),
                                     str(self.store.root), self.sync_state())

    def sync_state(self) -> dict[str, Any] | None:
        """This host's bundle sync status; before it looked, the last one any host saved."""
        if self.sync is not None:
            return self.sync.status()
        if self._sync_decided:
            return None  # nothing to sync, as a running SyncService says it
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

    def refresh(self, wait: bool = False) -> None:
        """Reload what another process changed (cheap when nothing did: two stats). A new
        mode counts at once. New profiles are compiled on a thread and swapped in whole
        when ready, the previous ones answering meanwhile; `wait` compiles them here
        first (after this connection's own write, which its reply shows)."""
        changes = self._changes
        if changes is None or changes.maybe():  # the folder's watch: no stat for nothing
            signature = self.store.signature()
            if signature != self.signature:
                old, self.signature = self.signature, signature
                self.stored_mode = self.store.mode()
                if self._audit_log is not None:
                    self._audit_log.keep = self.store.audit_keep()
                if old is None or old[1] != signature[1]:
                    self._wanted += 1
        if self._installed >= self._wanted:
            return
        if wait:
            generation = self._wanted
            self._install(self._build(), generation)
        elif not self._compiling:
            self._compiling = True
            threading.Thread(target=self._compile, name="compile", daemon=True).start()

    def _build(self) -> Built:
        from native_host.store.summary import summarise

        merged, entries = self.store.load_merged()
        return merged, entries, summarise(merged, entries)

    def _install(self, built: Built, generation: int) -> None:
        """Swap in profiles built for `generation` (under the lock), unless newer ones
        are in already."""
        if generation <= self._installed:
            return
        self.merged, self.entries, self.summary = built
        self._installed = generation
        # The merged profiles live until the next change: keep the cyclic garbage
        # collector from walking them again and again (a pause on the check path).
        gc.freeze()

    def _compile(self) -> None:
        """The compile thread: builds the newest profiles off the lock, until none is
        newer than the ones in force. Meanwhile the frames thread asks for the GIL more
        often than Python's 5 ms default lets it: each check needs it back several times
        (after each read and write), and would wait for the compile each time."""
        previous = sys.getswitchinterval()
        sys.setswitchinterval(COMPILING_SWITCH_SECONDS)
        try:
            self._compile_newest()
        finally:
            sys.setswitchinterval(previous)

    def _compile_newest(self) -> None:
        while True:
            with self.lock:
                generation = self._wanted
                if generation <= self._installed:
                    self._compiling = False
                    return
            try:
                built = self._build()
            except Exception:
                logger("host").exception("could not reload the profiles; the previous ones "
                                         "stay in force")
                with self.lock:  # tried again at the next change
                    self._installed = max(self._installed, generation)
                continue
            gc.collect()  # the build's garbage, before its result is frozen
            with self.lock:
                self._install(built, generation)
            release_free_memory()
            self._wake.set()  # the watcher pushes the new state at once

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
        self.send_body(to_utf8(message), message["type"], message.get("id"))

    def send_body(self, body: bytes, kind: str, request_id: Any) -> None:
        try:
            self.writer.send_body(body, kind, request_id)
        except (BrokenPipeError, OSError):  # the browser went away
            self._stop()

    def _send_quietly(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            self.writer.send(message)

    # ---- the threads ---------------------------------------------------------------------

    def _serve(self, first: bytes | FrameTooLarge | TruncatedFrame | None) -> int:
        self._start_logging()
        logger("host").info("started for %s %s (pid %d)", self.caller.family,
                    self.caller.extension or "", os.getpid())
        try:
            threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()
            _stop_on_sigterm(self._stop)
            threading.Thread(target=self._answer_frames, args=(first,), name="frames",
                             daemon=True).start()
            threading.Thread(target=self._watch, name="store-watcher", daemon=True).start()
            self._done.wait()
            with self.lock:  # a message being answered is answered first
                self._stopping = True
            if self.sync is not None:
                with contextlib.suppress(Exception):
                    self.sync.stop()
            logger("host").info("input closed; stopping")
            return 0
        finally:
            if self._audit_writer is not None:
                self._audit_writer.close()

    def _stop(self) -> None:
        self._done.set()
        self._wake.set()

    def _answer_frames(self, first: bytes | FrameTooLarge | TruncatedFrame | None) -> None:
        """The frames thread: read a frame, answer it, until the input ends; `first` is
        the frame read before the threads started (None: it was answered already)."""
        try:
            item = self.reader.read_item() if first is None else first
            while item is not None and self._answer(item):
                item = self.reader.read_item()
        finally:
            self._stop()

    def _answer(self, item: bytes | FrameTooLarge | TruncatedFrame) -> bool:
        """Answer one item read; False when reading stops."""
        if isinstance(item, FrameTooLarge):
            self.send(error_frame(
                ErrorCode.FRAME_TOO_LARGE,
                f"a frame of {item.length} bytes is over the {self.reader.limit}-byte limit "
                "and was skipped; send smaller messages"))
            return True
        if isinstance(item, MissingLengthPrefix):
            self._send_quietly(error_frame(ErrorCode.MISSING_LENGTH_PREFIX, item.message))
            logger("host").warning("input is not framed: %s", item.message)
            return False
        if isinstance(item, TruncatedFrame):
            self._send_quietly(error_frame(
                ErrorCode.TRUNCATED_FRAME,
                f"the input ended {item.got} bytes into a frame of {item.expected}; the "
                "host stops"))
            logger("host").warning("input ended inside a frame (%d of %d bytes)", item.got,
                                   item.expected)
            return False
        if not self._loaded.is_set():
            self._loaded.wait()  # off the lock: the warm-up takes it to swap its load in
        with self.lock:
            if self._stopping:
                return False
            self._dispatch(item)
        return True

    def _warm_up(self) -> None:
        """Everything `check` needs, loaded off the frames thread."""
        try:
            from native_host.paths import make_private
            from native_host.store.audit import AuditLog, AuditWriter
            from native_host.store.changes import FolderChanges

            read_json = quick_from_bytes()
            make_private(self.store.root)  # looser modes left by an older version or by hand
            # Watched before the signature is taken: a change after it is in the watch.
            changes = FolderChanges(str(self.store.root))
            signature = self.store.signature()  # before reading: a change meanwhile counts
            stored_mode = self.store.mode()
            built = self._build()
            audit_log = AuditLog(self.store.root, self.store.audit_keep())
            audit_writer = AuditWriter(audit_log, self.audit_interval)
            gc.collect()
            with self.lock:
                self.signature, self.stored_mode, self._changes = signature, stored_mode, changes
                self._read_json = read_json
                self._wanted += 1
                self._install(built, self._wanted)
                self._audit_log, self._audit_writer = audit_log, audit_writer
            release_free_memory()
        except BaseException as error:  # reported to every message
            logger("host").error("could not load the rules and profiles", exc_info=error)
            self._load_error = error
        finally:
            self._loaded.set()

    def _watch(self) -> None:
        """The store watcher: another process's changes, pushed as `state_changed`."""
        self._loaded.wait()
        if self._load_error is not None:
            return
        with self.lock:
            self.push_if_changed()  # the full load may differ from the quick summary
        while not self._done.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            with self.lock:
                if self._stopping:
                    return
                try:
                    self.refresh()
                    self.on_tick()
                    self.push_if_changed()
                except Exception:
                    logger("host").exception("could not reload the store")

    def _dispatch(self, body: bytes) -> None:
        request_id: Any = None
        kind: Any = None
        try:
            try:
                data = self._read_json(body)
            except BadJSON as error:
                raise ProtocolError(ErrorCode.BAD_JSON, f"the frame is not UTF-8 JSON the "
                                    f"host reads ({error}); send one JSON object per frame, "
                                    "each key once") from None
            if isinstance(data, dict):
                kind = data.get("type")
                if type(data.get("id")) in (str, int):
                    request_id = data["id"]
            if self._load_error is not None:
                raise RuntimeError("the rules and profiles did not load") from self._load_error
            message: Any = self._plain_message(data)
            if message is None:
                from native_host.host.messages import parse_incoming

                message = parse_incoming(data)
            reply = self._handler(message.type)(self, message)
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

    def _plain_message(self, data: object) -> Any:
        read = self._read_plain
        if read is None:  # after `ready`: off the start path
            from native_host.host.reader import plain_message

            read = self._read_plain = plain_message
        return read(data)

    def _handler(self, kind: str) -> Handler:
        handler = self._handlers.get(kind)
        if handler is None:
            # protocol.INCOMING: each kind has its module with `def handle(ctx, message)`
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


def _stop_on_sigterm(stop: Callable[[], None]) -> None:
    """SIGTERM stops the host as the end of input does; the main thread, waiting for the
    end, runs the handler."""
    import signal

    with contextlib.suppress(ValueError, OSError, AttributeError):  # not the main thread
        signal.signal(signal.SIGTERM, lambda _signum, _frame: stop())


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
