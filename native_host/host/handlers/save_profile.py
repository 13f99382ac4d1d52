"""`save_profile` {profile} -> `saved` {profile}, or `error` `invalid_profile` with
`errors` [{path, message, fix}], one per field; then nothing is stored and the last good
profile stays in force. Other browsers hear of a save by `state_changed`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import ErrorCode, ProtocolError, error_frame, reply
from native_host.store.personal import ProfileRejected, save
from native_host.store.store import StoreError

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import SaveProfile


def handle(ctx: Context, message: SaveProfile) -> dict[str, Any]:
    try:
        stored = save(ctx.store, message.profile)
    except ProfileRejected as rejected:
        count = len(rejected.errors)
        first = rejected.errors[0]
        where = f"{first.path}: " if first.path else ""
        summary = (f"your profile was not saved: {where}{first.message}"
                   + (f" (and {count - 1} more)" if count > 1 else ""))
        return {**error_frame(ErrorCode.INVALID_PROFILE, summary, message.id),
                "errors": [e._asdict() for e in rejected.errors]}
    except StoreError as error:
        raise ProtocolError(ErrorCode.STORE_ERROR, "your profile could not be saved: "
                            + error.one_line()) from None
    ctx.refresh(wait=True)  # this connection's next check uses it at once
    return reply("saved", message.id, profile=stored)
