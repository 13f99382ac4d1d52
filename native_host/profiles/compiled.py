"""The merged profiles as plain data (tuples, lists, dicts and strings) and back, so a
store can keep them compiled beside `profiles.json` and a host start or a profile change
costs reading that file, not validating and merging every profile again.

Only profiles that were validated and merged go in; coming back, nothing is validated
again (the models a caller may still ask for are made from the validated values, or, for
a whole profile, from its stored text when first asked for). The automaton is rebuilt:
it is the matcher's one part that cannot be written out. Coming back imports no profile
model (profiles.view): a host on compiled profiles never loads pydantic."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from native_host.profiles.matcher import Automaton, Matcher
from native_host.profiles.view import (
    LoadedProfile,
    MergedProfiles,
    PersonaView,
    SiteAccount,
    Window,
)

if TYPE_CHECKING:
    from native_host.profiles.format import Profile

# Raised whenever the plain form changes shape: an older file is then rebuilt, not read.
FORMAT = 3


def to_plain(merged: MergedProfiles, raw_by_source: dict[str, str],
             renamed: dict[str, str] | None = None) -> dict[str, Any]:
    """`raw_by_source`: each source's profile text, for a model asked for later, by the
    source's name; `renamed`: sources to write under another name (a profile just added
    from a file, which the store names as its entry), applied to every place a source's
    name is kept."""
    renamed = renamed or {}

    def name(source: str | None) -> str | None:
        return None if source is None else renamed.get(source, source)

    source_index = {id(item): n for n, item in enumerate(merged.sources)}
    personas = []
    for view in merged.personas.values():
        rows = view.account_rows
        at = {(row[0], row[1]): n for n, row in enumerate(rows)}
        preferred = {site: at[(account.site, account.handle)]
                     for site, account in view.preferred.items()}
        personas.append((view.id, view.label, view.color, rows, view.keywords,
                         view.audience_rows, name(view.locked_by), preferred))
    matcher = merged.matcher
    return {
        "format": FORMAT,
        "vocabulary": merged.matcher.vocabulary(),
        "personas": personas,
        "schedule": [window.as_json() for window in merged.schedule],
        "site_allow": merged.site_allow,
        "severities": merged.severities,
        "matcher": (matcher.accounts, matcher.audience, matcher.words, matcher.phrases),
        "sources": [((item.profile_id, item.title, item.version, item.locked),
                     name(item.source), item.origin, raw_by_source[renamed.get(item.source,
                                                                               item.source)])
                    for item in merged.sources],
        "severity_set_by": {check: None if item is None else source_index[id(item)]
                            for check, item in merged.severity_set_by.items()},
    }


def from_plain(plain: dict[str, Any], load: Callable[[str, str], Profile],
               automaton: Callable[[list[str]], Automaton | None] = lambda words: None,
               ) -> MergedProfiles:
    """`load(raw, source)` makes a profile's model from its text when first asked for;
    `automaton(vocabulary)` gives the matcher's automaton when already built, else None.
    Raises ValueError (or KeyError, TypeError) for a plain form of another shape."""
    if plain.get("format") != FORMAT:
        raise ValueError("another format")
    personas: dict[str, PersonaView] = {}
    for pid, label, color, rows, keywords, audience, locked_by, preferred in plain["personas"]:
        view = PersonaView(pid, label, color, rows, keywords, audience, locked_by)
        view.preferred = {site: SiteAccount(*rows[n]) for site, n in preferred.items()}
        personas[pid] = view
    accounts, audience_of, words, phrases = plain["matcher"]
    vocabulary = plain["vocabulary"]
    matcher = Matcher(accounts, audience_of, words, phrases)
    matcher.compile(vocabulary, automaton(vocabulary))
    sources = tuple(
        LoadedProfile.deferred(_loader(load, raw, source), tuple(header), source, origin)
        for header, source, origin, raw in plain["sources"])
    return MergedProfiles(
        personas=personas,
        schedule=tuple(_window(w) for w in plain["schedule"]),
        site_allow=plain["site_allow"],
        severities=plain["severities"],
        matcher=matcher,
        sources=sources,
        severity_set_by={check: None if n is None else sources[n]
                         for check, n in plain["severity_set_by"].items()},
    )


def _window(plain: dict[str, Any]) -> Window:
    """A window as it was validated; its time zone is looked up once more, as this
    machine's time zone data may have changed since (a KeyError or ValueError then, and
    the profiles are validated again, with the error that names the window)."""
    from zoneinfo import ZoneInfo

    ZoneInfo(plain["timezone"])
    return Window(plain["persona"], plain["start"], plain["end"], plain["timezone"],
                  tuple(plain["days"]))


def _loader(load: Callable[[str, str], Profile], raw: str, source: str) -> Callable[[], Profile]:
    return lambda: load(raw, source)
