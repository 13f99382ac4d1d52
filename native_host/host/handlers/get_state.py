"""`get_state` -> `state`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import GetState


def handle(ctx: Context, message: GetState) -> dict[str, Any]:
    ctx.refresh()
    return ctx.state_reply(message.id)
