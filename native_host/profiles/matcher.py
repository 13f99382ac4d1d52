"""One compiled index of every persona's accounts, aliases, audience and keywords, built
once per profile load. A text is read once, natively: an Aho–Corasick automaton over every
keyword's words finds each one where it stands, so the cost of a check grows with the
text, not with the number of personas or keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick_rs

from native_host.profiles.identity import normalise_alias, normalise_handle, qualify_mention

if TYPE_CHECKING:
    from collections.abc import Sequence

# Words are runs of \w. Punctuation is not a token, so a phrase such as "topeka & shawnee
# county" matches on its words, whole words only; a hashtag is a word right after a "#".
# The automaton finds each keyword word anywhere in the text; one standing inside a longer
# word ("library" in "libraryland") is dropped by looking at the character on each side.
SCAN_MEMO = 64  # texts whose scan a matcher remembers
# A DFA reads a text about twice as fast as the automaton's other forms, but its tables
# grow with the vocabulary (~6 MB at 10,000 words); past this many characters of keyword
# words the contiguous NFA (~1 MB per 10,000 words) is used instead.
DFA_MAX_CHARS = 200_000
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


class Hit(NamedTuple):
    persona: str
    kind: str  # "handle" or "keyword"
    value: str  # as the profile wrote it: "@topekalibrary", "topeka library"


# (persona, keyword as written), its Hit, the keyword case-folded: made once per word of
# the vocabulary, so a scan allocates nothing per keyword it finds
_Keyed = tuple[tuple[str, str], Hit, str]


Automaton = ahocorasick_rs.BytesAhoCorasick


def build_automaton(vocabulary: list[str]) -> Automaton:
    """The automaton over `vocabulary` (a matcher's). It does not hold the interpreter's
    lock while it builds, so another thread may build it meanwhile."""
    kind = (ahocorasick_rs.Implementation.DFA
            if sum(map(len, vocabulary)) <= DFA_MAX_CHARS  # characters: near enough
            else ahocorasick_rs.Implementation.ContiguousNFA)
    # Standard match kind: every occurrence, overlapping ones too, as a word-by-word
    # reading needs ("cafés" holds "café", which must be seen and then refused)
    return ahocorasick_rs.BytesAhoCorasick(
        [_utf8(word) for word in vocabulary], matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=kind)


def _keyed(persona: str, keyword: str) -> _Keyed:
    pair = (persona, keyword)
    return pair, Hit(persona, "keyword", keyword), keyword.casefold()


class _Found:
    """What one word of the vocabulary stands for: the keywords that are that word, the
    hashtag keywords of it, and the phrases whose longest word it is."""

    __slots__ = ("hashtags", "phrases", "words")

    def __init__(self) -> None:
        self.words: list[_Keyed] = []
        self.hashtags: list[_Keyed] = []
        self.phrases: list[tuple[str, _Keyed]] = []  # (" its words ", the keyword)


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
        # A plain dict, oldest first (not functools.lru_cache over the bound method: that
        # is a reference cycle, so a replaced matcher, with all its accounts, would wait
        # for the cyclic collector, or stay for good once the host has frozen it).
        self._scan_memo: dict[tuple[str, str, str | None], tuple[Hit, ...]] = {}
        self._automaton: Automaton | None = None
        self._patterns: list[str] = []  # the automaton's words, by pattern index
        self._found: list[_Found | None] = []  # what each stands for, once looked up

    # --- building -------------------------------------------------------------------

    def _built(self) -> None:
        self._scan_memo.clear()
        self._automaton = None

    def compile(self, vocabulary: list[str] | None = None,
                automaton: Automaton | None = None) -> None:
        """Build the automaton now (else the first scan does): once, after the last add.
        Only the vocabulary goes in; what each word stands for is looked up the first time
        a text has it (most words of a large vocabulary are never met by a given host).
        `vocabulary`: `self.vocabulary()` as kept from an earlier compile of the same, and
        `automaton`: `build_automaton(vocabulary)`, when already built."""
        if self._automaton is not None:
            return
        patterns = vocabulary if vocabulary is not None else self.vocabulary()
        self._automaton = automaton if automaton is not None else build_automaton(patterns)
        self._patterns = patterns
        self._found = [None] * len(patterns)

    def vocabulary(self) -> list[str]:
        """Every word the automaton looks for, each once."""
        return list(dict.fromkeys(
            [token[1:] if token.startswith("#") else token for token in self.words]
            + list(self.phrases)))

    def _found_for(self, index: int) -> _Found:
        """What the vocabulary's word number `index` stands for (made once)."""
        word = self._patterns[index]
        found = _Found()
        found.words.extend(_keyed(*entry) for entry in self.words.get(word, ()))
        found.hashtags.extend(_keyed(*entry) for entry in self.words.get("#" + word, ()))
        found.phrases.extend((words, _keyed(persona, keyword))
                             for words, persona, keyword in self.phrases.get(word, ()))
        self._found[index] = found
        return found

    def add_account(self, persona: str, site: str, handle: str, kind: str,
                    aliases: list[str], normalised: str | None = None) -> None:
        """`normalised`: the handle as normalise_handle gives it, when already known."""
        entry = (persona, handle, kind)
        self._built()
        if normalised is None:
            normalised = normalise_handle(site, handle)
        self.accounts[(site, normalised)] = entry
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
            found = self.accounts.get(_handle_key(site, handle))
            if found is None:
                found = self.accounts.get(_alias_key(site, handle))
            if found is not None:
                return found
        if display_name:
            return self.accounts.get(_alias_key(site, display_name))
        return None

    def audience_of(self, site: str, handle: str) -> dict[str, str]:
        return self.audience.get(_handle_key(site, handle), {})

    def mentioned(self, handles: Sequence[str], site: str,
                  page_host: str | None) -> tuple[Hit, ...]:
        """The persona accounts among `handles` (the page's mentions list), each once."""
        hits: dict[tuple[str, str], Hit] = {}
        self._add_mentioned(hits, handles, site, page_host)
        return tuple(hits.values())

    def _add_mentioned(self, hits: dict[tuple[str, str], Hit], handles: Sequence[str],
                       site: str, page_host: str | None) -> None:
        for handle in handles:
            found = self.accounts.get(_mention_key(site, handle, page_host))
            if found is not None:
                key, hit = _mention_hit(found)
                hits.setdefault(key, hit)

    def scan(self, text: str, site: str, page_host: str | None) -> tuple[Hit, ...]:
        """Every persona account named with @ and every keyword in `text`, in order of
        first appearance, each once."""
        if not text:
            return ()
        key = (text, site, page_host)
        memo = self._scan_memo
        found = memo.pop(key, None)
        if found is None:
            found = self._scan(text, site, page_host)
            if len(memo) >= SCAN_MEMO:
                del memo[next(iter(memo))]  # the least recently used
        memo[key] = found  # the most recent last
        return found

    def _scan(self, text: str, site: str, page_host: str | None) -> tuple[Hit, ...]:
        hits: dict[tuple[str, str], Hit] = {}
        if "@" in text:
            self._add_mentioned(hits, _mentions(text), site, page_host)
        if self._automaton is None:
            self.compile()
        assert self._automaton is not None
        lowered = text.casefold()
        # The automaton reads the UTF-8 bytes (no offsets in characters to work out); a
        # match starts and ends on whole characters, since a UTF-8 lead byte is never a
        # continuation byte. A word is whole when no word character touches it.
        data = _utf8(lowered)
        size = len(data)
        folded: dict[Hit, str] = {}  # each keyword hit's value, case-folded, for the order
        done: set[int] = set()  # words whose keywords and phrases were looked at
        table = self._found
        for index, start, end in self._automaton.find_matches_as_indexes(
                data, overlapping=True):
            hashed = False  # right after a "#"
            if start > 0:
                byte = data[start - 1]
                if byte < 0x80:
                    if _WORD_BYTE[byte]:
                        continue  # inside a longer word
                    hashed = byte == 0x23
                elif _is_word(_char_before(data, start)):
                    continue
            if end < size:
                byte = data[end]
                if _WORD_BYTE[byte] if byte < 0x80 else _is_word(_char_at(data, end)):
                    continue
            found = table[index] or self._found_for(index)
            if found.hashtags and hashed:
                for pair, hit, fold in found.hashtags:
                    if pair not in hits:
                        hits[pair] = hit
                        folded[hit] = fold
            if index in done:
                continue
            done.add(index)
            for pair, hit, fold in found.words:
                if pair not in hits:
                    hits[pair] = hit
                    folded[hit] = fold
            for words, (pair, hit, fold) in found.phrases:
                if pair not in hits and _has_phrase(lowered, words):
                    hits[pair] = hit
                    folded[hit] = fold
        if len(hits) < 2:
            return tuple(hits.values())

        # report hits in the text's order (found in order of their words; sorted is stable)
        def position(hit: Hit) -> int:
            where = lowered.find(folded.get(hit) or hit.value.casefold())
            return where if where >= 0 else len(lowered)

        return tuple(sorted(hits.values(), key=position))


# The same handles come back check after check (the active account, the person replied to,
# the page's mentions): their normalised lookup keys are remembered, as plain functions of
# their arguments (bounded; the profiles play no part in them).
@lru_cache(maxsize=1024)
def _handle_key(site: str, handle: str) -> tuple[str, str]:
    return (site, normalise_handle(site, handle))


@lru_cache(maxsize=1024)
def _alias_key(site: str, alias: str) -> tuple[str, str]:
    return (site, normalise_alias(alias))


@lru_cache(maxsize=1024)
def _mention_key(site: str, handle: str, page_host: str | None) -> tuple[str, str]:
    return (site, qualify_mention(site, handle, page_host))


@lru_cache(maxsize=1024)
def _mention_hit(account: tuple[str, str, str]) -> tuple[tuple[str, str], Hit]:
    persona, written, _ = account
    return (persona, "@" + written), Hit(persona, "handle", "@" + written)


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


# ASCII bytes that are word characters (\w), by value
_WORD_BYTE = tuple(_is_word(chr(value)) for value in range(128))


def _utf8(text: str) -> bytes:
    # a lone surrogate (valid JSON, "\ud83d") is kept as its three bytes, never a word
    return text.encode("utf-8", "surrogatepass")


def _char_before(data: bytes, at: int) -> str:
    """The character whose UTF-8 ends right before byte `at`."""
    begin = at - 1
    while begin > 0 and 0x80 <= data[begin] < 0xC0:  # continuation bytes
        begin -= 1
    return data[begin:at].decode("utf-8", "surrogatepass")


def _char_at(data: bytes, at: int) -> str:
    """The character whose UTF-8 starts at byte `at` (a lead byte)."""
    lead = data[at]
    length = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return data[at:at + length].decode("utf-8", "surrogatepass")


def _mentions(text: str) -> list[str]:
    # str.find jumps to each "@" far faster than the regex engine's own search for it;
    # the regex then reads the mention there (as finditer would: from a match's end on)
    found: list[str] = []
    at = text.find("@")
    while at >= 0:
        match = _MENTION.match(text, at)
        if match is None:
            at = text.find("@", at + 1)
            continue
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_@"):
            found.append(match.group(1))
        at = text.find("@", match.end())
    return found
