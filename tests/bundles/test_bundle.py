"""Every reason a bundle is refused, checked on the bundle bytes themselves."""

from __future__ import annotations

import base64
import json

import pytest

from native_host.bundles.format import BundleRejected, verify_bundle
from native_host.bundles.keys import PrivateKey
from tests.bundles.conftest import NOW, later, profile_bytes, sign, sign_unchecked


def rejection(raw: bytes, key: PrivateKey, **kwargs: object) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        verify_bundle(raw, "bundle.json", [key.public], now=NOW, **kwargs)  # type: ignore[arg-type]
    return caught.value


def edit(raw: bytes, **fields: object) -> bytes:
    data = json.loads(raw)
    data.update(fields)
    return json.dumps(data).encode()


def test_a_good_bundle_yields_the_profile_it_carries(org_key: PrivateKey) -> None:
    verified = verify_bundle(sign(profile_bytes(3), org_key), "b", [org_key.public], now=NOW)
    assert (verified.profile.id, verified.profile.version) == ("tscpl", 3)
    assert verified.profile.locked
    assert verified.bundle.profile_bytes == profile_bytes(3)


def test_unknown_key(org_key: PrivateKey, other_key: PrivateKey) -> None:
    error = rejection(sign(profile_bytes(), other_key), org_key)
    assert error.code == "unknown_key"
    assert other_key.public.key_id in error.problem and org_key.public.key_id in error.problem


def test_changed_header_breaks_the_signature(org_key: PrivateKey) -> None:
    raw = sign(profile_bytes(2), org_key, expires=later(30))
    assert rejection(edit(raw, version=7), org_key).code == "bad_signature"
    # Dropping or moving the expiry is a change too.
    assert rejection(edit(raw, expires=None), org_key).code == "bad_signature"
    assert rejection(edit(raw, expires="2099-01-01T00:00:00Z"), org_key).code == "bad_signature"


def test_changed_payload_is_tampered(org_key: PrivateKey) -> None:
    raw = sign(profile_bytes(2), org_key)
    evil = profile_bytes(2, handle="someoneelse")
    error = rejection(edit(raw, profile=base64.b64encode(evil).decode()), org_key)
    assert error.code == "tampered"


def test_expired(org_key: PrivateKey) -> None:
    raw = sign(profile_bytes(), org_key, now=later(-30), expires=later(-1))
    error = rejection(raw, org_key)
    assert error.code == "expired" and "2026-11-20" in error.problem and "--expires" in error.fix


def test_rollback_and_same_version_with_other_content(org_key: PrivateKey) -> None:
    raw = sign(profile_bytes(3), org_key)
    assert rejection(raw, org_key, installed=("tscpl", 4, "x" * 64)).code == "rollback"
    assert rejection(raw, org_key, installed=("tscpl", 3, "x" * 64)).code == "same_version"
    # Another profile id at that URL is not a rollback of the installed one.
    verify_bundle(raw, "b", [org_key.public], now=NOW, installed=("other", 9, "x" * 64))


def test_bad_profile_inside_a_correct_signature(org_key: PrivateKey) -> None:
    bad = json.loads(profile_bytes())
    bad["checks"] = {"mode_mismatch": "loud"}
    raw = sign_unchecked(json.dumps(bad).encode(), org_key, "tscpl", 1)
    error = rejection(raw, org_key)
    assert error.code == "bad_profile"
    assert error.path == "checks.mode_mismatch" and "tscpl" in error.source and error.fix


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'{"format": "zip"}',
                                 b'{"format": "persona-guard/bundle@1"}'])
def test_malformed(org_key: PrivateKey, raw: bytes) -> None:
    assert rejection(raw, org_key).code == "malformed"
