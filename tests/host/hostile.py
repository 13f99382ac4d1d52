"""Hostile frames for the host: every field of every message kind filled with good values,
wrong JSON types, lone surrogates, control characters and long strings; then some frames
mangled into deep nesting, huge integers, repeated keys, cut JSON or bytes that are not
UTF-8. Driven by a `random.Random`, so the fuzz test (hypothesis draws the Random) and
bench/fuzz_host.py (100,000 frames) share it. `expected()` says what the reply must be."""

from __future__ import annotations

import json
import random
from typing import Any

from native_host.host.messages import INCOMING_MODELS
from native_host.host.protocol import ErrorCode
from native_host.jsonio import BadJSON, from_bytes

KINDS = list(INCOMING_MODELS)
PIECES = ["a", "Topeka library", "davidleeking", "@x", "\ud800", "\udfff", "\ud83d", "\x00",
          "\n", "é", "😀", "\u202e", "library", "personal", "auto", " ", '"', "\\", "x" * 300]
SITES = ["x", "facebook", "linkedin", "mastodon", "bluesky", "nope"]
ACTIONS = ["post", "reply", "comment", "react", "follow", "connect", "message", "shout"]


def text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 5)))


def anything(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value (a small one)."""
    roll = rng.randrange(9 if depth < 3 else 6)
    if roll == 0:
        return None
    if roll == 1:
        return rng.choice([True, False])
    if roll == 2:
        return rng.choice([0, 1, -1, 2**31, -(2**63), 10**40, rng.randrange(-1000, 1000)])
    if roll == 3:
        return rng.choice([0.5, -1e308, 1e-300, 3.0])
    if roll in (4, 5):
        return text(rng)
    if roll == 6:
        return [anything(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {text(rng): anything(rng, depth + 1) for _ in range(rng.randrange(3))}


def maybe(rng: random.Random, good: Any) -> Any:
    """Mostly a plausible value, sometimes any JSON at all."""
    return good if rng.random() < 0.75 else anything(rng)


def check_fields(rng: random.Random) -> dict[str, Any]:
    site = maybe(rng, rng.choice(SITES))
    fields: dict[str, Any] = {"site": site, "action": maybe(rng, rng.choice(ACTIONS))}
    if rng.random() < 0.8:
        fields["identity"] = maybe(rng, {"site": maybe(rng, site), "handle": maybe(rng, text(rng)),
                                         "kind": maybe(rng, rng.choice(["user", "page"])),
                                         "display_name": maybe(rng, text(rng))})
    if rng.random() < 0.8:
        fields["context"] = maybe(rng, {
            "url": maybe(rng, "https://x.com/" + text(rng)),
            "reply_to": maybe(rng, {"handle": maybe(rng, text(rng)),
                                    "text": maybe(rng, text(rng))}),
            "target": maybe(rng, {"handle": maybe(rng, text(rng))}),
            "mentions": maybe(rng, [text(rng) for _ in range(rng.randrange(3))])})
    if rng.random() < 0.8:
        fields["draft"] = maybe(rng, {"text": maybe(rng, text(rng))})
    return fields


def plausible(rng: random.Random, kind: str, n: int, checked: list[Any]) -> dict[str, Any]:
    if kind == "check":
        return check_fields(rng)
    return {
        "hello": lambda: {"extension_version": maybe(rng, "0.1.0"),
                          "browser": maybe(rng, text(rng)), "policy": maybe(rng, {})},
        "outcome": lambda: {"check_id": maybe(rng, rng.choice(checked or [n])),
                            "outcome": maybe(rng, rng.choice(["cancelled", "proceeded",
                                                              "switched"]))},
        "set_mode": lambda: {"mode": maybe(rng, rng.choice(["auto", "library", "personal",
                                                            text(rng)])),
                             "until": maybe(rng, rng.choice([None, "2099-01-01T00:00:00Z",
                                                             "2000-01-01T00:00:00Z"]))},
        "audit": lambda: {"limit": maybe(rng, rng.choice([1, 10, 1000, 5000])),
                          "cursor": maybe(rng, rng.choice([None, "5", text(rng)])),
                          "since": maybe(rng, None)},
        "save_profile": lambda: {"profile": maybe(rng, {"schema": "persona-guard/profile@1",
                                                        "id": text(rng)})},
        "clear_audit": lambda: {"confirm": maybe(rng, False)},
    }.get(kind, dict)()


def message(rng: random.Random, n: int, checked: list[Any]) -> dict[str, Any]:
    kind = rng.choice(KINDS) if rng.random() < 0.95 else anything(rng)
    request_id: Any = rng.choice([n, f"r{n}", f"r{n}\ud800"]) if rng.random() < 0.95 else (
        anything(rng))
    data = {"v": maybe(rng, 1), "type": kind, "id": request_id}
    if isinstance(kind, str) and kind in KINDS:
        fields = plausible(rng, kind, n, checked)
        data.update({k: v for k, v in fields.items() if rng.random() < 0.95})
        if kind == "check" and isinstance(request_id, str | int):
            checked.append(request_id)
    if rng.random() < 0.05:
        data[text(rng) or "extra"] = anything(rng)
    return data


def mangle(rng: random.Random, body: bytes) -> bytes:
    roll = rng.random()
    if roll < 0.02:
        return b"[" * rng.randrange(1000, 3000) + b"]" * 10
    if roll < 0.03:
        depth = rng.randrange(95, 300)  # around the documented limit, below Python's
        return body[:-1] + b', "nest": ' + b"[" * depth + b"]" * depth + b"}"
    if roll < 0.04:
        return body[:-1] + b', "deep": ' + b"[" * 1500 + b"]" * 1500 + b"}"
    if roll < 0.06:
        return body[:-1] + b', "big": ' + b"7" * rng.randrange(4301, 6000) + b"}"
    if roll < 0.08:  # the id twice, spaced or compact as the body is
        return body[:-1] + (b',"id":1}' if b'":' in body[:12] else b', "id": 1}')
    if roll < 0.10:
        return body[: rng.randrange(len(body))]
    if roll < 0.12:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 30)))
    if roll < 0.13:
        return b"\xed\xa0\x80" + body  # a surrogate as raw UTF-8 bytes: not UTF-8
    return body


def frame_body(rng: random.Random, n: int, checked: list[Any]) -> bytes:
    # compact as a browser writes it (the host's compiled reader takes it) or spaced
    separators = (",", ":") if rng.random() < 0.5 else (", ", ": ")
    body = json.dumps(message(rng, n, checked), ensure_ascii=rng.random() < 0.8,
                      separators=separators).encode("utf-8", "surrogatepass")
    return mangle(rng, body)


# What a reply may be, given the frame: the envelope decides the error code.
ANY_REQUEST_ERROR = {ErrorCode.BAD_MESSAGE, ErrorCode.UNKNOWN_PERSONA, ErrorCode.UNKNOWN_CHECK,
                     ErrorCode.BAD_CURSOR, ErrorCode.STORE_ERROR, ErrorCode.REPLY_TOO_LARGE,
                     "invalid_profile"}


def expected(body: bytes) -> tuple[set[str], Any]:
    """(the reply codes or types allowed, the id the reply must carry)."""
    try:
        data = from_bytes(body)
    except BadJSON:
        return {ErrorCode.BAD_JSON}, None
    if not isinstance(data, dict):
        return {ErrorCode.BAD_MESSAGE}, None
    request_id = data.get("id") if type(data.get("id")) in (str, int) else None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in INCOMING_MODELS:
        return {ErrorCode.UNKNOWN_TYPE}, request_id
    if data.get("v") != 1:
        return {ErrorCode.UNSUPPORTED_VERSION}, request_id
    return {"reply", *map(str, ANY_REQUEST_ERROR)}, request_id


def judge(body: bytes, reply: dict[str, Any]) -> str | None:
    """None when the reply is right for the frame, else what is wrong."""
    allowed, request_id = expected(body)
    code = reply.get("code") if reply.get("type") == "error" else "reply"
    if code not in allowed:
        return f"{code} where {sorted(allowed)} was due"
    if request_id is not None and reply.get("id") != request_id:
        return f"id {reply.get('id')!r} where {request_id!r} was due"
    return None
