"""Native messaging framing: a 4-byte native-endian length, then that many bytes of UTF-8
JSON. Plain blocking file descriptors and the standard library only, so the host can answer
`hello` before it loads anything heavy.

`protect_stdio()` keeps private duplicates of fds 0 and 1 for frames and points fd 1 at
stderr (and fd 0 at the null device): a stray `print`, a library warning or a child process
can then never corrupt the stream or steal a request.
"""

from __future__ import annotations

import os
import struct
import sys
import threading
from enum import StrEnum
from typing import Any

from native_host.jsonio import to_utf8

HEADER = struct.Struct("=I")  # native byte order, as browsers write it
MAX_INCOMING = 64 * 1024 * 1024  # refused above this (and the body skipped)
MAX_OUTGOING = 1024 * 1024  # browsers drop the port on a bigger frame
_CHUNK = 1 << 20


class ErrorCode(StrEnum):
    """Codes of the `error` reply. Append-only: never change or reuse a value
    (PROTOCOL.md has the table)."""

    BAD_JSON = "bad_json"
    BAD_MESSAGE = "bad_message"
    UNKNOWN_TYPE = "unknown_type"
    UNSUPPORTED_VERSION = "unsupported_version"
    FRAME_TOO_LARGE = "frame_too_large"
    TRUNCATED_FRAME = "truncated_frame"
    REPLY_TOO_LARGE = "reply_too_large"
    UNKNOWN_PERSONA = "unknown_persona"
    UNKNOWN_CHECK = "unknown_check"
    BAD_CURSOR = "bad_cursor"
    STORE_ERROR = "store_error"
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    INTERNAL_ERROR = "internal_error"
    INVALID_PROFILE = "invalid_profile"
    PERSONA_LOCKED = "persona_locked"


class ProtocolError(Exception):
    """Answered with an `error` frame; the host keeps serving (except where noted)."""

    def __init__(self, code: ErrorCode, message: str, request_id: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id

    def frame(self) -> dict[str, Any]:
        return error_frame(self.code, self.message, self.request_id)


def error_frame(code: ErrorCode, message: str, request_id: Any = None) -> dict[str, Any]:
    return {"v": 1, "type": "error", "id": request_id, "code": str(code), "message": message}


class FrameTooLarge(Exception):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class TruncatedFrame(Exception):
    def __init__(self, expected: int, got: int) -> None:
        super().__init__(expected, got)
        self.expected, self.got = expected, got


def protect_stdio() -> tuple[int, int]:
    """Returns (fd to read frames from, fd to write frames to)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    frames_in, frames_out = os.dup(0), os.dup(1)
    if sys.platform == "win32":  # text mode would turn \n into \r\n inside frames
        import msvcrt

        for fd in (frames_in, frames_out):
            msvcrt.setmode(fd, os.O_BINARY)
    os.dup2(2, 1)  # print() now lands in stderr (the browser's log), never in the stream
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return frames_in, frames_out


def encode(message: dict[str, Any]) -> bytes:
    body = to_utf8(message)  # valid UTF-8 even when a string holds a lone surrogate
    return HEADER.pack(len(body)) + body


class FrameReader:
    """Blocking reads of whole frames from a file descriptor."""

    def __init__(self, fd: int, limit: int = MAX_INCOMING) -> None:
        self.fd = fd
        self.limit = limit
        self._to_skip = 0

    def read(self) -> bytes | None:
        """One frame's body; None at EOF between frames. Raises FrameTooLarge on the
        header of an oversized frame (the next read skips its body first), TruncatedFrame
        when the input ends inside a frame."""
        if self._to_skip:
            size, self._to_skip = self._to_skip, 0
            if not self._skip(size):
                return None  # it ended inside the refused frame: already reported
        header = self._exactly(HEADER.size, allow_eof=True)
        if header is None:
            return None
        (length,) = HEADER.unpack(header)
        if length > self.limit:
            self._to_skip = length
            raise FrameTooLarge(length)
        body = self._exactly(length, allow_eof=False)
        assert body is not None
        return body

    def _exactly(self, size: int, allow_eof: bool) -> bytes | None:
        parts: list[bytes] = []
        got = 0
        while got < size:
            chunk = os.read(self.fd, min(size - got, _CHUNK))
            if not chunk:
                if got == 0 and allow_eof:
                    return None
                raise TruncatedFrame(size, got)
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def _skip(self, size: int) -> bool:
        """Read and drop `size` bytes in chunks (a 2 GiB length must not become a 2 GiB
        allocation); False when the input ends first."""
        left = size
        while left:
            chunk = os.read(self.fd, min(left, _CHUNK))
            if not chunk:
                return False
            left -= len(chunk)
        return True


class FrameWriter:
    """Writes whole frames; refuses one over MAX_OUTGOING (the caller pages or reports)."""

    def __init__(self, fd: int, limit: int = MAX_OUTGOING) -> None:
        self.fd = fd
        self.limit = limit
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        data = encode(message)
        if len(data) - HEADER.size > self.limit:
            reply_id = message.get("id")
            data = encode(error_frame(
                ErrorCode.REPLY_TOO_LARGE,
                f"the {message.get('type')} reply is {len(data) - HEADER.size} bytes, over the "
                f"{self.limit}-byte limit of a native message; ask for less (a smaller "
                "audit limit)", reply_id))
        with self._lock:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
