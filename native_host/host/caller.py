"""Who started the host, from its command line: Chromium passes the extension's origin (and
on Windows --parent-window=N), Firefox the manifest's path and the add-on id; nothing when
run by hand. Only our own extension is served."""

from __future__ import annotations

from native_host.identifiers import ALLOWED_GECKO_IDS, ALLOWED_ORIGINS
from native_host.profiles.tuples import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from native_host.store.allowed_ids import AllowedIds


class Caller(NamedTuple):
    family: str  # chromium, firefox, manual or unknown
    extension: str | None
    allowed: bool


def parse_caller(argv: list[str], allowed: AllowedIds | None = None) -> Caller:
    args = [a for a in argv if not a.startswith("--parent-window=")]
    if not args:
        return Caller("manual", None, True)
    first = args[0]
    if first.startswith("chrome-extension://"):
        origin = first if first.endswith("/") else first + "/"
        origins = allowed.origins if allowed else ALLOWED_ORIGINS
        return Caller("chromium", origin, origin in origins)
    if first.lower().endswith(".json"):
        addon = args[1] if len(args) > 1 else None
        # Firefox passes the add-on id after the manifest's path; without it anyone could
        # pass a path ending in .json and be served
        gecko = allowed.gecko_ids if allowed else ALLOWED_GECKO_IDS
        return Caller("firefox", addon, addon in gecko)
    return Caller("unknown", first, False)
