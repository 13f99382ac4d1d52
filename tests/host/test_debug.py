"""The canned requests in debug/ still get the answers PROTOCOL.md promises, piped into
the host exactly as its README says (also through `persona-guard host`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.host.conftest import ROOT, env_for

_spec = importlib.util.spec_from_file_location("debug_frames", ROOT / "debug" / "frames.py")
assert _spec is not None and _spec.loader is not None
frames = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frames)
decode = frames.decode

EXPECTED = {
    "hello.bin": ["ready"],
    "get_state.bin": ["ready", "state"],
    "get_profile.bin": ["ready", "profile"],
    "add_account.bin": ["ready", "state"],
    "check.bin": ["ready", "verdict"],
    "session.bin": ["ready", "verdict", "ok", "state", "state", "audit_page"],
    "errors.bin": ["ready", "unknown_type", "bad_message", "unsupported_version",
                   "unknown_persona", "unknown_check", "bad_cursor"],
    "bad_json.bin": ["ready", "bad_json"],
    "too_large.bin": ["ready", "frame_too_large"],
    "truncated.bin": ["ready", "truncated_frame"],
}


def run(command: list[str], canned: str, data_dir) -> list[str]:  # type: ignore[no-untyped-def]
    out = subprocess.run(command, input=(ROOT / "debug" / canned).read_bytes(), cwd=ROOT,
                         env=env_for(data_dir), capture_output=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return [m["code"] if m["type"] == "error" else m["type"]  # type: ignore[index]
            for m in decode(out.stdout) if m["type"] != "state_changed"]  # type: ignore[index]


@pytest.mark.parametrize("canned", sorted(EXPECTED))
def test_canned_requests_get_their_answers(library_dir, canned):
    assert run([sys.executable, "-m", "native_host"], canned, library_dir) == EXPECTED[canned]


def test_persona_guard_host_serves_the_same(library_dir):
    command = [sys.executable, "-m", "native_host.cli", "host"]
    assert run(command, "session.bin", library_dir) == EXPECTED["session.bin"]
