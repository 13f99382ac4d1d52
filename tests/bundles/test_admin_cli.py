"""`persona-guard admin keygen|sign|verify` as an admin runs them: files, modes, exit codes
and the sentences printed."""

from __future__ import annotations

import base64
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bundles.conftest import profile_bytes


def admin(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", "admin", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    """org.key(.pub), profile.json and bundle.json, made through the CLI."""
    assert admin("keygen", "--out", "org.key", cwd=tmp_path).returncode == 0
    (tmp_path / "profile.json").write_bytes(profile_bytes(version=4))
    done = admin("sign", "profile.json", "--key", "org.key", "--out", "bundle.json",
                 "--expires", "2099-01-01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path: Path) -> None:
    done = admin("keygen", "--out", "keys/org.key", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    private = tmp_path / "keys" / "org.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in private.read_bytes()
    printed = done.stdout.strip()
    assert printed.startswith("ed25519:")
    assert (tmp_path / "keys" / "org.key.pub").read_text().strip() == printed


def test_keygen_never_overwrites_a_key_by_accident(tmp_path: Path) -> None:
    admin("keygen", "--out", "org.key", cwd=tmp_path)
    before = (tmp_path / "org.key").read_bytes()
    done = admin("keygen", "--out", "org.key", cwd=tmp_path)
    assert done.returncode == 2
    assert "already exists" in done.stderr and "--force" in done.stderr
    assert (tmp_path / "org.key").read_bytes() == before


def test_sign_keeps_the_exact_profile_bytes_and_verify_accepts_it(signed: Path) -> None:
    bundle = json.loads((signed / "bundle.json").read_text())
    assert base64.b64decode(bundle["profile"]) == (signed / "profile.json").read_bytes()
    assert (bundle["profile_id"], bundle["version"]) == ("tscpl", 4)
    assert bundle["expires"] == "2099-01-01T00:00:00Z"
    done = admin("verify", "bundle.json", "--pubkey", "org.key.pub", cwd=signed)
    assert done.returncode == 0, done.stderr
    assert "valid: tscpl v4" in done.stdout


def test_verify_takes_the_key_text_too(signed: Path) -> None:
    key = (signed / "org.key.pub").read_text().strip()
    assert admin("verify", "bundle.json", "--pubkey", key, cwd=signed).returncode == 0


def test_verify_exits_1_with_the_reason_for_a_changed_bundle(signed: Path) -> None:
    path = signed / "bundle.json"
    path.write_text(path.read_text().replace('"version": 4', '"version": 9'))
    done = admin("verify", "bundle.json", "--pubkey", "org.key.pub", cwd=signed)
    assert done.returncode == 1
    assert "bad_signature" in done.stderr and "Traceback" not in done.stderr


def test_verify_exits_1_for_a_key_it_does_not_trust(signed: Path) -> None:
    admin("keygen", "--out", "other.key", cwd=signed)
    done = admin("verify", "bundle.json", "--pubkey", "other.key.pub", cwd=signed)
    assert done.returncode == 1
    assert "unknown_key" in done.stderr and "not trusted" in done.stderr


def test_verify_accepts_either_of_two_trusted_keys_during_rotation(signed: Path) -> None:
    admin("keygen", "--out", "new.key", cwd=signed)
    done = admin("verify", "bundle.json", "--pubkey", "new.key.pub", "--pubkey", "org.key.pub",
                 cwd=signed)
    assert done.returncode == 0, done.stderr


def test_sign_refuses_a_profile_that_fails_validation(signed: Path) -> None:
    bad = json.loads(profile_bytes())
    bad["personas"]["library"]["accounts"][0]["site"] = "myspace"
    (signed / "bad.json").write_text(json.dumps(bad))
    done = admin("sign", "bad.json", "--key", "org.key", "--out", "bad.bundle.json", cwd=signed)
    assert done.returncode == 2
    assert "bad.json" in done.stderr and "personas.library.accounts[0].site" in done.stderr
    assert "fix:" in done.stderr and "Traceback" not in done.stderr
    assert not (signed / "bad.bundle.json").exists()


def test_sign_with_the_public_key_says_which_file_it_needs(signed: Path) -> None:
    done = admin("sign", "profile.json", "--key", "org.key.pub", "--out", "b.json", cwd=signed)
    assert done.returncode == 2
    assert "is a public key" in done.stderr and "private key" in done.stderr


def test_sign_refuses_an_expiry_in_the_past(signed: Path) -> None:
    done = admin("sign", "profile.json", "--key", "org.key", "--out", "b.json",
                 "--expires", "2001-01-01", cwd=signed)
    assert done.returncode == 2 and "already past" in done.stderr


def test_verify_names_an_unsigned_profile_for_what_it_is(signed: Path) -> None:
    done = admin("verify", "profile.json", "--pubkey", "org.key.pub", cwd=signed)
    assert done.returncode == 1
    assert "unsigned profile" in done.stderr and "admin sign" in done.stderr
