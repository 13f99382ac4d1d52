"""Ed25519 keys for signing org profile bundles.

A public key travels as one line of text, `ed25519:<base64 of the 32 raw bytes>`, the
form `admin keygen` prints and policies list under `trusted_keys`. Its key id is the
first 8 bytes of the SHA-256 of the raw key, in hex: short enough to show in a status
line, long enough that two keys of one org never share it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from native_host.errors import InputError
from native_host.store.files import atomic_write

PREFIX = "ed25519:"
_READ_FIX = "check the path and that you may read the file"


@dataclass(frozen=True)
class PublicKey:
    raw: bytes  # the 32-byte Ed25519 public key

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.raw).digest()[:8].hex()

    @property
    def text(self) -> str:
        return PREFIX + base64.b64encode(self.raw).decode("ascii")

    def verifies(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class PrivateKey:
    key: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return PublicKey(raw)

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message)

    def pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())


def generate() -> PrivateKey:
    return PrivateKey(Ed25519PrivateKey.generate())


def parse_public_key(text: str, source: str) -> PublicKey:
    """`ed25519:BASE64` (surrounding spaces ignored) -> PublicKey, or an InputError that
    says what a key looks like."""
    fix = "paste the line `persona-guard admin keygen` printed, e.g. 'ed25519:3q2+7w...='"
    value = text.strip()
    if not value.startswith(PREFIX):
        raise InputError(source, f"{_short(value)!r} is not a Persona Guard public key", fix)
    try:
        raw = base64.b64decode(value[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise InputError(source, "the key after 'ed25519:' is not valid base64", fix) from None
    if len(raw) != 32:
        raise InputError(source, f"the key is {len(raw)} bytes long, an Ed25519 key is 32", fix)
    return PublicKey(raw)


def read_public_key(value: str) -> PublicKey:
    """A key given on the command line: the key text itself, or a `.pub` file holding it."""
    if value.strip().startswith(PREFIX):
        return parse_public_key(value, "--pubkey")
    path = Path(value)
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise InputError(value, f"is neither a public key nor a readable file "
                         f"({error.strerror or error})",
                         "give the 'ed25519:...' text or the .pub file `admin keygen` wrote",
                         ) from None
    except UnicodeDecodeError:
        raise InputError(value, "is not a text file", "give the .pub file `admin keygen` wrote",
                         ) from None
    return parse_public_key(text, value)


def read_private_key(path: str | Path) -> PrivateKey:
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})", _READ_FIX) from None
    fix = "give the private key file `persona-guard admin keygen --out FILE` wrote (not the .pub)"
    if data.lstrip().startswith(PREFIX.encode()):
        raise InputError(source, "is a public key; signing needs the private key", fix)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise InputError(source, f"is not an unencrypted PEM private key ({error})", fix) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(source, "is not an Ed25519 key", fix)
    return PrivateKey(key)


def write_key_pair(key: PrivateKey, out: Path, *, force: bool = False) -> Path:
    """Write the private key to `out` (mode 0600, never readable by others, not even for a
    moment) and the public key to `out` + '.pub'. Returns the .pub path."""
    pub = out.with_name(out.name + ".pub")
    if not force:
        for path in (out, pub):
            if path.exists():
                raise InputError(str(path), "already exists; a new key would replace it and "
                                 "bundles signed with the old one could no longer be checked",
                                 "choose another --out, or add --force to replace it")
    atomic_write(out, key.pem(), 0o600)
    atomic_write(pub, (key.public.text + "\n").encode("ascii"), 0o644)
    return pub


def _short(value: str) -> str:
    return value if len(value) <= 24 else value[:21] + "..."
