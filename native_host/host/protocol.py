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

from native_host.jsonio import str_to_utf8, to_utf8

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from typing import Any

VERSION = 1  # the `v` of every message
# The one table of message kinds. A browser sends INCOMING, each answered by the module of
# the same name in host/handlers/ and validated by its model in messages.py; the host sends
# OUTGOING. Tests hold the models, the handlers and PROTOCOL.md to these tables.
INCOMING: tuple[str, ...] = ("hello", "check", "outcome", "set_mode", "get_state", "audit",
                             "get_profile", "save_profile", "clear_audit", "add_account",
                             "identify")
OUTGOING: tuple[str, ...] = ("ready", "verdict", "ok", "state", "state_changed", "audit_page",
                             "error", "profile", "saved", "identified")

HEADER = struct.Struct("=I")  # native byte order, as browsers write it
MAX_INCOMING = 64 * 1024 * 1024  # refused above this (and the body skipped)
MAX_OUTGOING = 1024 * 1024  # browsers drop the port on a bigger frame
_CHUNK = 1 << 20
READ_AHEAD = 8192  # the least each read of the input asks for


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
    MISSING_LENGTH_PREFIX = "missing_length_prefix"
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


def reply(kind: str, request_id: Any, **fields: Any) -> dict[str, Any]:
    """A reply to the request `request_id`: `{"v": 1, "type": kind, "id": ..., **fields}`."""
    return {"v": VERSION, "type": kind, "id": request_id, **fields}


def reply_body(kind: str, request_id: Any, fields: bytes) -> bytes:
    """`reply(kind, request_id, **fields)` as the UTF-8 JSON `encode` writes, from `fields`
    already written as one JSON object (a reply the host keeps written: the verdict)."""
    written_id = str(request_id).encode() if type(request_id) is int else (
        str_to_utf8(request_id) if type(request_id) is str else to_utf8(request_id))
    return b'{"v":%d,"type":"%s","id":%s,%s' % (VERSION, kind.encode(), written_id,
                                                   fields[1:])


def push(kind: str, **fields: Any) -> dict[str, Any]:
    """A message the host sends unasked (`state_changed`): no `id`."""
    return {"v": VERSION, "type": kind, **fields}


def error_frame(code: ErrorCode, message: str, request_id: Any = None) -> dict[str, Any]:
    return reply("error", request_id, code=str(code), message=message)


class FrameTooLarge(Exception):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class TruncatedFrame(Exception):
    """The input cannot be read as frames any more: the host answers and stops."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(expected, got)
        self.expected, self.got = expected, got


class MissingLengthPrefix(TruncatedFrame):
    """The input starts with JSON text where a frame's 4-byte length belongs (JSON typed or
    piped in by hand): there is no frame boundary to find again."""

    def __init__(self, start: bytes) -> None:
        super().__init__(0, 0)
        self.start = start
        self.message = (f"the input starts with {start.decode('ascii', 'replace')!r}, JSON "
                        "text where a frame's 4-byte length belongs; the host stops. Send "
                        "each message as a native-messaging frame: its length in 4 bytes "
                        "(native byte order), then the UTF-8 JSON")


def _looks_like_text(header: bytes) -> bool:
    """Printable ASCII opening a JSON value: as a length, over 512 MiB, so never a
    frame the limit lets through."""
    text = header.lstrip(b" \t\r\n")
    return all(0x20 <= b < 0x7F or b in b"\t\r\n" for b in header) and (
        not text or text[:1] in b'{["')


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
        self._ahead = b""  # read past the last frame given

    def read(self) -> bytes | None:
        """One frame's body; None at EOF between frames. Raises FrameTooLarge on the
        header of an oversized frame (the next read skips its body first), TruncatedFrame
        when the input ends inside a frame, MissingLengthPrefix on JSON text without one."""
        if self._to_skip:
            size, self._to_skip = self._to_skip, 0
            if not self._skip(size):
                return None  # it ended inside the refused frame: already reported
        header = self._exactly(HEADER.size, allow_eof=True)
        if header is None:
            return None
        (length,) = HEADER.unpack(header)
        if length > self.limit and _looks_like_text(header):
            raise MissingLengthPrefix(header)
        if length > self.limit:
            self._to_skip = length
            raise FrameTooLarge(length)
        body = self._exactly(length, allow_eof=False)
        assert body is not None
        return body

    def read_item(self) -> bytes | FrameTooLarge | TruncatedFrame | None:
        """`read`, with what it raises for a frame given back to answer: a FrameTooLarge
        (skipped, reading goes on) or a TruncatedFrame (the last item); None when the
        input ended or cannot be read."""
        try:
            return self.read()
        except (FrameTooLarge, TruncatedFrame) as error:
            return error
        except OSError:
            return None

    def _exactly(self, size: int, allow_eof: bool) -> bytes | None:
        # Each read asks for at least READ_AHEAD bytes: a frame's length and its body (the
        # next frames too, when queued) come in one system call instead of two.
        parts, got = [self._ahead], len(self._ahead)
        while got < size:
            chunk = os.read(self.fd, max(min(size - got, _CHUNK), READ_AHEAD))
            if not chunk:
                self._ahead = b""
                if got == 0 and allow_eof:
                    return None
                raise TruncatedFrame(size, got)
            parts.append(chunk)
            got += len(chunk)
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        if got == size:
            self._ahead = b""
            return data
        self._ahead = data[size:]
        return data[:size]

    def _skip(self, size: int) -> bool:
        """Read and drop `size` bytes in chunks (a 2 GiB length must not become a 2 GiB
        allocation); False when the input ends first."""
        left = size - len(self._ahead[:size])
        self._ahead = self._ahead[size:]
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
        self.send_body(to_utf8(message), message.get("type"), message.get("id"))

    def send_body(self, body: bytes, kind: Any, request_id: Any) -> None:
        """`body`: a message's UTF-8 JSON, of type `kind`, answering `request_id`."""
        if len(body) > self.limit:  # framed only when it goes out
            data = encode(error_frame(
                ErrorCode.REPLY_TOO_LARGE,
                f"the {kind} reply is {len(body)} bytes, over the "
                f"{self.limit}-byte limit of a native message; ask for less (a smaller "
                "audit limit)", request_id))
        else:
            data = HEADER.pack(len(body)) + body
        with self._lock:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
