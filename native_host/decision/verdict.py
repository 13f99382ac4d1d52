"""What a check asks and what it answers: the request the extension (or the CLI) sends
and the verdict the rules return. Shared by the CLI, the host and the tests."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from native_host.decision.request import MAX_TEXT_CHARS
from native_host.sites import ActionId, SiteId

Decision = Literal["allow", "warn", "block"]

# A check looks at MAX_TEXT_CHARS characters of a draft and of the text replied to
# (PROTOCOL.md, "check"; defined with the hand-read request, which cuts them the same way).
Text = Annotated[str, AfterValidator(lambda text: text[:MAX_TEXT_CHARS])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Identity(_Strict):
    """Who the page says is active. `handle` is None when the adapter could not tell."""

    site: SiteId
    handle: str | None = None
    kind: Literal["user", "page", "unknown"] = "unknown"
    display_name: str | None = None


class ReplyTo(_Strict):
    handle: str | None = None
    text: Text = ""


class Target(_Strict):
    handle: str


class Context(_Strict):
    url: str | None = None
    reply_to: ReplyTo | None = None
    target: Target | None = None
    mentions: list[str] = Field(default_factory=list)


class Draft(_Strict):
    text: Text = ""


class CheckRequest(_Strict):
    site: SiteId
    action: ActionId
    identity: Identity | None = None
    context: Context = Field(default_factory=Context)
    draft: Draft = Field(default_factory=Draft)


class Evidence(_Strict):
    """What fired: `kind` is handle, keyword, audience, rule or mode; `where` the request
    field it was found in (reply_to.text, draft.text, mentions, target.handle, ...)."""

    kind: Literal["handle", "keyword", "audience", "rule", "mode", "identity"]
    value: str
    where: str


class Reason(_Strict):
    code: str
    persona: str | None
    evidence: list[Evidence]
    message: str
    severity: Literal["warn", "block"]


class Suggestion(_Strict):
    """The expected persona's account on this site: the one to switch to."""

    persona: str
    site: SiteId
    handle: str
    kind: Literal["user", "page"]


class Verdict(_Strict):
    decision: Decision
    active_persona: str | None
    expected_persona: str | None
    reasons: list[Reason]
    suggestion: Suggestion | None
    block_hint: str | None = None  # under a block: whose profile set it, and what to do
