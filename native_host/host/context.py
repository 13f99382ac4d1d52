"""What a handler may use of the connection it answers on: the store and what was loaded
from it, the clock, the caller, the audit log, and how to reply. `host.Host` is the one
implementation; a handler never reaches into it, so each handler reads as what it needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from native_host.host.caller import Caller
    from native_host.host.recent import RecentChecks
    from native_host.profiles.view import MergedProfiles
    from native_host.store.audit import AuditLog, AuditWriter
    from native_host.store.records import StoredMode
    from native_host.store.store import Store


class Context(Protocol):
    @property
    def store(self) -> Store:
        """The shared data folder every host and the CLI write to."""

    @property
    def caller(self) -> Caller:
        """Who started this host (the extension's origin or add-on id)."""

    @property
    def browser(self) -> str | None:
        """The browser's name from its `hello`, None before one."""

    @property
    def session(self) -> str:
        """Keys this connection's checks in the audit log."""

    @property
    def stored_mode(self) -> StoredMode:
        """The mode as stored, read again by `profiles()` when another process changed it."""

    @property
    def recent(self) -> RecentChecks:
        """The verdicts an `outcome` may still name."""

    @property
    def audit_log(self) -> AuditLog: ...

    @property
    def audit_writer(self) -> AuditWriter: ...

    def now(self) -> datetime:
        """The instant schedules and mode ends are judged at (decision.clock)."""

    def refresh(self, wait: bool = False) -> None:
        """Read again what changed in the store since (cheap when nothing did: two stats).
        Changed profiles compile on a thread meanwhile; `wait=True` (after a write of this
        connection's own) compiles them first."""

    def profiles(self) -> MergedProfiles:
        """The merged profiles, reloaded first if another process changed the store."""

    def sync_state(self) -> dict[str, Any] | None:
        """Signed org bundles' sync status, for the state and the options page."""

    def greet(self, browser: str, policy: dict[str, Any]) -> None:
        """A `hello`: who the browser is and its managed policy."""

    def ready(self, request_id: Any) -> dict[str, Any]:
        """The `ready` reply, with the state as of the last `refresh()`."""

    def state_reply(self, request_id: Any) -> dict[str, Any]:
        """The `state` reply, as of the last `refresh()`."""

    def send(self, message: dict[str, Any]) -> None:
        """Send a frame now (a handler that answers before it finishes returns None)."""

    def send_body(self, body: bytes, kind: str, request_id: Any) -> None:
        """Send a message already written as UTF-8 JSON (`kind`: its type)."""


# protocol.INCOMING: each kind has its module in handlers/ with `def handle`, called on the
# frames thread under the host's lock
Handler = Callable[[Context, Any], "dict[str, Any] | None"]
