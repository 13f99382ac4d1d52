"""Where bundle subscriptions come from, and how they combine.

Three sources, in this order of precedence:

| source | set by | read from |
|---|---|---|
| managed storage | the admin, through browser policy | `hello.policy` |
| system policy file | the admin, without extension policy | `SYSTEM_POLICY_PATHS` |
| personal subscriptions | the person: `persona-guard subscribe` | the shared store |

The two admin sources use the same fields (`bundle_urls`, `trusted_keys`,
`sync_interval_minutes`); a personal subscription is one URL with its own key. Each URL
is verified only with the keys of the source that named it. A source that turns bad
(a typo in the policy file) keeps its last good value in force and reports the problem.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from native_host.errors import InputError

DEFAULT_INTERVAL_MINUTES = 15
MAX_INTERVAL_MINUTES = 24 * 60
POLICY_FILE_ENV = "PERSONA_GUARD_POLICY_FILE"  # tests and unusual layouts
MANAGED = "managed policy"
PERSONAL = "subscription"

# One row per OS: where the system policy file lives.
SYSTEM_POLICY_PATHS: dict[str, str] = {
    "linux": "/etc/persona-guard/policy.json",
    "darwin": "/Library/Application Support/Persona Guard/policy.json",
    "win32": r"%ProgramData%\Persona Guard\policy.json",
}
FIELDS = ("bundle_urls", "trusted_keys", "sync_interval_minutes")


@dataclass(frozen=True)
class Source:
    """One bundle URL and the public keys (as text) allowed to sign what it serves."""

    url: str
    keys: tuple[str, ...]
    origin: str  # MANAGED, the policy file's path, or PERSONAL


@dataclass(frozen=True)
class Policy:
    sources: tuple[Source, ...] = ()
    interval_minutes: int | None = None  # None: the source did not say


@dataclass(frozen=True)
class SyncConfig:
    sources: tuple[Source, ...] = ()
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    problems: tuple[str, ...] = ()  # bad policy sources, shown in the sync status


def system_policy_path() -> Path:
    override = os.environ.get(POLICY_FILE_ENV)
    if override:
        return Path(override)
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    template = SYSTEM_POLICY_PATHS.get(platform, SYSTEM_POLICY_PATHS["linux"])
    return Path(os.path.expandvars(template))


def parse_policy(data: Any, origin: str, *, strict: bool) -> Policy:
    """Validate one admin policy. `strict` refuses unknown fields (a file someone typed);
    managed storage only ever holds the fields the schema declares."""
    if data is None:
        return Policy()
    if not isinstance(data, dict):
        raise InputError(origin, "the policy must be a JSON object",
                         'write it like {"bundle_urls": [...], "trusted_keys": [...]}')
    if strict:
        for name in data:
            if name not in FIELDS:
                raise InputError(origin, f"'{name}' is not a policy field",
                                 "use only " + ", ".join(FIELDS), path=name)
    urls = _strings(data, "bundle_urls", origin)
    keys = _strings(data, "trusted_keys", origin)
    for index, url in enumerate(urls):
        check_url(url, origin, f"bundle_urls[{index}]")
    if keys:
        from native_host.bundles.keys import parse_public_key

        for index, key in enumerate(keys):
            try:
                parse_public_key(key, origin)
            except InputError as error:
                raise InputError(origin, error.problem, error.fix,
                                 path=f"trusted_keys[{index}]") from None
    if urls and not keys:
        raise InputError(origin, "bundle_urls is set but trusted_keys is empty, so no bundle "
                         "could be verified", "add the public key `persona-guard admin keygen` "
                         "printed to trusted_keys", path="trusted_keys")
    interval = data.get("sync_interval_minutes")
    if interval is not None and (
            isinstance(interval, bool) or not isinstance(interval, int)
            or not 1 <= interval <= MAX_INTERVAL_MINUTES):
        raise InputError(origin, f"sync_interval_minutes is {interval!r}",
                         f"give a whole number of minutes from 1 to {MAX_INTERVAL_MINUTES}, "
                         f"e.g. {DEFAULT_INTERVAL_MINUTES}", path="sync_interval_minutes")
    sources = tuple(Source(url, tuple(keys), origin) for url in dict.fromkeys(urls))
    return Policy(sources, interval)


def check_url(url: str, source: str, path: str = "") -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(source, f"{url!r} is not an http(s) URL",
                         "give the full address of the bundle, e.g. "
                         "https://config.example.org/persona-guard/tscpl.bundle.json", path=path)
    return url


def combine(policies: Iterable[Policy], problems: Iterable[str] = ()) -> SyncConfig:
    """Sources in precedence order, each URL once (the first source to name it wins);
    the interval is the first one any source sets."""
    seen: dict[str, Source] = {}
    interval: int | None = None
    for policy in policies:
        for source in policy.sources:
            seen.setdefault(source.url, source)
        if interval is None:
            interval = policy.interval_minutes
    return SyncConfig(tuple(seen.values()), interval or DEFAULT_INTERVAL_MINUTES,
                      tuple(problems))


@dataclass
class PolicySources:
    """The last good value of each source. Feed it what changed; `config()` is what the
    syncer should follow now."""

    system_path: Path = field(default_factory=system_policy_path)
    managed: Policy = field(default_factory=Policy)
    system: Policy = field(default_factory=Policy)
    personal: Policy = field(default_factory=Policy)
    problems: dict[str, str] = field(default_factory=dict)
    _system_stamp: tuple[int, int] | None = None

    def set_managed(self, data: Any) -> None:
        try:
            self.managed = parse_policy(data or None, MANAGED, strict=False)
            self.problems.pop(MANAGED, None)
        except InputError as error:
            self.problems[MANAGED] = str(error)

    def reload_system(self) -> bool:
        """Re-read the system policy file if it changed; True when it did."""
        path = self.system_path
        try:
            st = path.stat()
        except FileNotFoundError:  # no file (any more): no system policy
            changed = self._system_stamp is not None
            self._system_stamp, self.system = None, Policy()
            self.problems.pop(str(path), None)
            return changed
        except OSError as error:  # unreadable for now: keep the last good one
            problem = (f"{path}: cannot be read ({error.strerror or error}); the last good "
                       "policy stays in force")
            changed = self.problems.get(str(path)) != problem
            self.problems[str(path)] = problem
            return changed
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._system_stamp:
            return False
        self._system_stamp = stamp
        try:
            try:
                data = json.loads(path.read_bytes().decode("utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise InputError(str(path), f"cannot be read as JSON ({error})",
                                 "fix the file; the last good policy stays in force") from None
            self.system = parse_policy(data, str(path), strict=True)
            self.problems.pop(str(path), None)
        except InputError as error:
            self.problems[str(path)] = str(error)
        return True

    def set_personal(self, subscriptions: Iterable[tuple[str, str]]) -> None:
        """(url, public key text) pairs, as `persona-guard subscribe` stored them."""
        self.personal = Policy(tuple(Source(url, (key,), PERSONAL) for url, key in subscriptions))

    def config(self) -> SyncConfig:
        return combine([self.managed, self.system, self.personal], self.problems.values())


def _strings(data: dict[str, Any], name: str, origin: str) -> list[str]:
    value = data.get(name, [])
    if value is None:
        return []
    if isinstance(value, str):  # a single value where a list belongs is a common slip
        value = [value]
    if not isinstance(value, list):
        raise InputError(origin, f"{name} must be a list of strings", f'write "{name}": ["..."]',
                         path=name)
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise InputError(origin, f"{name}[{index}] must be a non-empty string",
                             "remove it or put the value in quotes", path=f"{name}[{index}]")
    return [item.strip() for item in value]
