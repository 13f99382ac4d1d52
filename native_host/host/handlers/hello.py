"""`hello` -> `ready` {host_version, state}. The first hello is usually answered before
the loop starts (host.Host, by quick_hello); this one answers any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import Hello


def handle(ctx: Context, message: Hello) -> dict[str, Any]:
    ctx.refresh()
    ctx.greet(message.browser, message.policy)
    return ctx.ready(message.id)
