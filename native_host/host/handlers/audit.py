"""`audit` {since?, cursor?, limit} -> `audit_page` {items, next_cursor, pending}, newest
first, each page under the 1 MiB frame limit. `pending` counts records acknowledged but not
yet in the log (the disk refuses them): the page says so rather than waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import ErrorCode, ProtocolError, reply
from native_host.store.audit import BadCursor

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import AuditRequest


def handle(ctx: Context, message: AuditRequest) -> dict[str, Any]:
    ctx.audit_writer.flush()  # include this connection's last checks
    try:
        page = ctx.audit_log.page(message.limit, message.cursor, message.since)
    except BadCursor:
        raise ProtocolError(ErrorCode.BAD_CURSOR,
                            f"cursor {message.cursor!r} is not a next_cursor this host gave; "
                            "leave it out to start from the newest record") from None
    return reply("audit_page", message.id, items=page.items, next_cursor=page.next_cursor,
                 pending=ctx.audit_writer.pending)
