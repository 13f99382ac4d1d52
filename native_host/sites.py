"""The sites and actions Persona Guard knows, each described once. Adding a site is one row
here (plus its adapter row in the extension)."""

from __future__ import annotations

from enum import Enum
from typing import Literal, NamedTuple

SiteId = Literal[
    "x", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "threads", "reddit", "youtube"
]
ActionId = Literal[
    "post", "reply", "quote", "comment", "repost", "react", "follow", "connect", "message"
]


class HandleStyle(Enum):
    PLAIN = "plain"  # a user name: compared case-insensitively without "@"
    FEDIVERSE = "fediverse"  # user@instance; the instance is part of the handle
    DOMAIN = "domain"  # a domain name such as name.bsky.social


class Site(NamedTuple):
    name: str
    handle_style: HandleStyle
    example_handle: str


SITES: dict[str, Site] = {
    "x": Site("X", HandleStyle.PLAIN, "topekalibrary"),
    "mastodon": Site("Mastodon", HandleStyle.FEDIVERSE, "tscpl@mastodon.social"),
    "bluesky": Site("Bluesky", HandleStyle.DOMAIN, "tscpl.bsky.social"),
    "linkedin": Site("LinkedIn", HandleStyle.PLAIN, "topeka-library"),
    "facebook": Site("Facebook", HandleStyle.PLAIN, "topekalibrary"),
    "instagram": Site("Instagram", HandleStyle.PLAIN, "topekalibrary"),
    "threads": Site("Threads", HandleStyle.PLAIN, "topekalibrary"),
    "reddit": Site("Reddit", HandleStyle.PLAIN, "topekalibrary"),
    "youtube": Site("YouTube", HandleStyle.PLAIN, "topekalibrary"),
}


class Action(NamedTuple):
    doing: str  # "you are <doing> as @x"
    what: str  # "the post you are <what>"


ACTIONS: dict[str, Action] = {
    "post": Action("posting", "posting"),
    "reply": Action("replying", "replying to"),
    "quote": Action("quoting", "quoting"),
    "comment": Action("commenting", "commenting on"),
    "repost": Action("reposting", "reposting"),
    "react": Action("reacting", "reacting to"),
    "follow": Action("following", "following"),
    "connect": Action("connecting", "connecting with"),
    "message": Action("messaging", "messaging"),
}
