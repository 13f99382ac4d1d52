"""`set_mode` {mode, until?} -> `state`. Written to the shared store, so every other
browser gets `state_changed`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from native_host.decision.mode import AUTO
from native_host.errors import InputError
from native_host.host.protocol import ErrorCode, ProtocolError
from native_host.store.store import StoreError

if TYPE_CHECKING:
    from native_host.host.context import Context
    from native_host.host.messages import SetMode


def handle(ctx: Context, message: SetMode) -> dict[str, Any]:
    merged = ctx.profiles()
    persona = None if message.mode == AUTO else message.mode
    known = ", ".join([AUTO, *merged.personas])
    if persona is not None and persona not in merged.personas:
        raise ProtocolError(ErrorCode.UNKNOWN_PERSONA,
                            f"'{persona}' is not a persona of the stored profiles; use one of: "
                            f"{known}")
    if message.until is not None and message.until <= ctx.now():
        raise ProtocolError(ErrorCode.BAD_MESSAGE,
                            f"set_mode message: until: {message.until.isoformat()} is in the "
                            "past; fix: send a later time, or no until")
    try:
        # under the host's lock (handlers run there): the watcher cannot push this change
        # as someone else's before the reply
        ctx.store.set_mode(persona, message.until if persona else None,
                            ctx.browser or "browser")
    except StoreError as error:
        raise ProtocolError(ErrorCode.STORE_ERROR,
                            f"the mode could not be saved in {ctx.store.root}: "
                            + error.one_line()) from None
    except InputError as error:  # another process removed the persona meanwhile
        raise ProtocolError(ErrorCode.UNKNOWN_PERSONA, error.one_line()) from None
    except OSError as error:
        raise ProtocolError(ErrorCode.STORE_ERROR,
                            f"the mode could not be saved in {ctx.store.root} ({error}); "
                            "check that the folder is writable and has free space") from None
    ctx.refresh()
    return ctx.state_reply(message.id)
