"""What the host benchmarks share: a data folder with the sample profiles, and a host
process driven over real pipes exactly as a browser drives it."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ORIGIN = "chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei/"
HEADER = struct.Struct("=I")
PROFILES = [ROOT / "persona_profiles" / "public-library.json",
            ROOT / "persona_profiles" / "library-staff-personal.json"]
HELLO = {"v": 1, "type": "hello", "id": 0, "extension_version": "0.1.0",
         "browser": "chromium", "policy": {}}


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return HEADER.pack(len(body)) + body


_BYTECODE = tempfile.mkdtemp(prefix="pg-bench-pycache-")


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """`env` for a process that starts as an installed copy does: pip byte-compiles a
    wheel when it installs it, but a checkout run with PYTHONDONTWRITEBYTECODE=1 (as some
    machines set) compiles every module from source at every start. The bytecode goes to
    a folder of this run's own (PYTHONPYCACHEPREFIX), never into a checkout; run each
    command once before timing it."""
    env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": _BYTECODE}


def data_dir_with(profile: dict[str, Any], python: str = PYTHON,
                  root: Path | str = ROOT) -> str:
    """A fresh data folder holding `profile` (e.g. decision.build_profile's large set),
    added as a person would: `persona-guard profile add`, by `python` in `root`."""
    folder = tempfile.mkdtemp(prefix="pg-bench-")
    path = Path(folder) / "bench-profile.json"
    path.write_text(json.dumps(profile))
    subprocess.run([python, "-m", "native_host.cli", "profile", "add", str(path)],
                   env={**os.environ, "PERSONA_GUARD_DATA_DIR": folder}, check=True,
                   capture_output=True, cwd=str(root))
    return folder


def data_dir_with_profiles() -> str:
    folder = tempfile.mkdtemp(prefix="pg-bench-")
    env = {**os.environ, "PERSONA_GUARD_DATA_DIR": folder}
    for profile in PROFILES:
        subprocess.run([PYTHON, "-m", "native_host.cli", "profile", "add", str(profile)],
                       env=env, check=True, capture_output=True, cwd=ROOT)
    return folder


class HostProcess:
    def __init__(self, folder: str, root: Path | str = ROOT,
                 env: dict[str, str] | None = None, python: str = PYTHON) -> None:
        self.proc = subprocess.Popen(
            [python, "-m", "native_host", ORIGIN], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(root),
            env={**(os.environ if env is None else env), "PERSONA_GUARD_DATA_DIR": folder})

    def send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        (length,) = HEADER.unpack(self.proc.stdout.read(4))
        return json.loads(self.proc.stdout.read(length))

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        self.send(message)
        while True:
            reply = self.read()
            if reply.get("type") != "state_changed":
                return reply

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(5)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
