"""Frames in and out. The host reads ahead of the frame it needs (a frame's length and body in
one system call): frames that arrive together, a refused frame whose body was read ahead, and
input that ends inside a frame must each come out as they did one read at a time. A reply kept
written (the verdict's fields) must go out as the same bytes the message would."""

from __future__ import annotations

import json
import os
import threading

import pytest

from native_host.host.protocol import (
    HEADER,
    FrameReader,
    FrameTooLarge,
    TruncatedFrame,
    reply,
    reply_body,
)
from native_host.jsonio import str_to_utf8, to_utf8


def frame(body: bytes) -> bytes:
    return HEADER.pack(len(body)) + body


def read_all(data: bytes, limit: int) -> list[object]:
    read_end, write_end = os.pipe()
    # all at once, as a browser's queued messages arrive (a thread: past the pipe's buffer
    # the write waits for the reads)
    writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    writer.start()
    reader = FrameReader(read_end, limit=limit)
    items: list[object] = []
    while (item := reader.read_item()) is not None:
        items.append(item)
        if isinstance(item, TruncatedFrame):
            break
    writer.join()
    os.close(read_end)
    return items


def test_frames_that_arrive_together_come_out_one_by_one_a_refused_one_skipped():
    first, second = (json.dumps({"v": 1, "type": "get_state", "id": n}).encode() for n in (1, 2))
    items = read_all(frame(first) + frame(b"x" * 150) + frame(second) + HEADER.pack(40) + b"{",
                     limit=100)
    assert items[0] == first
    assert isinstance(items[1], FrameTooLarge) and items[1].length == 150
    assert items[2] == second
    assert isinstance(items[3], TruncatedFrame) and (items[3].expected, items[3].got) == (40, 1)
    assert len(items) == 4


def test_a_frame_larger_than_one_read_ahead_is_read_whole():
    body = json.dumps({"text": "é" * 100_000}).encode()
    assert read_all(frame(body) + frame(b"{}"), limit=1 << 20) == [body, b"{}"]


def test_the_input_ending_between_frames_is_the_end():
    assert read_all(frame(b"{}"), limit=100) == [b"{}"]


def test_a_reply_from_fields_kept_written_is_the_bytes_of_the_reply_itself():
    fields = {"decision": "warn", "active_persona": "personal", "reasons": [
        {"code": "MODE_MISMATCH", "message": "“Library” expects this; you are @david"}]}
    for request_id in (7, 0, -3, "check-1", "c\u00e9", 'a "quoted" id', "back\\slash\t\n\x00",
                       "\u2028 \U0001f600", ""):
        assert reply_body("verdict", request_id, to_utf8(fields)) == \
            to_utf8(reply("verdict", request_id, **fields)), request_id
    # an id UTF-8 cannot hold is escaped on its own, where the whole reply would be: the
    # same message all the same
    lone = "\ud800"
    assert json.loads(reply_body("verdict", lone, to_utf8(fields))) == \
        reply("verdict", lone, **fields)


@pytest.mark.parametrize("text", ["check-mx6d6c0w-5", "", "c\u00e9 \U0001f600", 'a "q" \\ \x1f',
                                  "\ud800", "a\udfffb", "\u2028"])
def test_an_id_is_written_as_json_dumps_writes_it(text):
    assert str_to_utf8(text) == to_utf8(text)
    assert json.loads(str_to_utf8(text)) == text
