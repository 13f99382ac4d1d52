"""Handle normalisation: the one place that decides when two handles are the same account."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from native_host.sites import SITES, HandleStyle

_SPACES = re.compile(r"\s+")


def normalise_handle(site: str, handle: str) -> str:
    """Case-folded, without a leading "@" or surrounding space. Mastodon keeps its
    `user@instance` form (`@user@instance` -> `user@instance`)."""
    text = handle.strip().lstrip("@")
    folded = text.casefold()
    text = text if folded == text else folded  # the same string when unchanged (kept once)
    if SITES[site].handle_style is HandleStyle.FEDIVERSE and text.startswith("http"):
        # https://mastodon.social/@tscpl -> tscpl@mastodon.social
        parts = urlsplit(text)
        user = parts.path.strip("/").lstrip("@")
        if user and parts.hostname:
            text = f"{user}@{parts.hostname}"
    return text


def normalise_alias(alias: str) -> str:
    """Aliases may be display names ("Topeka & Shawnee County Public Library") or numeric
    ids: compared case-folded with runs of white space folded to one."""
    return _SPACES.sub(" ", alias.strip().lstrip("@")).casefold()


def qualify_mention(site: str, handle: str, page_host: str | None) -> str:
    """A mention as written in a text, made comparable with profile handles. On Mastodon a
    bare `@user` means a user of the instance the page is on."""
    text = normalise_handle(site, handle)
    if SITES[site].handle_style is HandleStyle.FEDIVERSE and "@" not in text and page_host:
        text = f"{text}@{page_host.casefold()}"
    return text


def handle_problem(site: str, handle: str) -> str | None:
    """Why a profile handle cannot be an account on `site`, or None when it can."""
    text = normalise_handle(site, handle)
    if not text:
        return "is empty"
    if _SPACES.search(text):
        return "contains white space"
    style = SITES[site].handle_style
    if style is HandleStyle.FEDIVERSE and text.count("@") != 1:
        return "is not of the form user@instance"
    if style is HandleStyle.DOMAIN and "." not in text:
        return "is not a domain name"
    return None
