"""The matcher finds keywords with one Aho–Corasick pass over the text. What it must find is
defined word by word: the text's words are its runs of \\w (case-folded); a one-word
keyword matches one of them, a hashtag keyword the word right after a "#", a phrase its
words in a row. This reference reads it that way, slowly, and the matcher must agree with
it on every text, ASCII or not."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from native_host.profiles.matcher import Matcher

KEYWORDS = {
    "library": ["topeka library", "tscpl", "#readtopeka", "library card", "Café Noir",
                "naïve reader", "ebooks", "summer reading club"],
    "personal": ["tscpl", "reading", "#tscpl", "club", "the library", "straße"],
}
PIECES = ["topeka", "library", "Library", "tscpl", "TSCPL", "readtopeka", "card", "cards",
          "café", "Café", "noir", "naïve", "reader", "ebooks", "summer", "reading", "club",
          "the", "straße", "STRASSE", "x", "_", "#", "##", "@", "-", ",", ".", " ", "  ", "\n",
          "\t", "&", "🎉", "é", "\x1c", "1", "ǅ", "\ud83d", "\udfff"]  # lone surrogates: valid JSON


def reference(text: str, keywords: dict[str, list[str]]) -> set[tuple[str, str]]:
    lowered = text.casefold()
    words = re.findall(r"\w+", lowered)
    hashtags = set(re.findall(r"#\w+", lowered))
    joined = f" {' '.join(words)} "
    found = set()
    for persona, listed in keywords.items():
        for keyword in listed:
            key = keyword.strip().casefold()
            if re.fullmatch(r"#\w+", key):
                hit = key in hashtags
            else:
                own = re.findall(r"\w+", key)
                hit = (own[0] in words) if len(own) == 1 else f" {' '.join(own)} " in joined
            if hit:
                found.add((persona, keyword))
    return found


def matcher() -> Matcher:
    built = Matcher()
    for persona, listed in KEYWORDS.items():
        for keyword in listed:
            built.add_keyword(persona, keyword)
    return built


MATCHER = matcher()
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_the_matcher_finds_what_the_word_by_word_reading_finds(text: str) -> None:
    hits = MATCHER._scan(text, "x", None)
    assert {(hit.persona, hit.value) for hit in hits} == reference(text, KEYWORDS), text
    assert len(hits) == len(set(hits))  # each once


def test_hits_come_in_the_order_the_text_names_them() -> None:
    text = "Try #readtopeka at the Topeka Library, or ask TSCPL about the library club"
    assert [(hit.persona, hit.value) for hit in MATCHER._scan(text, "x", None)] == [
        ("library", "#readtopeka"), ("library", "topeka library"), ("library", "tscpl"),
        ("personal", "tscpl"), ("personal", "the library"), ("personal", "club")]


def test_a_word_inside_a_longer_word_or_a_phrase_cut_by_a_word_is_not_found() -> None:
    for text in ("tscplonline", "xtscpl", "topeka_library", "topeka big library",
                 "readtopeka without hash", "a#readtopekas"):
        assert MATCHER._scan(text, "x", None) == (), text


def test_personas_without_keywords_still_have_their_mentions_found() -> None:
    """No persona lists a keyword (a profile of accounts only): reading a reply's text
    finds the handles it mentions, and no keyword, instead of failing the check."""
    built = Matcher()
    built.add_account("library", "x", "topekalibrary", "user", [])
    hits = built.scan("Does @topekalibrary have ebooks for kids?", "x", "x.com")
    assert [(hit.persona, hit.kind) for hit in hits] == [("library", "handle")]
