"""The messages a browser sends all day read by hand, without pydantic.

`plain_message` reads `check`, `outcome`, `identify`, `get_state` and `hello` when their
model in messages.py surely accepts them, with the same values (a strict subset: an exact
`v`, a `str`/`int` id, no unknown key; tests/host/test_plain_messages.py pins it on a
corpus); anything else returns None and takes the model's path, which explains what is
wrong. The plain messages carry the attributes the handlers read, `type` included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

# imported once here, not in each reader: an import statement costs at every message
from native_host.decision.request import PlainIdentity, plain_check
from native_host.decision.request import _identity as plain_identity

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_IDENTITIES = 1000  # as messages.MAX_IDENTITIES
OUTCOMES = frozenset(("cancelled", "proceeded", "switched"))


class PlainOutcome(NamedTuple):
    id: str | int
    check_id: str | int
    outcome: str
    type: str = "outcome"


class PlainGetState(NamedTuple):
    id: str | int
    type: str = "get_state"


class PlainHello(NamedTuple):
    id: str | int
    extension_version: str
    browser: str
    policy: dict[str, Any]
    type: str = "hello"


class PlainIdentify(NamedTuple):
    id: str | int
    identities: list[PlainIdentity]
    type: str = "identify"


def _id(value: object) -> bool:
    return type(value) in (str, int)


def _check(data: dict[str, Any], request_id: str | int) -> Any:
    return plain_check(data, request_id, message=True)


def _outcome(data: dict[str, Any], request_id: str | int) -> PlainOutcome | None:
    if data.keys() != {"v", "type", "id", "check_id", "outcome"}:
        return None
    check_id, outcome = data["check_id"], data["outcome"]
    if not (_id(check_id) and type(outcome) is str and outcome in OUTCOMES):
        return None
    return PlainOutcome(request_id, check_id, outcome)


def _get_state(data: dict[str, Any], request_id: str | int) -> PlainGetState | None:
    return PlainGetState(request_id) if len(data) == 3 else None


def _hello(data: dict[str, Any], request_id: str | int) -> PlainHello | None:
    from native_host.host.quick_hello import is_plain_hello

    if not is_plain_hello(data):
        return None
    return PlainHello(request_id, data["extension_version"], data["browser"],
                      data.get("policy", {}))


def _identify(data: dict[str, Any], request_id: str | int) -> PlainIdentify | None:
    # the check's own identity reader: the same rules as verdict.Identity, pinned there
    identities = data.get("identities")
    if data.keys() != {"v", "type", "id", "identities"} or type(identities) is not list \
            or len(identities) > MAX_IDENTITIES:
        return None
    read = [plain_identity(item) for item in identities]
    if not all(isinstance(item, PlainIdentity) for item in read):
        return None  # null or not surely valid: the model says which
    return PlainIdentify(request_id, read)  # type: ignore[arg-type]


# one reader per kind read by hand; other kinds always take the model's path
READERS: dict[str, Callable[[dict[str, Any], str | int], Any]] = {
    "check": _check, "outcome": _outcome, "get_state": _get_state, "hello": _hello,
    "identify": _identify}


def plain_message(data: object) -> Any:
    """`data` as a plain message when its model surely accepts it, else None."""
    if type(data) is not dict or type(kind := data.get("type")) is not str:
        return None
    read = READERS.get(kind)
    request_id = data.get("id")
    if read is None or type(data.get("v")) is not int or data["v"] != 1 \
            or not _id(request_id):
        return None
    return read(data, request_id)  # type: ignore[arg-type]
