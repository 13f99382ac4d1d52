"""`outcome` {check_id, outcome} -> `ok`: writes that check's audit record with what the
person did. Each outcome is a record of its own: cancelling, then posting after all, is
two records of the same check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import ErrorCode, ProtocolError, reply
from native_host.store.audit import now_iso

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import Outcome


def handle(ctx: Context, message: Outcome) -> dict[str, Any]:
    record = ctx.recent.get(message.check_id)
    if record is None:
        raise ProtocolError(ErrorCode.UNKNOWN_CHECK,
                            f"check_id {message.check_id!r} names no check this host answered "
                            "on this connection; send the id of the check's verdict")
    ctx.audit_writer.record({**record, "outcome": message.outcome, "outcome_at": now_iso()})
    return reply("ok", message.id)
