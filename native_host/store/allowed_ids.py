"""Store-assigned extension IDs the host also answers: a Chrome Web Store, Edge Add-ons or
addons.mozilla.org build gets an ID of its own, which `persona-guard install
--extension-id ID` adds. They live in the data folder (`extension-ids.json`), so the
host's own caller check, the host manifests, self-healing and `doctor` all read the same
list; the built-in IDs are always allowed."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from native_host.errors import InputError
from native_host.identifiers import ALLOWED_GECKO_IDS, ALLOWED_ORIGINS
from native_host.profiles.tuples import NamedTuple

FILE_NAME = "extension-ids.json"
# Chromium IDs are 32 letters a-p; Firefox ids are email-like or a {UUID}.
_CHROMIUM = re.compile(r"^[a-p]{32}$")
_GECKO = re.compile(r"^(?:\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                    r"[0-9a-fA-F]{12}\}|[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+)$")


class AllowedIds(NamedTuple):
    chromium: tuple[str, ...] = ()
    firefox: tuple[str, ...] = ()

    @property
    def origins(self) -> list[str]:
        """Every `allowed_origins` entry: the built-in one, then each added ID."""
        extra = [f"chrome-extension://{i}/" for i in self.chromium]
        return [*ALLOWED_ORIGINS, *(o for o in extra if o not in ALLOWED_ORIGINS)]

    @property
    def gecko_ids(self) -> list[str]:
        return [*ALLOWED_GECKO_IDS, *(i for i in self.firefox if i not in ALLOWED_GECKO_IDS)]


def family_of(value: str) -> str:
    """'chromium' or 'firefox' for an extension ID; InputError naming it otherwise."""
    if _CHROMIUM.match(value):
        return "chromium"
    if _GECKO.match(value):
        return "firefox"
    raise InputError("--extension-id", f"'{value}' is not an extension ID",
                     "give a Chromium ID (32 letters a-p, from the store's page or "
                     "chrome://extensions) or a Firefox add-on id (name@domain or {UUID})")


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load(data_dir: Path) -> AllowedIds:
    """The added IDs; none when the file is missing or unreadable (the built-in IDs still
    work, and `doctor` says what is wrong with the file)."""
    try:
        data = json.loads(path_in(data_dir).read_text("utf-8"))
    except (OSError, ValueError):
        return AllowedIds()
    if not isinstance(data, dict):
        return AllowedIds()

    def ids(family: str) -> tuple[str, ...]:
        items = data.get(family)
        if not isinstance(items, list):
            return ()
        return tuple(i for i in items if isinstance(i, str) and _safe(family, i))
    return AllowedIds(ids("chromium"), ids("firefox"))


def _safe(family: str, value: str) -> bool:
    try:
        return family_of(value) == family
    except InputError:
        return False


def add(data_dir: Path, values: Iterable[str]) -> AllowedIds:
    """Add IDs (each checked) to those stored; written atomically, owner-only."""
    current = load(data_dir)
    chromium, firefox = list(current.chromium), list(current.firefox)
    for value in values:
        value = value.strip()
        target = chromium if family_of(value) == "chromium" else firefox
        if value not in target:
            target.append(value)
    allowed = AllowedIds(tuple(chromium), tuple(firefox))
    path = path_in(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    body = json.dumps({"chromium": chromium, "firefox": firefox}, indent=2) + "\n"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot be written ({error.strerror or error})",
                         "check that the data folder is yours and writable") from None
    return allowed
