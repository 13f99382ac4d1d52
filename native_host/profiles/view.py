"""The merged profiles as the rules read them (`MergedProfiles`, its `PersonaView`s, the
`LoadedProfile`s they came from), as plain data: no pydantic. A host reading the compiled
profiles (profiles.compiled) never loads the profile models; the validating path
(profiles.merge) fills the same classes. A model is made only when a caller asks for one
(`LoadedProfile.profile`, `PersonaView.accounts`): the CLI, the tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from native_host.profiles.tuples import NamedTuple
from native_host.profiles.window import Window

if TYPE_CHECKING:
    from native_host.profiles.format import Account, AudienceMember, Profile
    from native_host.profiles.matcher import Matcher
    from native_host.reasons import Severity

__all__ = ["AccountRow", "AudienceRow", "LoadedProfile", "MergedProfiles", "PersonaView",
           "SiteAccount", "Window", "account_model"]


class LoadedProfile:
    """A validated profile and the file (or store entry) it came from, for error messages;
    `origin` is "org" or "personal" where the store knows, None from files.

    What is shown of it (the summary, a block's hint) is read from `profile_id`, `title`,
    `version` and `locked`: a profile brought back from the compiled form (compiled.py)
    makes its model only when something asks for `profile`."""

    __slots__ = ("_load", "_profile", "locked", "origin", "profile_id", "source", "title",
                 "version")

    def __init__(self, profile: Profile, source: str, origin: str | None = None) -> None:
        self._profile: Profile | None = profile
        self._load: Callable[[], Profile] | None = None
        self.source, self.origin = source, origin
        self.profile_id, self.title = profile.id, profile.title
        self.version, self.locked = profile.version, profile.locked

    @classmethod
    def deferred(cls, load: Callable[[], Profile], header: tuple[str, str, int, bool],
                 source: str, origin: str | None) -> LoadedProfile:
        """A profile known to be valid, whose model `load` makes when first asked for."""
        made = cls.__new__(cls)
        made._profile, made._load = None, load
        made.source, made.origin = source, origin
        made.profile_id, made.title, made.version, made.locked = header
        return made

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            assert self._load is not None
            self._profile, self._load = self._load(), None
        return self._profile

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedProfile):
            return NotImplemented
        return (self.source, self.origin, self.profile) == (other.source, other.origin,
                                                              other.profile)

    def __hash__(self) -> int:
        return hash((self.source, self.origin, self.profile_id))

    def __repr__(self) -> str:
        return f"LoadedProfile(id={self.profile_id!r}, source={self.source!r})"


# An account as plain data: (site, handle as written, kind, aliases); an audience member
# (site, handle). The merged view keeps these, and makes the models only when asked.
AccountRow = tuple[str, str, str, tuple[str, ...]]
AudienceRow = tuple[str, str]


class SiteAccount(NamedTuple):
    """A persona's account on a site, as the rules read it (`account_on`)."""

    site: str
    handle: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass
class PersonaView:
    id: str
    label: str
    color: str
    account_rows: list[AccountRow] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    audience_rows: list[AudienceRow] = field(default_factory=list)
    locked_by: str | None = None  # the source of the first locked profile defining it
    # what is already merged, by normalised key, so a merge stays linear in profile size
    _seen: set[tuple[str, ...]] = field(default_factory=set, repr=False)
    # the account to suggest on each site: the first user account, else the first page
    preferred: dict[str, SiteAccount] = field(default_factory=dict, repr=False)
    _models: dict[str, list[Any]] = field(default_factory=dict, repr=False, compare=False)

    def first_time(self, *key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def add_account(self, account: Account) -> None:
        row = (account.site, account.handle, account.kind, tuple(account.aliases))
        self.account_rows.append(row)
        self._models.pop("accounts", None)
        current = self.preferred.get(account.site)
        if current is None or (current.kind != "user" and account.kind == "user"):
            self.preferred[account.site] = SiteAccount(*row)

    def add_audience(self, member: AudienceMember) -> None:
        self.audience_rows.append((member.site, member.handle))
        self._models.pop("audience", None)

    @property
    def accounts(self) -> list[Account]:
        """The accounts as models (made once, from rows that were validated)."""
        made = self._models.get("accounts")
        if made is None:
            made = self._models["accounts"] = [account_model(row) for row in self.account_rows]
        return made

    @property
    def audience(self) -> list[AudienceMember]:
        made = self._models.get("audience")
        if made is None:
            from native_host.profiles.format import AudienceMember

            made = self._models["audience"] = [
                AudienceMember.model_construct(site=site, handle=handle)
                for site, handle in self.audience_rows]
        return made

    def accounts_json(self) -> list[dict[str, Any]]:
        """The accounts as `Account.model_dump(mode="json", exclude_defaults=True)` writes
        them, without making the models."""
        out = []
        for site, handle, kind, aliases in self.account_rows:
            item: dict[str, Any] = {"site": site, "handle": handle}
            if kind != "user":
                item["kind"] = kind
            if aliases:
                item["aliases"] = list(aliases)
            out.append(item)
        return out

    def account_on(self, site: str) -> SiteAccount | None:
        """This persona's account on `site`, its own account before a page."""
        return self.preferred.get(site)


def account_model(row: AccountRow) -> Account:
    """A validated account's row as its model again (no second validation)."""
    from native_host.profiles.format import Account

    site, handle, kind, aliases = row
    return Account.model_construct(site=site, handle=handle, kind=kind, aliases=list(aliases))


@dataclass
class MergedProfiles:
    personas: dict[str, PersonaView]
    schedule: tuple[Window, ...]  # precedence order: first match wins
    site_allow: dict[str, tuple[str, ...]]
    severities: dict[str, Severity]
    matcher: Matcher
    sources: tuple[LoadedProfile, ...]
    # check -> the profile whose setting is in force (None: nobody named it, the default)
    severity_set_by: dict[str, LoadedProfile | None] = field(default_factory=dict)
    # the reasons' sentences written with these profiles (decision.rules keeps them)
    sentences: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False,
                                                     repr=False)
    # the verdicts written with these profiles, by their evidence (decision.rules.decided)
    verdicts: dict[tuple[object, ...], Any] = field(default_factory=dict, compare=False,
                                                    repr=False)

    @cached_property
    def persona_rank(self) -> dict[str, int]:
        """Each persona's place in profile order."""
        return {persona: rank for rank, persona in enumerate(self.personas)}

    def label(self, persona: str | None) -> str:
        if persona is None:
            return "no persona"
        view = self.personas.get(persona)
        return view.label if view else persona
