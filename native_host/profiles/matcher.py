"""One compiled index of every persona's accounts, aliases, audience and keywords, built
once per profile load. A text is tokenised once; each token is looked up in dictionaries,
so the cost of a check grows with the text, not with the number of personas or keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from native_host.profiles.identity import normalise_alias, normalise_handle, qualify_mention

# Words. Punctuation is not a token, so a phrase such as "topeka & shawnee county" matches
# on its words, whole words only. Hashtags are found separately, only when a "#" is there.
SCAN_MEMO = 64  # texts whose scan a matcher remembers
_TOKEN = re.compile(r"\w+")
_HASHTAG = re.compile(r"#\w+")
# For ASCII text (most posts) the same words come much faster from one bytes.translate
# (every ASCII non-word character to a space: a table lookup per byte in C, about twice
# as fast as str.translate) and split().
_ASCII_NON_WORD = bytes.maketrans(bytes(range(128)), bytes(
    c if chr(c).isalnum() or chr(c) == "_" or chr(c).isspace() else ord(" ")
    for c in range(128)))


def _words(lowered: str) -> list[str]:
    if lowered.isascii():
        return lowered.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    return _TOKEN.findall(lowered)
# @user, @user@instance, @name.bsky.social. It starts with a literal "@" so the regex
# engine can skip ahead to each "@"; "not inside a word" is checked by hand (a leading
# look-behind makes the scan many times slower).
_MENTION = re.compile(r"@(\w[\w.\-]*(?:@[\w\-]+(?:\.[\w\-]+)+)?)")


def _keyword_tokens(keyword: str) -> tuple[str, ...]:
    """A one-word hashtag keyword keeps its "#" (it matches only the hashtag); any other
    keyword is its words (a plain word also matches its hashtag, "tscpl" ~ "#tscpl")."""
    lowered = keyword.strip().casefold()
    if _HASHTAG.fullmatch(lowered):
        return (lowered,)
    return tuple(_TOKEN.findall(lowered))


@dataclass(frozen=True)
class Hit:
    persona: str
    kind: str  # "handle" or "keyword"
    value: str  # as the profile wrote it: "@topekalibrary", "topeka library"


@dataclass
class Matcher:
    # (site, normalised handle or alias) -> (persona, account handle as written, kind)
    accounts: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    # (site, normalised handle) -> {persona: handle as written}
    audience: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    # single-token keyword -> [(persona, keyword as written)]
    words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # the longest word of a phrase -> [(" its words ", persona, keyword as written)]; the
    # longest word is the rarest in practice, so common words ("the", "summer") make no
    # phrase a candidate, and a candidate is confirmed by one substring test
    phrases: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # While a person types a reply, the text replied to is checked again at every
        # pause: remember the last scans (bounded; the matcher is rebuilt with the profiles).
        self._scan_memo = lru_cache(maxsize=SCAN_MEMO)(self._scan)

    # --- building -------------------------------------------------------------------

    def _built(self) -> None:
        self._scan_memo.cache_clear()

    def add_account(self, persona: str, site: str, handle: str, kind: str,
                    aliases: list[str]) -> None:
        entry = (persona, handle, kind)
        self._built()
        self.accounts[(site, normalise_handle(site, handle))] = entry
        for alias in aliases:
            self.accounts.setdefault((site, normalise_alias(alias)), entry)

    def add_audience(self, persona: str, site: str, handle: str) -> None:
        self._built()
        self.audience.setdefault((site, normalise_handle(site, handle)), {})[persona] = handle

    def add_keyword(self, persona: str, keyword: str) -> None:
        self._built()
        tokens = _keyword_tokens(keyword)
        if not tokens:
            return
        if len(tokens) == 1:
            self.words.setdefault(tokens[0], []).append((persona, keyword))
        else:
            key = max(tokens, key=len)
            self.phrases.setdefault(key, []).append((f" {' '.join(tokens)} ", persona, keyword))

    # --- looking up -----------------------------------------------------------------

    def account(self, site: str, handle: str | None,
                display_name: str | None = None) -> tuple[str, str, str] | None:
        """(persona, handle, kind) of the account, by handle, alias or display name."""
        if handle:
            found = self.accounts.get((site, normalise_handle(site, handle)))
            if found is None:
                found = self.accounts.get((site, normalise_alias(handle)))
            if found is not None:
                return found
        if display_name:
            return self.accounts.get((site, normalise_alias(display_name)))
        return None

    def audience_of(self, site: str, handle: str) -> dict[str, str]:
        return self.audience.get((site, normalise_handle(site, handle)), {})

    def mentioned(self, handles: list[str], site: str,
                  page_host: str | None) -> tuple[Hit, ...]:
        """The persona accounts among `handles` (the page's mentions list), each once."""
        hits: dict[tuple[str, str], Hit] = {}
        self._add_mentioned(hits, handles, site, page_host)
        return tuple(hits.values())

    def _add_mentioned(self, hits: dict[tuple[str, str], Hit], handles: list[str], site: str,
                       page_host: str | None) -> None:
        for handle in handles:
            found = self.accounts.get((site, qualify_mention(site, handle, page_host)))
            if found is not None:
                persona, written, _ = found
                hits.setdefault((persona, "@" + written), Hit(persona, "handle", "@" + written))

    def scan(self, text: str, site: str, page_host: str | None) -> tuple[Hit, ...]:
        """Every persona account named with @ and every keyword in `text`, in order of
        first appearance, each once."""
        if not text:
            return ()
        return self._scan_memo(text, site, page_host)

    def _scan(self, text: str, site: str, page_host: str | None) -> tuple[Hit, ...]:
        hits: dict[tuple[str, str], Hit] = {}
        self._add_mentioned(hits, _mentions(text), site, page_host)
        lowered = text.casefold()
        tokens = _words(lowered)
        present = set(tokens)
        if "#" in lowered:
            present.update(_HASHTAG.findall(lowered))
        for word in self.words.keys() & present:
            for persona, keyword in self.words[word]:
                hits.setdefault((persona, keyword), Hit(persona, "keyword", keyword))
        candidates = self.phrases.keys() & present
        if candidates:
            # the words with single spaces: a phrase matches on whole, consecutive words
            joined = f" {' '.join(tokens)} "
            for word in candidates:
                for spaced, persona, keyword in self.phrases[word]:
                    if (persona, keyword) not in hits and spaced in joined:
                        hits[(persona, keyword)] = Hit(persona, "keyword", keyword)
        if len(hits) < 2:
            return tuple(hits.values())
        # set iteration order varies between runs: report hits in the text's order
        return tuple(sorted(hits.values(), key=lambda hit: _position(lowered, hit.value)))


def _mentions(text: str) -> list[str]:
    if "@" not in text:
        return []
    return [m.group(1) for m in _MENTION.finditer(text)
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_@")]


def _position(lowered: str, value: str) -> int:
    where = lowered.find(value.casefold())
    return where if where >= 0 else len(lowered)
