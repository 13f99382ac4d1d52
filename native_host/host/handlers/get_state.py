"""`get_state` -> `state`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.host.host import Host
    from native_host.host.messages import GetState


async def handle(host: Host, message: GetState) -> dict[str, Any]:
    host.refresh()
    return host.state_reply(message.id)
