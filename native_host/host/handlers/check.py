"""`check` -> `verdict`. The reply goes out first; what the audit record is written from
is kept for the `outcome` that says what the person did with it."""

from __future__ import annotations

from time import time_ns
from typing import TYPE_CHECKING

from native_host.decision.request import PlainIdentity
from native_host.decision.rules import decided
from native_host.host.protocol import reply_body
from native_host.host.recent import Pending
from native_host.host.state import effective_mode
from native_host.jsonio import to_utf8

if TYPE_CHECKING:
    from native_host.decision.request import PlainCheck
    from native_host.decision.rules import Decided
    from native_host.host.context import Context
    from native_host.host.messages import Check


def handle(ctx: Context, message: Check | PlainCheck) -> None:
    """`message` is read by hand (PlainCheck) when surely valid, else by the model."""
    merged = ctx.profiles()  # a mode switched a moment ago by another process counts
    now = ctx.now()
    mode = effective_mode(ctx.stored_mode, merged.personas, now)
    found = decided(message, merged, mode, now)
    fields = found.fields_json
    if fields is None:  # written once for every check with the same evidence
        fields = found.fields_json = to_utf8(found.verdict)
    ctx.send_body(reply_body("verdict", message.id, fields), "verdict", message.id)
    ctx.recent.remember(pending(ctx, message, found, mode.name))


def pending(ctx: Context, message: Check | PlainCheck, found: Decided, mode: str) -> Pending:
    """What the check's audit record is written from, if an `outcome` names it."""
    who = message.identity
    identity = who if type(who) is PlainIdentity or who is None else (
        who.site, who.handle, who.kind, who.display_name)
    audited = found.audited
    if audited is None:  # the same for every check with the same evidence
        verdict = found.verdict
        audited = found.audited = (
            verdict["active_persona"], verdict["expected_persona"],
            tuple(reason["code"] for reason in verdict["reasons"]), verdict["decision"])
    return Pending(ctx.session, message.id, time_ns(), ctx.browser, message.site,
                   message.action, identity, mode, audited)
