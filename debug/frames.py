"""Canned native messages for trying the host outside a browser.

  python debug/frames.py encode debug/requests/hello.json ... > my.bin   # JSON -> frames
  python debug/frames.py decode < replies.bin                            # frames -> JSON
  python debug/frames.py build                                           # rewrite debug/*.bin

e.g.  cat debug/session.bin | python -m native_host | python debug/frames.py decode
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

HERE = Path(__file__).parent
HEADER = struct.Struct("=I")

# canned file -> the request files it holds, in order (raw bytes for the broken ones)
CANNED: dict[str, list[str]] = {
    "hello.bin": ["hello"],
    "get_state.bin": ["hello", "get_state"],
    "get_profile.bin": ["hello", "get_profile"],
    "add_account.bin": ["hello", "add_account"],
    "check.bin": ["hello", "check"],
    "session.bin": ["hello", "check", "outcome", "set_mode_auto", "get_state", "audit"],
    "errors.bin": ["hello", "unknown_type", "bad_message", "old_version", "unknown_persona",
                   "unknown_check", "bad_cursor"],
}


def frame(body: bytes) -> bytes:
    return HEADER.pack(len(body)) + body


def encode(paths: list[str]) -> bytes:
    out = b""
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        out += frame(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    return out


def decode(data: bytes) -> list[object]:
    messages = []
    while len(data) >= HEADER.size:
        (length,) = HEADER.unpack(data[:HEADER.size])
        body, data = data[HEADER.size:HEADER.size + length], data[HEADER.size + length:]
        messages.append(json.loads(body))
    return messages


def build() -> None:
    requests = HERE / "requests"
    for name, parts in CANNED.items():
        (HERE / name).write_bytes(encode([str(requests / f"{p}.json") for p in parts]))
    hello = encode([str(requests / "hello.json")])
    (HERE / "bad_json.bin").write_bytes(hello + frame(b"{not json"))
    # a 2 GiB length with no body: the host answers frame_too_large and stops at EOF
    (HERE / "too_large.bin").write_bytes(hello + HEADER.pack(2**31))
    # a frame that promises 100 bytes and ends after 10: truncated_frame, then the host stops
    (HERE / "truncated.bin").write_bytes(hello + HEADER.pack(100) + b'{"v": 1, "')


def main(argv: list[str]) -> int:
    if argv[:1] == ["encode"]:
        sys.stdout.buffer.write(encode(argv[1:]))
    elif argv[:1] == ["decode"]:
        for message in decode(sys.stdin.buffer.read()):
            print(json.dumps(message, ensure_ascii=False))
    elif argv[:1] == ["build"]:
        build()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
