"""`check` -> `verdict`. The reply goes out first; the audit record is kept for the
`outcome` that says what the person did with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.decision.rules import verdict_json
from native_host.host.protocol import reply
from native_host.host.state import effective_mode
from native_host.store.audit import now_iso

if TYPE_CHECKING:
    from native_host.decision.request import PlainCheck
    from native_host.host.context import Context
    from native_host.host.messages import Check


def handle(ctx: Context, message: Check | PlainCheck) -> None:
    """`message` is read by hand (PlainCheck) when surely valid, else by the model."""
    merged = ctx.profiles()  # a mode switched a moment ago by another process counts
    now = ctx.now()
    mode = effective_mode(ctx.stored_mode, merged.personas, now)
    verdict = verdict_json(message, merged, mode, now)
    ctx.send(reply("verdict", message.id, **verdict))
    ctx.recent.remember(message.id, audit_record(ctx, message, verdict, mode.name))


def audit_record(ctx: Context, message: Check | PlainCheck, verdict: dict[str, Any],
                 mode: str) -> dict[str, Any]:
    """What the audit log keeps of a check: never the draft nor the text replied to."""
    who = message.identity
    identity = None if who is None else {
        "site": who.site, "handle": who.handle, "kind": who.kind,
        "display_name": who.display_name}  # as Identity.model_dump(mode="json")
    return {
        "key": f"{ctx.session}:{message.id}",
        "check_id": message.id,
        "time": now_iso(),
        "browser": ctx.browser,
        "site": message.site,
        "action": message.action,
        "identity": identity,
        "mode": mode,
        "active_persona": verdict["active_persona"],
        "expected_persona": verdict["expected_persona"],
        "reasons": [reason["code"] for reason in verdict["reasons"]],
        "decision": verdict["decision"],
        "outcome": None,
        "outcome_at": None,
    }
