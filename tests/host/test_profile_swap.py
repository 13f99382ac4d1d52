"""Profiles another process changes are compiled off the frames thread: checks meanwhile
are answered with the profiles in force, and the new ones come in whole once compiled. A
mode another process set before a check counts for that check at once.

The host runs in this process over real pipes and a real data folder; only the compile is
held until the test lets it go (the real compile, waited for), so what a check sees while
a large profile set compiles is pinned without any timing."""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from native_host.host.caller import Caller
from native_host.host.host import Host
from native_host.host.protocol import FrameReader, FrameWriter
from native_host.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "persona_profiles" / "public-library.json"
PERSONAL = ROOT / "persona_profiles" / "library-staff-personal.json"
HEADER = struct.Struct("=I")


def check(check_id: int, handle: str) -> bytes:
    return json.dumps({"v": 1, "type": "check", "id": check_id, "site": "x",
                       "action": "post", "identity": {"site": "x", "handle": handle,
                                                      "kind": "user"},
                       "draft": {"text": "hello"}}).encode()


class Replies:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def next(self) -> dict[str, Any]:
        (length,) = HEADER.unpack(os.read(self.fd, HEADER.size))
        return json.loads(os.read(self.fd, length))  # type: ignore[no-any-return]


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path / "data")
    store.add_profile(LIBRARY.read_bytes(), str(LIBRARY))
    replies_in, replies_out = os.pipe()
    frames_in, frames_out = os.pipe()
    made = Host(FrameReader(frames_in), FrameWriter(replies_out), store,
                Caller("manual", None, True), audit_interval=0.01)
    made._warm_up()
    made.greet("chromium", {})
    yield made, Replies(replies_in)
    if made._audit_writer is not None:
        made._audit_writer.close()
    for fd in (replies_in, replies_out, frames_in, frames_out):
        os.close(fd)


def hold_compiles(store: Store, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    release = threading.Event()
    real = store.load_merged

    def held() -> Any:
        release.wait()
        return real()

    monkeypatch.setattr(store, "load_merged", held)
    return release


def compiled(host: Host) -> None:
    for thread in threading.enumerate():
        if thread.name == "compile":
            thread.join()


def test_checks_are_answered_with_the_previous_profiles_until_the_new_ones_compiled(
        host, monkeypatch):
    host_, replies = host
    release = hold_compiles(host_.store, monkeypatch)
    host_.store.add_profile(PERSONAL.read_bytes(), str(PERSONAL))  # as the CLI would

    with host_.lock:
        host_._dispatch(check(1, "davidleeking"))
    answered = replies.next()
    assert answered["type"] == "verdict" and answered["active_persona"] is None
    assert list(host_.state()["personas"]) == ["library"]

    release.set()
    compiled(host_)
    with host_.lock:
        host_._dispatch(check(2, "davidleeking"))
    assert replies.next()["active_persona"] == "personal"
    assert sorted(host_.state()["personas"]) == ["library", "personal"]


def test_a_mode_set_elsewhere_counts_for_the_next_check_even_while_profiles_compile(
        host, monkeypatch):
    host_, replies = host
    host_.store.add_profile(PERSONAL.read_bytes(), str(PERSONAL))
    with host_.lock:
        host_.refresh(wait=True)
    release = hold_compiles(host_.store, monkeypatch)
    renamed = json.loads(LIBRARY.read_text())
    renamed["version"] += 1
    renamed["personas"]["library"]["label"] = "The Library"
    host_.store.add_profile(json.dumps(renamed).encode(), "renamed.json")
    host_.store.set_mode("personal", None, "cli")

    with host_.lock:
        host_._dispatch(check(1, "topekalibrary"))
    verdict = replies.next()
    assert "MODE_MISMATCH" in [r["code"] for r in verdict["reasons"]]
    assert host_.state()["mode"] == "personal"
    assert host_.state()["personas"]["library"]["label"] == "Library"  # not compiled yet
    release.set()
    compiled(host_)
    with host_.lock:
        host_.refresh()
    assert host_.state()["personas"]["library"]["label"] == "The Library"


def test_each_mode_set_elsewhere_counts_for_the_check_right_after_it(host):
    """The store's folder is watched (store/changes.py) so that a check costs no stat
    while nothing changed; every change made meanwhile must still count at once."""
    host_, replies = host
    host_.store.add_profile(PERSONAL.read_bytes(), str(PERSONAL))
    with host_.lock:
        host_.refresh(wait=True)
    elsewhere = Store(host_.store.root)  # another process's view of the same folder
    if sys.platform.startswith("linux"):
        assert host_._changes is not None and host_._changes.watching
    for n, persona in enumerate(["personal", "library", "personal", "library", "personal"]):
        elsewhere.set_mode(persona, None, "cli")
        with host_.lock:
            host_._dispatch(check(n, "topekalibrary"))  # the library's own account
        codes = [r["code"] for r in replies.next()["reasons"]]
        assert ("MODE_MISMATCH" in codes) == (persona == "personal"), (n, codes)
        with host_.lock:  # nothing changed since: the same answer, still
            host_._dispatch(check(100 + n, "topekalibrary"))
        assert [r["code"] for r in replies.next()["reasons"]] == codes, n


def test_a_write_of_this_connection_is_compiled_before_its_reply(host, monkeypatch):
    host_, replies = host
    add = {"v": 1, "type": "add_account", "id": "a", "site": "x", "handle": "newdesk",
           "persona": "desk"}
    with host_.lock:
        host_._dispatch(json.dumps(add).encode())
    state = replies.next()
    assert state["type"] == "state"
    handles = [a["handle"] for a in state["personas"]["desk"]["accounts"]]
    assert "newdesk" in handles
    with host_.lock:
        host_._dispatch(check(3, "newdesk"))
    assert replies.next()["active_persona"] == "desk"

