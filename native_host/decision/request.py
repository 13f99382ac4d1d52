"""A check request read by hand, without pydantic: the host's hot path. `plain_check`
accepts only requests that `verdict.CheckRequest` surely accepts, with the same values (a
strict subset of the model; tests/unit/test_plain_check.py pins that on a corpus); anything
else returns None and takes the model's path, which explains what is wrong."""

from __future__ import annotations

from typing import Any, NamedTuple, get_args

from native_host.sites import ActionId, SiteId

# A check looks at this many characters of a draft and of the text replied to (PROTOCOL.md,
# "check"): the words that tell whose conversation it is come early, and a 60 MiB paste
# must not hold the host for seconds. verdict.Text cuts them the same way.
MAX_TEXT_CHARS = 20_000
_SITES = frozenset(get_args(SiteId))
_ACTIONS = frozenset(get_args(ActionId))
_KINDS = frozenset(("user", "page", "unknown"))
_IDENTITY_KEYS = frozenset(("site", "handle", "kind", "display_name"))
_CONTEXT_KEYS = frozenset(("url", "reply_to", "target", "mentions"))
_REPLY_KEYS = frozenset(("handle", "text"))
_REQUEST_KEYS = frozenset(("site", "action", "identity", "context", "draft"))
_MESSAGE_KEYS = _REQUEST_KEYS | {"v", "type", "id"}  # a `check` message's: its envelope too


# NamedTuples: made at every check, and a tuple is made several times faster than a frozen
# dataclass (whose fields are each set through object.__setattr__)
class PlainIdentity(NamedTuple):
    site: str
    handle: str | None = None
    kind: str = "unknown"
    display_name: str | None = None


class PlainReplyTo(NamedTuple):
    handle: str | None = None
    text: str = ""


class PlainTarget(NamedTuple):
    handle: str


class PlainContext(NamedTuple):
    url: str | None = None
    reply_to: PlainReplyTo | None = None
    target: PlainTarget | None = None
    mentions: list[str] | tuple[str, ...] = ()


class PlainDraft(NamedTuple):
    text: str = ""


_NO_CONTEXT, _NO_DRAFT = PlainContext(), PlainDraft()


class PlainCheck(NamedTuple):
    """The fields of `CheckRequest` the rules read, and the message id."""

    id: str | int
    site: str
    action: str
    identity: PlainIdentity | None = None
    context: PlainContext = _NO_CONTEXT
    draft: PlainDraft = _NO_DRAFT
    type: str = "check"  # as messages.Check, for the host's dispatch table


_NOT_SURE = object()  # the model may refuse it: take the model's path
# The checks below are written inline (`type(x) is str`, a tuple made by tuple.__new__): this
# runs at every check, and each Python call it saves is a few percent of reading one.
_new = tuple.__new__
_STR_OR_NONE = (str, type(None))


def _identity(data: object) -> PlainIdentity | object | None:
    """The identity, None for none, _NOT_SURE when not surely valid."""
    if data is None:
        return None
    if type(data) is not dict or not data.keys() <= _IDENTITY_KEYS:
        return _NOT_SURE
    site, handle = data.get("site", ""), data.get("handle")
    kind, name = data.get("kind", "unknown"), data.get("display_name")
    if not (type(site) is str and site in _SITES and type(handle) in _STR_OR_NONE
            and type(kind) is str and kind in _KINDS and type(name) in _STR_OR_NONE):
        return _NOT_SURE
    return _new(PlainIdentity, (site, handle, kind, name))


def _context(data: object) -> PlainContext | None:
    if type(data) is not dict or not data.keys() <= _CONTEXT_KEYS:
        return None
    url, reply, target = data.get("url"), data.get("reply_to"), data.get("target")
    mentions = data.get("mentions", [])
    if type(url) not in _STR_OR_NONE or type(mentions) is not list \
            or (mentions and not all(type(m) is str for m in mentions)):
        return None
    reply_to = None
    if reply is not None:
        if type(reply) is not dict or not reply.keys() <= _REPLY_KEYS:
            return None
        handle, text = reply.get("handle"), reply.get("text", "")
        if type(handle) not in _STR_OR_NONE or type(text) is not str:
            return None
        reply_to = _new(PlainReplyTo, (handle, text[:MAX_TEXT_CHARS]))
    plain_target = None
    if target is not None:
        if type(target) is not dict or target.keys() != {"handle"} \
                or type(target["handle"]) is not str:
            return None
        plain_target = _new(PlainTarget, (target["handle"],))
    return _new(PlainContext, (url, reply_to, plain_target, mentions))


def plain_check(data: dict[str, Any], request_id: str | int,
                message: bool = False) -> PlainCheck | None:
    """`data` as a PlainCheck, or None when not surely valid. `message`: `data` is the
    whole `check` message, v/type/id (read by its reader) and all."""
    if not data.keys() <= (_MESSAGE_KEYS if message else _REQUEST_KEYS):
        return None
    site, action = data.get("site", ""), data.get("action", "")
    if not (type(site) is str and site in _SITES and type(action) is str
            and action in _ACTIONS):
        return None
    identity = _identity(data.get("identity"))
    if identity is _NOT_SURE:
        return None
    context = _context(data["context"]) if "context" in data else _NO_CONTEXT
    if context is None:
        return None
    draft = _NO_DRAFT
    if "draft" in data:
        given = data["draft"]
        if type(given) is not dict or not given.keys() <= {"text"}:
            return None
        text = given.get("text", "")
        if type(text) is not str:
            return None
        draft = _new(PlainDraft, (text[:MAX_TEXT_CHARS],))
    return _new(PlainCheck, (request_id, site, action, identity, context, draft, "check"))
