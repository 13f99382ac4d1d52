"""`get_profile` -> `profile` {profile, errors, org_profiles, locks, catalog, audit_keep,
data_dir}: what the options page edits and shows beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.host.protocol import reply
from native_host.store.personal import read

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import GetProfile


def handle(ctx: Context, message: GetProfile) -> dict[str, Any]:
    found = read(ctx.store, ctx.sync_state())
    return reply("profile", message.id, **found)
