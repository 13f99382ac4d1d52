"""Signed profile bundles: `persona-guard/bundle@1`.

A bundle is one JSON object that carries the exact bytes of a profile file (base64) and
an Ed25519 signature over a short text header naming everything a receiver relies on:

    persona-guard/bundle@1
    key_id: 9f2c4a1b0d3e5f67
    profile_id: tscpl
    version: 4
    signed_at: 2026-11-21T23:30:00Z
    expires: 2027-06-30T00:00:00Z        ("never" when there is no expiry)
    profile_sha256: <hex of the profile bytes>

The header is rebuilt from the envelope's fields on both sides, so changing any field or
one byte of the profile breaks the signature. The profile bytes are never re-encoded:
what the admin wrote is what every machine loads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, cast

from native_host.bundles.keys import PrivateKey, PublicKey
from native_host.errors import InputError
from native_host.profiles.format import Profile, load_profile_bytes

FORMAT = "persona-guard/bundle@1"
MAX_BUNDLE_BYTES = 4 * 1024 * 1024  # a profile is a few KiB; this stops a runaway download
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# Why a bundle was refused; shown in `persona-guard status` and the popup. Append only.
REJECTIONS: dict[str, str] = {
    "malformed": "is not a Persona Guard bundle",
    "unknown_key": "is signed by a key that is not trusted",
    "bad_signature": "has a signature that does not match (the bundle was changed)",
    "tampered": "carries a profile that is not the one that was signed",
    "expired": "has expired",
    "bad_profile": "carries a profile that fails validation",
    "rollback": "is older than the installed version",
    "same_version": "changes the profile without raising its version",
}


class BundleRejected(InputError):
    """A bundle that must not be installed; `code` is a key of REJECTIONS."""

    def __init__(self, source: str, problem: str, fix: str = "", path: str = "",
                 code: str = "malformed") -> None:
        super().__init__(source, problem, fix, path)
        self.code = code

    def _fields(self) -> tuple[str, ...]:
        return (*super()._fields(), self.code)


@dataclass(frozen=True)
class Bundle:
    """An envelope as read, not yet verified."""

    key_id: str
    profile_id: str
    version: int
    signed_at: datetime
    expires: datetime | None
    profile_sha256: str
    profile_bytes: bytes
    signature: bytes

    def signed_text(self) -> bytes:
        return signed_header(self.key_id, self.profile_id, self.version, self.signed_at,
                       self.expires, self.profile_sha256)


@dataclass(frozen=True)
class VerifiedBundle:
    bundle: Bundle
    profile: Profile
    key: PublicKey

    @property
    def sha256(self) -> str:
        return self.bundle.profile_sha256


def instant_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_expiry(text: str, source: str = "--expires") -> datetime:
    """`2027-06-30` (midnight UTC at the start of that day) or an ISO time with offset."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(source, f"{text!r} is not a date", "write it like 2027-06-30 or "
                         "2027-06-30T17:00:00-05:00") from None
    if parsed.tzinfo is None:
        raise InputError(source, f"{text!r} has no UTC offset", f"add one, e.g. {value}Z")
    return parsed.astimezone(UTC)


def sign_profile(profile_bytes: bytes, source: str, key: PrivateKey, *,
                 now: datetime, expires: datetime | None = None) -> bytes:
    """The bundle for one profile file. Refuses a profile that fails validation and an
    expiry that has already passed: either would only fail later on every machine."""
    profile = load_profile_bytes(profile_bytes, source)
    if expires is not None and expires <= now:
        raise InputError("--expires", f"{instant_text(expires)} is already past",
                         "give a date in the future, or leave --expires out")
    # Whole seconds: the header carries the times as text, so sign what is written.
    signed_at = now.astimezone(UTC).replace(microsecond=0)
    expires = expires.astimezone(UTC).replace(microsecond=0) if expires else None
    sha = hashlib.sha256(profile_bytes).hexdigest()
    key_id = key.public.key_id
    header = signed_header(key_id, profile.id, profile.version, signed_at, expires, sha)
    signature = key.sign(header)
    envelope = {
        "format": FORMAT,
        "key_id": key_id,
        "profile_id": profile.id,
        "version": profile.version,
        "signed_at": instant_text(signed_at),
        "expires": instant_text(expires) if expires else None,
        "profile_sha256": sha,
        "profile": base64.b64encode(profile_bytes).decode("ascii"),
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    return (json.dumps(envelope, indent=2) + "\n").encode("utf-8")


def parse_bundle(raw: bytes, source: str) -> Bundle:
    """Read the envelope; BundleRejected('malformed') names the field that is wrong."""
    if len(raw) > MAX_BUNDLE_BYTES:
        raise _reject("malformed", source, f"is {len(raw)} bytes, more than a bundle may be "
                      f"({MAX_BUNDLE_BYTES})", "serve the bundle file `admin sign` wrote")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _reject("malformed", source, "is not JSON, so not a Persona Guard bundle",
                      "point to the file `persona-guard admin sign` wrote (a profile must be "
                      "signed before it is served)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        got = data.get("format") if isinstance(data, dict) else None
        hint = (" (this looks like an unsigned profile)"
                if isinstance(data, dict) and "schema" in data else "")
        raise _reject("malformed", source, f"'format' is {got!r}, not {FORMAT!r}{hint}",
                      "sign the profile with `persona-guard admin sign` and serve the result",
                      path="format")
    key_id = _field(data, "key_id", str, source, _KEY_ID)
    profile_id = _field(data, "profile_id", str, source, _PROFILE_ID)
    version = _field(data, "version", int, source)
    signed_at = _time(data, "signed_at", source)
    expires = None if data.get("expires") is None else _time(data, "expires", source)
    sha = _field(data, "profile_sha256", str, source, _SHA256)
    profile_bytes = _b64(data, "profile", source)
    signature = _b64(data, "signature", source)
    return Bundle(key_id, profile_id, version, signed_at, expires, sha, profile_bytes,
                  signature)


def verify_bundle(raw: bytes, source: str, trusted: Iterable[PublicKey], *, now: datetime,
                  installed: tuple[str, int, str] | None = None) -> VerifiedBundle:
    """Check a bundle end to end: envelope, trusted key, signature, payload hash, expiry,
    the profile itself and, when `installed` = (profile id, version, sha256) of the copy
    in force, that it is not a rollback of that profile. Raises BundleRejected with its
    code and a fix."""
    bundle = parse_bundle(raw, source)
    by_id = {key.key_id: key for key in trusted}
    key = by_id.get(bundle.key_id)
    if key is None:
        known = ", ".join(sorted(by_id)) or "none"
        raise _reject("unknown_key", source,
                      f"{REJECTIONS['unknown_key']}: key id {bundle.key_id} (trusted: {known})",
                      "add the signer's public key to trusted_keys, or sign the bundle with a "
                      "trusted key")
    if not key.verifies(bundle.signature, bundle.signed_text()):
        raise _reject("bad_signature", source, REJECTIONS["bad_signature"],
                      "sign the profile again with `persona-guard admin sign` and serve that "
                      "file unchanged")
    if hashlib.sha256(bundle.profile_bytes).hexdigest() != bundle.profile_sha256:
        raise _reject("tampered", source, REJECTIONS["tampered"],
                      "sign the profile again and serve that file unchanged")
    if bundle.expires is not None and bundle.expires <= now:
        raise _reject("expired", source,
                      f"{REJECTIONS['expired']} (on {instant_text(bundle.expires)})",
                      "sign the profile again with a later --expires and serve it")
    label = f"{source} (profile {bundle.profile_id} v{bundle.version})"
    try:
        profile = load_profile_bytes(bundle.profile_bytes, label)
    except InputError as error:
        raise BundleRejected(error.source, f"{REJECTIONS['bad_profile']}: {error.problem}",
                             error.fix, error.path, code="bad_profile") from None
    if profile.id != bundle.profile_id or profile.version != bundle.version:
        raise _reject("bad_profile", source,
                      f"the profile inside is {profile.id} v{profile.version}, the envelope "
                      f"says {bundle.profile_id} v{bundle.version}",
                      "sign the profile again with `persona-guard admin sign`")
    if installed is not None and installed[0] == profile.id:
        _, version, sha = installed
        if bundle.version < version:
            raise _reject("rollback", source,
                          f"{REJECTIONS['rollback']}: {profile.id} v{bundle.version} < "
                          f"installed v{version}",
                          f"serve a bundle with version {version} or higher (raise 'version' "
                          "in the profile and sign it again)")
        if bundle.version == version and sha != bundle.profile_sha256:
            raise _reject("same_version", source,
                          f"{REJECTIONS['same_version']}: {profile.id} v{version} is installed "
                          "with other content",
                          f"raise 'version' above {version} in the profile and sign it again")
    return VerifiedBundle(bundle, profile, key)


def signed_header(key_id: str, profile_id: str, version: int, signed_at: datetime,
                  expires: datetime | None, sha: str) -> bytes:
    """The exact bytes the signature covers (see the module docstring)."""
    lines = [
        FORMAT,
        f"key_id: {key_id}",
        f"profile_id: {profile_id}",
        f"version: {version}",
        f"signed_at: {instant_text(signed_at)}",
        f"expires: {instant_text(expires) if expires else 'never'}",
        f"profile_sha256: {sha}",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def _reject(code: str, source: str, problem: str, fix: str, path: str = "") -> BundleRejected:
    return BundleRejected(source, problem, fix, path, code=code)


def _malformed(source: str, name: str, what: str) -> BundleRejected:
    return _reject("malformed", source, f"'{name}' {what}",
                   "sign the profile again with `persona-guard admin sign` and serve that file "
                   "unchanged", path=name)


def _field(data: dict[str, Any], name: str, kind: type, source: str,
           pattern: re.Pattern[str] | None = None) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _malformed(source, name, f"is missing or not a {kind.__name__}")
    if pattern is not None and not pattern.match(cast(str, value)):  # str fields only
        raise _malformed(source, name, f"is {value!r}, which is not well formed")
    return value


def _time(data: dict[str, Any], name: str, source: str) -> datetime:
    text = _field(data, name, str, source)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or instant_text(value) != text:
        raise _malformed(source, name, f"is {text!r}, not a UTC time like 2027-06-30T00:00:00Z")
    return value


def _b64(data: dict[str, Any], name: str, source: str) -> bytes:
    text = _field(data, name, str, source)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed(source, name, "is not valid base64") from None
