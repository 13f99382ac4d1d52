"""Every message between the extension and the host as a pydantic model (PROTOCOL.md
shows each with an example). Incoming messages form one union discriminated on `type`;
every model forbids unknown fields, so a typo is an error, never silently ignored."""

from __future__ import annotations

import typing
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from native_host.decision.verdict import CheckRequest, Identity, Verdict
from native_host.host.protocol import ErrorCode, ProtocolError
from native_host.jsonio import short
from native_host.sites import SiteId
from native_host.validation import input_error

MAX_IDENTITIES = 1000  # one per open tab is plenty; keeps the reply far under 1 MiB
MessageId = Annotated[str | int, Field(description="chosen by the sender; echoed in the reply")]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    v: Literal[1] = Field(description="the protocol version, always 1")


class _Request(_Message):
    id: MessageId


# ---- from the browser ----------------------------------------------------------------------

class Hello(_Request):
    type: Literal["hello"]
    extension_version: str = Field(description="the extension's version, e.g. '0.1.0'")
    browser: str = Field(description="the browser's name, e.g. 'chromium' or 'firefox'")
    policy: dict[str, Any] = Field(
        default_factory=dict, description="the extension's managed storage ({} if none)")


class Check(_Request, CheckRequest):
    """A check request; its `id` is the `check_id` a later `outcome` names."""

    type: Literal["check"]


class Outcome(_Request):
    type: Literal["outcome"]
    check_id: MessageId
    outcome: Literal["cancelled", "proceeded", "switched"] = Field(
        description="what the person did: cancelled, proceeded or switched")


class SetMode(_Request):
    type: Literal["set_mode"]
    mode: str = Field(min_length=1, description="'auto' or a persona id")
    until: AwareDatetime | None = Field(
        None, description="when a persona mode ends, ISO-8601 with a UTC offset")


class GetState(_Request):
    type: Literal["get_state"]


class AuditRequest(_Request):
    type: Literal["audit"]
    since: AwareDatetime | None = Field(
        None, description="only records at or after this time, ISO-8601 with a UTC offset")
    cursor: str | None = Field(None, description="the next_cursor of the previous page")
    limit: int = Field(100, ge=1, le=1000, description="records per page, 1 to 1000")


class AddAccount(_Request):
    """An account seen on a page, added to a persona of the person's own profile."""

    type: Literal["add_account"]
    site: SiteId = Field(description="the site id the account is on")
    handle: str = Field(min_length=1, max_length=200, description="the handle, with or without '@'")
    persona: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$",
                         description="the persona to add it to; made if no profile has it")
    label: str | None = Field(None, min_length=1, max_length=60,
                              description="a new persona's label (default: the id)")
    color: str | None = Field(None, pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
                              description="a new persona's colour as #rrggbb")


class GetProfile(_Request):
    type: Literal["get_profile"]


class SaveProfile(_Request):
    type: Literal["save_profile"]
    profile: dict[str, Any] = Field(
        description="the person's whole own profile (persona-guard/profile@1)")


class ClearAudit(_Request):
    type: Literal["clear_audit"]
    confirm: Literal[True] = Field(
        description="true, once the person has confirmed that the whole log goes")


class Identify(_Request):
    """Accounts seen on pages (the badge of each tab): which persona is each?"""

    type: Literal["identify"]
    identities: list[Identity] = Field(max_length=MAX_IDENTITIES,
                                       description="as in a check's `identity`, at most 1000")


Incoming = Annotated[Hello | Check | Outcome | SetMode | GetState | AuditRequest | GetProfile
                     | SaveProfile | ClearAudit | AddAccount | Identify,
                     Field(discriminator="type")]


def kind_of(model: type[_Message]) -> str:
    """The `type` a model's messages carry (its `Literal`)."""
    (kind,) = typing.get_args(model.model_fields["type"].annotation)
    return str(kind)


# keyed in the order of protocol.INCOMING (tests/host/test_messages.py holds them equal)
INCOMING_MODELS: dict[str, type[_Request]] = {
    kind_of(model): model for model in typing.get_args(typing.get_args(Incoming)[0])}
_INCOMING = TypeAdapter(Incoming)


# ---- to the browser -----------------------------------------------------------------------
# The host builds replies as plain dicts (fast); these models are the contract the tests
# and the docs check them against, so they are built on first use, not at the host's start.

class _Reply(_Message):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PersonaState(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    label: str
    color: str
    accounts: list[dict[str, Any]]
    locked_by: str | None = None  # the locked profile that defines it: no accounts added here
    accounts_total: int | None = None  # only when `accounts` lists the first ones (summary.py)


class ProfileState(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str
    version: int
    title: str
    locked: bool
    origin: str


class HostInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    version: str
    data_dir: str


class State(BaseModel):
    """What `get_state` answers and `state_changed` pushes (flat), and `ready.state`.
    Later parts add fields (e.g. `sync`): readers must ignore fields they do not know."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    mode: str
    until: datetime | None
    effective_persona: str | None
    personas: dict[str, PersonaState]
    profiles: list[ProfileState]
    host: HostInfo


class Ready(_Reply):
    type: Literal["ready"]
    id: MessageId | None
    host_version: str
    state: State


class VerdictReply(_Reply, Verdict):
    type: Literal["verdict"]
    id: MessageId


class Ok(_Reply):
    type: Literal["ok"]
    id: MessageId


class StateReply(_Reply, State):
    type: Literal["state"]
    id: MessageId


class StateChanged(_Reply, State):
    type: Literal["state_changed"]


class AuditPage(_Reply):
    type: Literal["audit_page"]
    id: MessageId
    items: list[dict[str, Any]]
    next_cursor: str | None
    pending: int = 0


class FieldError(BaseModel):
    """One problem of a profile, on the JSON path of its field ("" for the whole)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    path: str
    message: str
    fix: str


class OrgProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str
    title: str
    version: int
    locked: bool
    added_at: str
    profile: dict[str, Any]
    sync: dict[str, Any] | None = Field(description="its bundle source's sync status, if any")


class ProfileReply(_Reply):
    type: Literal["profile"]
    id: MessageId
    profile: dict[str, Any] | None = Field(description="the person's own, null when none")
    errors: list[FieldError] = Field(description="why the stored one no longer loads")
    org_profiles: list[OrgProfile]
    locks: dict[str, dict[str, dict[str, Any]]] = Field(
        description="checks, sites, personas fixed by locked org profiles, and by which")
    catalog: dict[str, Any] = Field(description="sites, checks, severities, days")
    audit_keep: int = Field(description="how many audit records the log keeps")
    data_dir: str


class Saved(_Reply):
    type: Literal["saved"]
    id: MessageId
    profile: dict[str, Any]


class Error(_Reply):
    type: Literal["error"]
    id: MessageId | None
    code: str
    message: str
    errors: list[FieldError] | None = Field(
        None, description="invalid_profile: every problem, by field")


class Identified(_Reply):
    type: Literal["identified"]
    id: MessageId
    personas: list[str | None] = Field(
        description="the persona of each identity, in their order; null for none")


# keyed in the order of protocol.OUTGOING
OUTGOING_MODELS: dict[str, type[_Message]] = {kind_of(model): model for model in (
    Ready, VerdictReply, Ok, StateReply, StateChanged, AuditPage, Error, ProfileReply, Saved,
    Identified)}


def parse_incoming(data: object) -> _Request:
    """A decoded frame as its message model, or ProtocolError with a stable code and a
    sentence naming the field, what is wrong and the fix."""
    if not isinstance(data, dict):
        raise ProtocolError(ErrorCode.BAD_MESSAGE, f"a message must be a JSON object, not "
                            f"{_json_kind(data)}; send {{\"v\": 1, \"type\": ..., \"id\": ...}}")
    request_id = data.get("id") if isinstance(data.get("id"), str | int) else None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in INCOMING_MODELS:
        known = ", ".join(INCOMING_MODELS)
        if kind is None:
            what = "has no 'type'"
        elif isinstance(kind, str):
            what = f"has the unknown type {short(kind)}"
        else:
            what = f"has a 'type' that is {_json_kind(kind)}, not a string"
        raise ProtocolError(ErrorCode.UNKNOWN_TYPE, f"the message {what}; use one of: {known}",
                            request_id)
    if data.get("v") != 1:
        raise ProtocolError(ErrorCode.UNSUPPORTED_VERSION,
                            f"the {kind} message has protocol version {short(data.get('v'))}; this "
                            "host speaks version 1: send \"v\": 1 (or update the host)",
                            request_id)
    try:
        return _INCOMING.validate_python(data)  # type: ignore[no-any-return]
    except ValidationError:
        model = INCOMING_MODELS[kind]
        try:  # the same check again on the one model, for an error without the union's tag
            model.model_validate(data)
        except ValidationError as error:
            raise ProtocolError(ErrorCode.BAD_MESSAGE,
                                input_error(error, f"{kind} message", model).one_line(),
                                request_id) from None
        raise


def _json_kind(data: object) -> str:
    return {list: "an array", str: "a string", type(None): "null", bool: "a boolean",
            dict: "an object"}.get(type(data), "a number")
