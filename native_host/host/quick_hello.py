"""The fast path of the first `hello`: read with the standard library only (no pydantic,
no profile models) and answered from the store's summary, so `ready` leaves within
milliseconds of launch. Anything it is not sure of goes to the full path instead."""

from __future__ import annotations

from native_host.jsonio import from_bytes
from native_host.profiles.tuples import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

    from native_host.store.records import StoredMode
    from native_host.store.store import Store


class FirstHello(NamedTuple):
    """A plain first `hello` and what the store's files said at that moment."""

    request_id: str | int
    browser: str
    policy: dict[str, Any]
    signature: tuple[Any, ...]
    stored_mode: StoredMode
    summary: dict[str, Any]


def is_plain_hello(data: object) -> bool:
    """A `hello` that messages.Hello surely accepts, checked without loading pydantic (a
    strict subset of the model; tests/host pins that). Anything else takes the full path."""
    if not isinstance(data, dict):
        return False
    keys = data.keys()
    return (
        {"v", "type", "id", "extension_version", "browser"} <= keys
        and keys <= {"v", "type", "id", "extension_version", "browser", "policy"}
        and type(data["v"]) is int and data["v"] == 1
        and data["type"] == "hello"
        and type(data["id"]) in (str, int)
        and type(data["extension_version"]) is str
        and type(data["browser"]) is str
        and type(data.get("policy", {})) is dict
    )


def read_first_hello(body: bytes, store: Store) -> FirstHello | None:
    """The first frame as a plain `hello` with the store read, or None for the full path
    (another message, a corrupt file the full path moves aside and logs, ...)."""
    try:
        data = from_bytes(body)
        if not is_plain_hello(data):
            return None
        quick = store.quick_read()
    except Exception:  # whatever it is, the full path reports it properly
        return None
    if quick is None:
        return None
    signature, stored_mode, summary = quick
    return FirstHello(data["id"], data["browser"], data.get("policy", {}), signature,
                      stored_mode, summary)
