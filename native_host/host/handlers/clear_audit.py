"""`clear_audit` {confirm: true} -> `ok`: deletes every record of the audit log, after the
person confirmed it in the options page (`confirm` must be true)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import reply

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import ClearAudit


def handle(ctx: Context, message: ClearAudit) -> dict[str, Any]:
    ctx.audit_writer.flush()  # nothing queued survives the clear
    ctx.audit_log.clear()
    return reply("ok", message.id)
