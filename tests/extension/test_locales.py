"""Every locale has the same message keys and placeholders as English, and every message
the extension names (t("x"), getMessage("x"), __MSG_x__, data-i18n="x", and the
t("prefix_" + ...) families) exists in every locale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

EXTENSION = REPO / "extension"
LOCALES = sorted(p.parent.name for p in (EXTENSION / "_locales").glob("*/messages.json"))
# The words that build a key at run time, each with every suffix it may take.
FAMILIES = {
    "doing_": ["post", "reply", "quote", "comment", "repost", "react", "follow", "connect",
               "message"],
    "verb_": ["post", "reply", "quote", "comment", "repost", "react", "follow", "connect",
              "message"],
    "site_": ["x", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "threads",
              "reddit", "youtube"],
}
NAMED = re.compile(
    r"""\bt\(\s*"([A-Za-z0-9_]+)"\s*[,)]|getMessage\(\s*"([A-Za-z0-9_]+)"|__MSG_([A-Za-z0-9_]+)__"""
    r"""|data-i18n(?:-label)?="([A-Za-z0-9_]+)"|\bt\(\s*(?:index \? )?"([A-Za-z0-9_]+)\"""")


def messages(locale: str) -> dict[str, dict]:
    return json.loads((EXTENSION / "_locales" / locale / "messages.json").read_text("utf-8"))


def named_keys() -> dict[str, set[Path]]:
    """Message keys named in the extension's sources, with the files naming them."""
    found: dict[str, set[Path]] = {}
    for path in EXTENSION.rglob("*"):
        if path.suffix not in (".js", ".html", ".json") or "_locales" in path.parts:
            continue
        text = path.read_text("utf-8")
        for match in NAMED.finditer(text):
            key = next(g for g in match.groups() if g)
            if not key.endswith("_"):  # a family's prefix: its members are added below
                found.setdefault(key, set()).add(path)
        for family, suffixes in FAMILIES.items():
            if f'"{family}" +' in text:
                for suffix in suffixes:
                    found.setdefault(family + suffix, set()).add(path)
    return found


def test_there_is_a_second_complete_locale() -> None:
    assert "en" in LOCALES and len(LOCALES) >= 2


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en"])
def test_locale_has_the_same_keys_and_placeholders_as_english(locale: str) -> None:
    english, other = messages("en"), messages(locale)
    assert sorted(other) == sorted(english), set(other) ^ set(english)
    for key, entry in english.items():
        wanted = sorted(entry.get("placeholders", {}))
        assert sorted(other[key].get("placeholders", {})) == wanted, key
        used = set(re.findall(r"\$([A-Z_]+)\$", other[key]["message"]))
        assert {u.lower() for u in used} <= set(entry.get("placeholders", {})), key
        assert other[key]["message"].strip(), f"{locale}: {key} is empty"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_the_extension_names_exists(locale: str) -> None:
    known = set(messages(locale))
    missing = {key: sorted(str(p.relative_to(EXTENSION)) for p in paths)
               for key, paths in named_keys().items() if key not in known}
    assert missing == {}


def test_the_scanner_sees_the_messages_it_should() -> None:
    keys = named_keys()
    for key in ("chipPostingAs", "extensionName", "popupTab", "welcomeTitle", "verb_post",
                "site_mastodon", "chipNewLabel"):
        assert key in keys, key
