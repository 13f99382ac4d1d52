"""`identify` {identities} -> `identified` {personas}: the persona each account seen on a
page belongs to (null for none), found as a `check` finds its `active_persona`. The
extension's badge shows this answer; it never matches handles itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import reply

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import Identify


def handle(ctx: Context, message: Identify) -> dict[str, Any]:
    matcher = ctx.profiles().matcher
    personas: list[str | None] = []
    for identity in message.identities:
        found = (matcher.account(identity.site, identity.handle, identity.display_name)
                 if identity.handle or identity.display_name else None)
        personas.append(found[0] if found else None)
    return reply("identified", message.id, personas=personas)
