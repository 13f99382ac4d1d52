"""`add_account` {site, handle, persona, label?, color?} -> `state`: an account the guard
saw on a page joins a persona in the person's own profile (created when there is none),
so a person sets up by browsing. A persona a locked org profile defines is refused with
`persona_locked`; anything the merge refuses (the account is another persona's, say)
with `invalid_profile`, and nothing is stored."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from native_host.errors import InputError
from native_host.host.protocol import ErrorCode, ProtocolError
from native_host.store.records import PERSONAL
from native_host.store.store import StoreError

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import AddAccount

SOURCE = "your profile"
# Colours for personas made here, each readable with dark or white text (WCAG AA).
PALETTE = ("#0b5cad", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#ef6c00", "#5d4037")


def _own_profile(ctx: Context) -> tuple[dict[str, Any], bool]:
    """The person's own profile as stored (a fresh one when there is none yet)."""
    own = next((e for e in ctx.store.profiles() if e.origin == PERSONAL), None)
    if own is not None:
        try:
            return json.loads(own.raw), True
        except ValueError:
            pass  # the store leaves a broken one out of the merge; start afresh beside it
    return {"schema": "persona-guard/profile@1", "id": "personal", "version": 1,
            "title": "My personas", "personas": {}}, False


def _same(a: str, b: str) -> bool:
    return a.lstrip("@").casefold() == b.lstrip("@").casefold()


def handle(ctx: Context, message: AddAccount) -> dict[str, Any]:
    merged = ctx.profiles()
    handle_ = message.handle.strip().lstrip("@")
    view = merged.personas.get(message.persona)
    if view is not None and view.locked_by:
        raise ProtocolError(
            ErrorCode.PERSONA_LOCKED,
            f"@{handle_} cannot be added to '{view.label}': {view.locked_by} defines that "
            f"persona and locks it; fix: ask that profile's admin to add the account, or add "
            f"it to a persona of your own")
    data, existed = _own_profile(ctx)
    personas = data.setdefault("personas", {})
    entry = personas.get(message.persona)
    if entry is None:
        used = {p.color.lower() for p in merged.personas.values()}
        color = message.color or (view.color if view else next(
            (c for c in PALETTE if c not in used), PALETTE[len(merged.personas) % len(PALETTE)]))
        entry = personas[message.persona] = {
            "label": message.label or (view.label if view else message.persona), "color": color}
    accounts = entry.setdefault("accounts", [])
    if not any(a.get("site") == message.site and _same(str(a.get("handle", "")), handle_)
               for a in accounts):
        accounts.append({"site": message.site, "handle": handle_})
    if existed:
        data["version"] = int(data.get("version", 1)) + 1
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        ctx.store.add_profile(raw, SOURCE)  # the merge rules decide; refused: nothing stored
    except StoreError as error:
        raise ProtocolError(ErrorCode.STORE_ERROR, error.one_line()) from None
    except InputError as error:
        raise ProtocolError(ErrorCode.INVALID_PROFILE,
                            f"@{handle_} was not added: {error.problem} ({error.path or 'profile'})"
                            f"; fix: {error.fix}") from None
    except OSError as error:
        raise ProtocolError(ErrorCode.STORE_ERROR,
                            f"the profile could not be saved in {ctx.store.root} ({error}); "
                            "check that the folder is writable and has free space") from None
    ctx.refresh(wait=True)  # the reply's state shows the account
    return ctx.state_reply(message.id)
