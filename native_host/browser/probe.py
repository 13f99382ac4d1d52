"""What the extension's content script detects on a saved page served at a real URL: the
same detection the guard uses when a person posts."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from native_host.browser.session import BrowserSession, launch
from native_host.errors import InputError

IDENTITY_FIELDS = ("site", "handle", "kind", "display_name")


def supported(session: BrowserSession) -> list[str]:
    """The URL patterns the built extension's content script runs on."""
    manifest = json.loads((session.extension_dir / "manifest.json").read_text("utf-8"))
    return sorted({m for entry in manifest["content_scripts"] for m in entry["matches"]})


def probe_page(html_path: Path, url: str, timeout: float = 10.0) -> dict[str, Any]:
    """{"site", "identity", "action_controls", "context"} for `html_path` served at `url`."""
    html = read_page(html_path)
    origin = _https_origin(url)
    # Any https host may be a site that runs anywhere (a Mastodon instance): the probe
    # guards it as "Guard this site" would, and the page's own markers decide.
    with launch(with_host=False, grant=(origin,) if origin else ()) as session:
        patterns = supported(session)
        unknown = InputError("--url", f"{url} is on no site Persona Guard knows, and the page "
                             "has no marker of a site that runs on any host (Mastodon)",
                             "use an address on one of: " + ", ".join(patterns))
        built_in = any(fnmatchcase(url, p) for p in patterns)
        if not built_in:
            if not origin:
                raise unknown
            session.background("(o) => PersonaGuardBackground.sites.guard(o)", origin)
        session.serve(url, html)
        try:
            page = session.open(url)
            found = session.wait_for_content(page, timeout if built_in else 3.0)
        except Exception as error:  # no content script answered: not a page we know
            if built_in:
                raise
            raise unknown from error
    identity = {k: found["identity"].get(k) for k in IDENTITY_FIELDS}
    # Which signal named the identity: the source kind and, where the site says, its name
    # ("state (CurrentUserInitialData)").
    source, signal = found["identity"].get("source"), found["identity"].get("signal")
    return {"site": found["site"], "identity": identity,
            "action_controls": found["action_controls"], "context": found["context"],
            "identity_source": f"{source} ({signal})" if source and signal else source,
            "action": found.get("action")}


def _https_origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"https://{parts.netloc}" if parts.scheme == "https" and parts.hostname else None


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_page(path: Path) -> str:
    """The saved page as text: UTF-8, or the charset its <meta> declares."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error})",
                         "check the path to the saved page") from None
    declared = _CHARSET.search(raw[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return raw.decode(encoding)
    except LookupError:
        raise InputError(str(path), f"declares the charset {encoding!r}, which is unknown",
                         "save the page again as UTF-8") from None
    except UnicodeDecodeError as error:
        raise InputError(str(path), f"is not {encoding} text (byte 0x{raw[error.start]:02x} "
                         f"at offset {error.start})",
                         "save the page as UTF-8 (e.g. iconv -f latin1 -t utf-8 PAGE.html), "
                         "or declare its charset in a <meta charset> tag") from None


def describe(result: dict[str, Any]) -> str:
    identity = result["identity"]
    # A Page or company may be named only by its name (matched against account aliases).
    who = (f"@{identity['handle']}" if identity["handle"]
           else f"“{identity['display_name']}”" if identity["display_name"] else "not detected")
    lines = [f"site:      {result['site']}",
             f"identity:  {who} ({identity['kind']}"
             + (f", {identity['display_name']}" if identity["display_name"] else "")
             + (f"; from {result['identity_source']}" if result.get("identity_source") else "")
             + ")"]
    if result.get("action"):
        lines.append(f"action:    {result['action']} (what the composer would send)")
    reply = result["context"].get("reply_to")
    if reply:
        lines.append(f"reply to:  @{reply['handle']}: {reply['text']!r}")
    target = result["context"].get("target")
    if target:
        lines.append(f"target:    @{target['handle']}")
    if result["context"].get("mentions"):
        lines.append("mentions:  " + ", ".join("@" + m for m in result["context"]["mentions"]))
    lines.append("controls:")
    lines += [f"  {c['action']:<8} x{c['count']}  {c['selector']}"
              for c in result["action_controls"]]
    return "\n".join(lines)
