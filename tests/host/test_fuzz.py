"""A stream of mixed good and bad frames: the host answers each exactly once, in order,
with the request's id, and never stops serving."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.host import hostile
from tests.host.conftest import check

KINDS = ["check", "outcome", "get_state", "set_mode", "audit", "hello", "nope", None]


def random_message(rng: random.Random, n: int) -> tuple[bytes, Any]:
    """A frame body and the id the reply must carry (None when it cannot be read)."""
    roll = rng.random()
    if roll < 0.05:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))), None
    if roll < 0.1:
        return json.dumps(rng.choice([[], "text", 3, None, True])).encode(), None
    message: dict[str, Any] = {"v": rng.choice([1, 1, 1, 2]), "id": n}
    kind = rng.choice(KINDS)
    if kind is not None:
        message["type"] = kind
    if kind == "check":
        message.update({k: v for k, v in check(n, rng.choice(["davidleeking", "x y"])).items()
                        if k not in ("id", "v")})
    elif kind == "outcome":
        message.update(check_id=rng.randrange(n + 1), outcome=rng.choice(
            ["cancelled", "proceeded", "shrugged"]))
    elif kind == "set_mode":
        message["mode"] = rng.choice(["auto", "library", "personal", "ghost"])
    elif kind == "audit":
        message["limit"] = rng.choice([1, 10, 5000])
    elif kind == "hello":
        message.update(extension_version="0.1.0", browser="chromium", policy={})
    if rng.random() < 0.2:
        message[rng.choice(["extra", "site", "draft"])] = rng.choice([1, "x", {}, None])
    if rng.random() < 0.1:
        message.pop(rng.choice(list(message)))
    body = json.dumps(message).encode()
    return body, message.get("id")


def test_every_frame_is_answered_once_in_order(library_dir, host_factory):
    rng = random.Random(7)
    host = host_factory(library_dir)
    host.hello()
    frames = [random_message(rng, n) for n in range(400)]
    for body, _ in frames:
        host.send(body)
    replies = [host.reply() for _ in frames]
    assert [r.get("id") for r in replies] == [expected for _, expected in frames]
    kinds = {r["type"] for r in replies}
    assert "error" in kinds and "verdict" in kinds
    assert all("Traceback" not in r.get("message", "") for r in replies)
    assert not [r for r in replies if r.get("code") == "internal_error"]
    assert host.ask({"v": 1, "type": "get_state", "id": "last"})["id"] == "last"


FUZZ_EXAMPLES, FRAMES_PER_EXAMPLE = 20, 100  # 2,000 frames: a few seconds


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          phases=[Phase.generate],  # a failure names its frame; shrinking a stream is slow
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64 - 1))  # hypothesis picks the streams; the generator
def test_hostile_frames_over_every_field_get_their_documented_answer(library_dir,
                                                                     host_factory, seed):
    """Surrogates, wrong types, nesting, huge numbers, repeated keys and broken bytes in
    every field of every message kind (tests/host/hostile.py): each frame gets exactly
    one reply with its documented code and id, never internal_error, and the host and
    its audit log keep working."""
    host = _fuzzed_host(library_dir, host_factory)
    rng = random.Random(seed)
    checked: list[Any] = []
    for n in range(FRAMES_PER_EXAMPLE):
        body = hostile.frame_body(rng, n, checked)
        host.send(body)
        reply = host.reply(timeout=120)  # a bound on the wait, not a time limit
        wrong = hostile.judge(body, reply)
        assert wrong is None, f"{wrong}: {body[:300]!r} -> {reply}"
    assert host.ask({"v": 1, "type": "get_state", "id": "alive"})["id"] == "alive"
    host.ask(check("fuzz-end"))
    assert host.ask({"v": 1, "type": "outcome", "id": "o", "check_id": "fuzz-end",
                     "outcome": "proceeded"})["type"] == "ok"
    page = host.ask({"v": 1, "type": "audit", "id": "a", "limit": 1})
    assert page["items"][0]["check_id"] == "fuzz-end"  # the audit log still takes records


_HOSTS: dict[str, Any] = {}


def _fuzzed_host(library_dir, host_factory):  # type: ignore[no-untyped-def]
    """One host for all examples of a run (a host per example would spend the run starting
    hosts); a fresh one if the previous example's has ended."""
    host = _HOSTS.get(str(library_dir))
    if host is None or host.proc.poll() is not None:
        host = _HOSTS[str(library_dir)] = host_factory(library_dir)
        host.hello()
    return host
