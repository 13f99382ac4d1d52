"""Start the installed host the way a browser does and talk to it: `--version`, then one
real framed `hello` -> `ready` round trip. Each failure comes back as a sentence a
person can act on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from native_host.identifiers import ALLOWED_ORIGINS, GECKO_EXTENSION_ID

MAX_FRAME = 1024 * 1024  # the browser's own limit for a frame from the host


@dataclass
class HostAnswer:
    ok: bool
    detail: str
    polluted: bool = False
    exited: bool = False


def browser_arguments(family: str, manifest: Path) -> list[str]:
    """What the browser passes: Chromium the origin, Firefox the manifest and add-on id."""
    if family == "chromium":
        return [ALLOWED_ORIGINS[0]]
    return [str(manifest), GECKO_EXTENSION_ID]


def version(command: Path, timeout: float = 20.0) -> HostAnswer:
    try:
        done = subprocess.run([str(command), "--version"], capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, check=False,
                              cwd=command.parent)
    except subprocess.TimeoutExpired:
        return HostAnswer(False, f"'{command} --version' gave no answer within {timeout:.0f} s")
    except OSError as error:
        return HostAnswer(False, f"'{command} --version' could not start: "
                          f"{error.strerror or error}", exited=True)
    out = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        return HostAnswer(False, f"'{command} --version' exited with code {done.returncode}: "
                          f"{_tail(done.stderr) or out or 'no output'}", exited=True)
    return HostAnswer(True, out.splitlines()[-1] if out else "(no output)")


def hello(command: Path, family: str, manifest: Path, browser: str,
          timeout: float = 20.0) -> HostAnswer:
    """Send one `hello` frame and wait for `ready`, keeping stdin open as a browser does."""
    message_id = f"doctor-{uuid.uuid4().hex[:8]}"
    payload = json.dumps({"v": 1, "type": "hello", "id": message_id,
                          "extension_version": "doctor", "browser": browser,
                          "policy": {}}).encode("utf-8")
    try:
        process = subprocess.Popen(
            [str(command), *browser_arguments(family, manifest)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ), cwd=command.parent)  # browsers start hosts in their folder
    except OSError as error:
        return HostAnswer(False, f"{command} could not start: {error.strerror or error}",
                          exited=True)
    answer: dict[str, bytes] = {}
    reader = threading.Thread(target=_read_frame, args=(process, answer), daemon=True)
    reader.start()
    try:
        assert process.stdin is not None
        process.stdin.write(len(payload).to_bytes(4, sys.byteorder) + payload)
        process.stdin.flush()
    except OSError:
        pass  # the host already exited; the reader reports what it printed
    reader.join(timeout)
    if reader.is_alive():
        _stop(process)
        return HostAnswer(False, f"the host started but sent no reply to 'hello' within "
                          f"{timeout:.0f} s{_stderr_note(process)}")
    _stop(process)
    return _judge(answer, message_id, process)


def _read_frame(process: subprocess.Popen[bytes], answer: dict[str, bytes]) -> None:
    assert process.stdout is not None
    stdout = cast(io.BufferedReader, process.stdout)  # Popen's default buffered pipe
    header = stdout.read(4)
    answer["header"] = header
    if len(header) < 4:
        return
    length = int.from_bytes(header, sys.byteorder)
    if length > MAX_FRAME:
        # A polluted stream makes a huge "length": take what is there to show the person.
        answer["body"] = stdout.read1(60)
        return
    answer["body"] = stdout.read(length)


def _judge(answer: dict[str, bytes], message_id: str,
           process: subprocess.Popen[bytes]) -> HostAnswer:
    header = answer.get("header", b"")
    body = answer.get("body", b"")
    if len(header) < 4:
        code = process.returncode
        printed = f"; it printed {header!r} to standard output" if header else ""
        return HostAnswer(False, f"the host exited (code {code}) before answering"
                          f"{printed}{_stderr_note(process)}", exited=True,
                          polluted=bool(header))
    length = int.from_bytes(header, sys.byteorder)
    if length > MAX_FRAME:
        return HostAnswer(False, "the host's standard output does not start with a frame: "
                          f"it begins with {(header + body)[:60]!r}", polluted=True)
    try:
        reply = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return HostAnswer(False, "the host's first frame is not UTF-8 JSON: "
                          f"{(header + body)[:60]!r}", polluted=True)
    if not isinstance(reply, dict) or reply.get("type") != "ready":
        return HostAnswer(False, f"the host answered 'hello' with {json.dumps(reply)[:200]}, "
                          "not 'ready'")
    if reply.get("id") != message_id:
        return HostAnswer(False, f"the host's 'ready' carries id {reply.get('id')!r}, "
                          f"not the hello's {message_id!r}")
    return HostAnswer(True, f"ready from host {reply.get('host_version', '?')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        if process.stdin:
            process.stdin.close()
    except OSError:
        pass
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _stderr_note(process: subprocess.Popen[bytes]) -> str:
    if process.stderr is None or process.poll() is None:
        return ""
    tail = _tail(process.stderr.read())
    return f"; its error output ends: {tail}" if tail else ""


def _tail(data: bytes, lines: int = 2) -> str:
    text = data.decode("utf-8", "replace").strip().splitlines()
    return " | ".join(text[-lines:])
