"""What the syncer and its sink agree on: the record of the bundle in force for a URL, and
the sink's protocol (the store's `BundleStore`, or `MemorySink` in tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from native_host.bundles.format import VerifiedBundle


@dataclass(frozen=True)
class Installed:
    """The bundle in force for one URL, as the sink keeps it."""

    url: str
    profile_id: str
    version: int
    sha256: str
    key_id: str
    etag: str | None = None
    expires: str | None = None


class BundleSink(Protocol):
    def installed(self, url: str) -> Installed | None: ...

    def install(self, url: str, bundle: VerifiedBundle, raw: bytes, etag: str | None) -> None:
        """Put the bundle in force. Raise InputError to refuse it (e.g. it conflicts with
        another profile); the previous one then stays."""

    def remove(self, url: str) -> None: ...

    def high_water(self, key_id: str, profile_id: str) -> tuple[int, str] | None:
        """(version, sha256) of the highest version of the profile this key ever signed
        that was installed, from any URL, even if since replaced or removed."""


def installed_record(url: str, verified: VerifiedBundle, etag: str | None) -> Installed:
    from native_host.bundles.format import instant_text

    bundle = verified.bundle
    return Installed(url, bundle.profile_id, bundle.version, bundle.profile_sha256,
                     bundle.key_id, etag, instant_text(bundle.expires) if bundle.expires else None)
