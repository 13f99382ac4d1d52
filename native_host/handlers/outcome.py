"""`outcome` {check_id, outcome} -> `ok`: completes that check's audit record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.protocol import ErrorCode, ProtocolError

if TYPE_CHECKING:
    from native_host.host import Host
    from native_host.messages import Outcome


async def handle(host: Host, message: Outcome) -> dict[str, Any]:
    key = host.check_key(message.check_id)
    if key is None:
        raise ProtocolError(ErrorCode.UNKNOWN_CHECK,
                            f"check_id {message.check_id!r} names no check this host answered "
                            "on this connection; send the id of the check's verdict")
    if host.audit_writer is not None:
        host.audit_writer.outcome(key, message.outcome)
    return {"v": 1, "type": "ok", "id": message.id}
