"""The host reads a frame with orjson's compiled parser when the frame is written the way
orjson writes it (jsonio.quick_from_bytes); whatever it reads, it reads as `from_bytes`
does: the same value, the same error, a key given twice refused as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from native_host.jsonio import MAX_DEPTH, BadJSON, from_bytes, quick_from_bytes

quick = quick_from_bytes()


def outcome(read: Any, raw: bytes) -> tuple[str, Any]:
    try:
        value = read(raw)
    except BadJSON as error:
        return "refused", str(error)
    return "read", (value, json.dumps(value, sort_keys=True))  # 1 and 1.0 told apart


COMPACT = [
    b'{"v":1,"type":"check","id":"c1","site":"x","action":"reply",'
    b'"identity":{"site":"x","handle":"davidleeking","kind":"user"},'
    b'"draft":{"text":"Yes we do, check the ebooks page!"}}',
    b'{"a":1,"a":2}',  # a key twice, compact: orjson alone would keep the last
    b'{"v":1,"draft":{"text":"a","text":"b"}}',
    b'{"t":"a\\"b:c\\":d"}',  # an escaped quote and a colon inside a string
    b'{"a":"\\u0022","b":"\\u003a","a":3}',
    b'{"x":1.0,"y":-0.0,"z":1e21,"n":-9223372036854775808}',
    b'{"i":' + b"9" * 30 + b"}",
    b'{"i":' + b"9" * 4400 + b"}",  # more than 4,300 digits
    b'{"s":"\\ud800"}',  # a lone surrogate, as a browser escapes it
    b'{"s":"\xed\xa0\x80"}',  # one as raw bytes: not UTF-8
    b'{"c":"\\n\\t\\u0001\\u007f\\u2028<\\u003C"}',
    '{"é":"ü","😀":["😀"]}'.encode(),
    b"[NaN]", b"[1,2,]", b"", b"{", b"\xef\xbb\xbf{}", b"null", b'"text"',
    b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
    b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
    b'{"a":' + b"[" * 300 + b"]" * 300 + b"}",
]


@pytest.mark.parametrize("raw", COMPACT)
def test_a_frame_reads_as_the_strict_reader_reads_it(raw: bytes) -> None:
    assert outcome(quick, raw) == outcome(from_bytes, raw)


def test_a_key_given_twice_is_refused_in_a_compact_frame_too() -> None:
    with pytest.raises(BadJSON, match="the key 'id' appears twice"):
        quick(b'{"v":1,"type":"get_state","id":1,"id":2}')
    with pytest.raises(BadJSON, match="the key 'text' appears twice"):
        quick(b'{"draft":{"text":"a","text":"b"}}')


def test_spaced_and_text_frames_read_the_same() -> None:
    spaced = b'{"v": 1, "type": "get_state", "id": 7}'
    assert quick(spaced) == from_bytes(spaced) == {"v": 1, "type": "get_state", "id": 7}
    assert quick(spaced.decode()) == from_bytes(spaced)
