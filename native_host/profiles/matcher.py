"""One compiled index of every persona's accounts, aliases, audience and keywords, built
once per profile load. A text is read once, in C: an Aho–Corasick automaton over every
keyword's words finds each one where it stands, so the cost of a check grows with the
text, not with the number of personas or keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from native_host.profiles.identity import normalise_alias, normalise_handle, qualify_mention

# Words are runs of \w. Punctuation is not a token, so a phrase such as "topeka & shawnee
# county" matches on its words, whole words only; a hashtag is a word right after a "#".
# The automaton finds each keyword word anywhere in the text; one standing inside a longer
# word ("library" in "libraryland") is dropped by looking at the character on each side.
SCAN_MEMO = 64  # texts whose scan a matcher remembers
_TOKEN = re.compile(r"\w+")
_HASHTAG = re.compile(r"#\w+")
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


class _Found:
    """What one word of the vocabulary stands for: the keywords that are that word, the
    hashtag keywords of it, and the phrases whose longest word it is."""

    __slots__ = ("hashtags", "length", "phrases", "words")

    def __init__(self, length: int) -> None:
        self.length = length  # of the word
        self.words: list[tuple[str, str]] = []  # (persona, keyword as written)
        self.hashtags: list[tuple[str, str]] = []
        self.phrases: list[tuple[str, str, str]] = []  # (" its words ", persona, keyword)


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
        self._automaton: ahocorasick.Automaton | None = None

    # --- building -------------------------------------------------------------------

    def _built(self) -> None:
        self._scan_memo.cache_clear()
        self._automaton = None

    def compile(self) -> None:
        """Build the automaton now (else the first scan does): once, after the last add."""
        if self._automaton is not None:
            return
        found: dict[str, _Found] = {}

        def at(word: str) -> _Found:
            entry = found.get(word)
            if entry is None:
                entry = found[word] = _Found(len(word))
            return entry

        for token, entries in self.words.items():
            if token.startswith("#"):
                at(token[1:]).hashtags.extend(entries)
            else:
                at(token).words.extend(entries)
        for token, phrases in self.phrases.items():
            at(token).phrases.extend(phrases)
        automaton = ahocorasick.Automaton()
        for word, entry in found.items():
            automaton.add_word(word, entry)
        automaton.make_automaton()
        self._automaton = automaton

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
        if self._automaton is None:
            self.compile()
        assert self._automaton is not None
        lowered = text.casefold()
        last = len(lowered) - 1
        done: set[int] = set()  # words whose keywords and phrases were looked at
        # With no keyword at all the automaton stays empty, and an empty one cannot iter.
        matches = self._automaton.iter(lowered) if len(self._automaton) else ()
        for end, found in matches:
            start = end - found.length + 1
            if start > 0:
                before = lowered[start - 1]
                if before.isalnum() or before == "_":
                    continue  # inside a longer word
            else:
                before = ""
            if end < last:
                after = lowered[end + 1]
                if after.isalnum() or after == "_":
                    continue
            if found.hashtags and before == "#":
                for persona, keyword in found.hashtags:
                    hits.setdefault((persona, keyword), Hit(persona, "keyword", keyword))
            if id(found) in done:
                continue
            done.add(id(found))
            for persona, keyword in found.words:
                hits.setdefault((persona, keyword), Hit(persona, "keyword", keyword))
            for words, persona, keyword in found.phrases:
                if (persona, keyword) not in hits and _has_phrase(lowered, words):
                    hits[(persona, keyword)] = Hit(persona, "keyword", keyword)
        if len(hits) < 2:
            return tuple(hits.values())
        # report hits in the text's order (found in order of their words; sorted is stable)
        return tuple(sorted(hits.values(), key=lambda hit: _position(lowered, hit.value)))


def _has_phrase(lowered: str, words: str) -> bool:
    """Whether `lowered` has the words of " topeka library " in a row, as whole words."""
    pattern, at = _phrase(words), 0
    while (found := pattern.search(lowered, at)) is not None:
        start = found.start()
        if start == 0 or not _is_word(lowered[start - 1]):
            return True
        at = start + 1
    return False


@lru_cache(maxsize=4096)  # compiled when a phrase's longest word is first met
def _phrase(words: str) -> re.Pattern[str]:
    # it starts with the first word itself, so the regex engine skips ahead to each one (a
    # leading \b or look-behind would try every position): the start is checked by hand
    return re.compile(r"\W+".join(re.escape(word) for word in words.split()) + r"(?!\w)")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w is


def _mentions(text: str) -> list[str]:
    if "@" not in text:
        return []
    return [m.group(1) for m in _MENTION.finditer(text)
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_@")]


def _position(lowered: str, value: str) -> int:
    where = lowered.find(value.casefold())
    return where if where >= 0 else len(lowered)
