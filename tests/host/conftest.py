"""Drives the real host over real pipes, with a data folder of its own per test."""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "persona_profiles"
# How long to wait for a reply or a push before calling it missing: generous, because a
# busy machine's two cores can hold a process back for seconds. Only a failing test waits
# that long; how quickly the host answers is for bench/.
WAIT = 60.0
ORIGIN = "chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei/"
HEADER = struct.Struct("=I")
HELLO = {"v": 1, "type": "hello", "id": "h", "extension_version": "0.1.0",
         "browser": "chromium", "policy": {}}


def frame(message: dict[str, Any] | bytes) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return HEADER.pack(len(body)) + body


def check(check_id: Any, handle: str = "davidleeking", text: str = "") -> dict[str, Any]:
    return {"v": 1, "type": "check", "id": check_id, "site": "x", "action": "post",
            "identity": {"site": "x", "handle": handle, "kind": "user"},
            "draft": {"text": text}}


class HostProc:
    """A host process as a browser sees it: frames in, frames out."""

    def __init__(self, data_dir: Path, args: list[str] | None = None,
                 command: list[str] | None = None) -> None:
        self.data_dir = data_dir
        # a file, not a pipe: a host whose stderr pipe nobody reads would block on it
        self.stderr_file = tempfile.TemporaryFile()  # noqa: SIM115
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "native_host",
                        *(args if args is not None else [ORIGIN])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr_file,
            bufsize=0, cwd=ROOT, env=env_for(data_dir))
        self._buffer = b""
        self.pushed: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)

    def send(self, message: dict[str, Any] | bytes) -> None:
        self.write(frame(message))

    def _read_exact(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        while len(self._buffer) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"no reply within {timeout}s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise EOFError("the host closed its output")
            self._buffer += chunk
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def read(self, timeout: float = WAIT) -> dict[str, Any]:
        (length,) = HEADER.unpack(self._read_exact(4, timeout))
        return json.loads(self._read_exact(length, timeout))

    def reply(self, timeout: float = WAIT) -> dict[str, Any]:
        """The next frame that is not a pushed state_changed (those are kept)."""
        while True:
            message = self.read(timeout)
            if message["type"] != "state_changed":
                return message
            self.pushed.append(message)

    def wait_for_push(self, test: Any, timeout: float = WAIT) -> dict[str, Any]:
        """The first state_changed (kept or new) for which test(message) holds."""
        deadline = time.monotonic() + timeout
        for message in self.pushed:
            if test(message):
                return message
        while True:
            message = self.read(max(0.01, deadline - time.monotonic()))
            if message["type"] == "state_changed":
                self.pushed.append(message)
                if test(message):
                    return message

    def ask(self, message: dict[str, Any], timeout: float = WAIT) -> dict[str, Any]:
        self.send(message)
        return self.reply(timeout)

    def hello(self) -> dict[str, Any]:
        reply = self.ask(HELLO)
        assert reply["type"] == "ready", reply
        return reply

    def close(self, timeout: float = WAIT) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout)

    def stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def env_for(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "PERSONA_GUARD_DATA_DIR": str(data_dir)}


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", *args], cwd=ROOT,
                          env=env_for(data_dir), capture_output=True, text=True, input=stdin,
                          timeout=300)  # a bound on the wait: a loaded machine starts slowly


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def library_dir(data_dir: Path) -> Path:
    """A data folder holding the library's org profile and David's own."""
    from native_host.store.store import Store

    store = Store(data_dir)
    for name in ("public-library.json", "library-staff-personal.json"):
        path = PROFILES / name
        store.add_profile(path.read_bytes(), str(path))
    return data_dir


@pytest.fixture
def host_factory():  # type: ignore[no-untyped-def]
    started: list[HostProc] = []

    def start(data_dir: Path, args: list[str] | None = None,
              command: list[str] | None = None) -> HostProc:
        host = HostProc(data_dir, args, command)
        started.append(host)
        return host

    yield start
    for host in started:
        host.kill()
