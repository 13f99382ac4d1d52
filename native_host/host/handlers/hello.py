"""`hello` -> `ready` {host_version, state}. The first hello is usually answered before
the loop starts (host.Host._answer_hello_quickly); this one answers any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.host.host import Host
    from native_host.host.messages import Hello


async def handle(host: Host, message: Hello) -> dict[str, Any]:
    host.refresh()
    host.on_hello(message.browser, message.policy)
    return host.ready(message.id)
