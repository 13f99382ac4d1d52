"""The profile format `persona-guard/profile@1` as pydantic models, and reading one file
into a validated `Profile` with errors that name the file, the JSON path and the fix."""

from __future__ import annotations

import json
import re
import typing
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from native_host.errors import InputError
from native_host.profiles.identity import handle_problem
from native_host.reasons import CHECK_NAMES, Severity
from native_host.sites import SITES, SiteId
from native_host.validation import input_error

SCHEMA_ID = "persona-guard/profile@1"
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = typing.get_args(Day)
PersonaId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Account(_Strict):
    """One account of a persona on one site."""

    site: SiteId = Field(description="the site id: " + ", ".join(SITES))
    handle: str = Field(
        min_length=1,
        description="the account's handle without '@' (Mastodon: user@instance, "
        "Bluesky: a domain such as name.bsky.social)",
    )
    kind: Literal["user", "page"] = Field(
        "user", description="'user' for a person's own account, 'page' for a Facebook Page, "
        "LinkedIn company page or YouTube channel",
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="other names the site shows for this account: a numeric id, a vanity "
        "name or a Page's display name",
    )

    @model_validator(mode="after")
    def _handle_fits_site(self) -> Account:
        problem = handle_problem(self.site, self.handle)
        if problem:
            example = SITES[self.site].example_handle
            raise ValueError(
                f"handle {self.handle!r} {problem} for {SITES[self.site].name}; "
                f"write it like {example!r}"
            )
        return self


class AudienceMember(_Strict):
    """An account of someone in a persona's world (a patron, a client, a colleague)."""

    site: SiteId = Field(description="the site id: " + ", ".join(SITES))
    handle: str = Field(min_length=1, description="the person's handle without '@'")


class Persona(_Strict):
    label: str = Field(min_length=1, description="the name people see, e.g. 'Library'")
    color: str = Field(
        "#5f6368", pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
        description="a colour as #rrggbb, used for the warning and the chip",
    )
    accounts: list[Account] = Field(default_factory=list, description="this persona's accounts")
    keywords: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="words, phrases or #hashtags that tie a text to this persona "
        "(case-insensitive, whole words)",
    )
    audience: list[AudienceMember] = Field(
        default_factory=list, description="accounts of people in this persona's world"
    )


class ScheduleWindow(_Strict):
    persona: PersonaId = Field(description="the persona expected in this window")
    days: list[Day] = Field(
        default_factory=lambda: list(DAYS), min_length=1,
        description="days the window starts on: " + ", ".join(DAYS),
    )
    start: str = Field(description="start time as HH:MM (24-hour clock)")
    end: str = Field(
        description="end time as HH:MM; an end before the start runs past midnight"
    )
    timezone: str = Field(description="an IANA time zone such as America/Chicago")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError(f"{value!r} is not a time of day; write it as HH:MM, e.g. '09:00'")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a time zone; use an IANA name such as 'America/Chicago'"
            ) from None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> ScheduleWindow:
        if self.start == self.end:
            raise ValueError("start and end are the same time, so the window is empty")
        return self


class SiteRule(_Strict):
    allow: list[PersonaId] = Field(description="the only personas that may act on this site")


_CHECK_FIELDS: dict[str, Any] = {  # one optional field per reason's check, from the table
    name: (Severity | None, Field(None, description="off, warn or block"))
    for name in CHECK_NAMES}
Checks = create_model("Checks", __config__=ConfigDict(extra="forbid", frozen=True),
                      **_CHECK_FIELDS)


class Profile(_Strict):
    """A whole profile file."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, title="Persona Guard profile",
        json_schema_extra={"$id": "https://personaguard.org/schema/profile@1.json"},
    )

    schema_: Literal["persona-guard/profile@1"] = Field(
        alias="schema", description="always 'persona-guard/profile@1'"
    )
    json_schema: str | None = Field(
        None, alias="$schema",
        description="optional: where editors find profile.schema.json; ignored otherwise",
    )
    comment: str | None = Field(None, alias="$comment", description="optional notes; ignored")
    id: PersonaId = Field(description="a short id for this profile, e.g. 'tscpl'")
    version: int = Field(1, ge=1, description="a whole number, raised on every change")
    title: str = Field("", description="what this profile is for, shown to people")
    locked: bool = Field(
        False,
        description="true when later profiles may not remove or weaken this profile's "
        "personas, schedule, site rules and severities",
    )
    personas: dict[PersonaId, Persona] = Field(
        default_factory=dict, description="the personas, by id"
    )
    schedule: list[ScheduleWindow] = Field(
        default_factory=list, description="when each persona is expected in auto mode"
    )
    sites: dict[SiteId, SiteRule] = Field(
        default_factory=dict, description="per-site rules, by site id"
    )
    checks: Checks = Field(  # type: ignore[valid-type]
        default_factory=Checks, description="the severity of each check: off, warn or block"
    )


def parse_profile(data: Any, source: str) -> Profile:
    """Validate already-decoded JSON; InputError names `source` and the JSON path."""
    if not isinstance(data, dict):
        raise InputError(source, "a profile must be a JSON object", 'start it with {"schema": '
                         f'"{SCHEMA_ID}", ...}}')
    if data.get("schema") != SCHEMA_ID:
        got = data.get("schema")
        raise InputError(
            source, f"'schema' is {got!r}, not a Persona Guard profile",
            f'set "schema": "{SCHEMA_ID}"', path="schema",
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        raise input_error(error, source, Profile) from None


def load_profile_bytes(raw: bytes, source: str) -> Profile:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(source, "is not UTF-8 text", "save the file as UTF-8") from None
    except json.JSONDecodeError as error:
        raise InputError(
            source, f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            "fix the JSON syntax there (a missing comma or quote is the usual cause)",
        ) from None
    return parse_profile(data, source)


def load_profile_file(path: str | Path) -> Profile:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InputError(
            str(path), f"cannot be read ({error.strerror or error})",
            "check the path and that you may read the file",
        ) from None
    return load_profile_bytes(raw, str(path))
