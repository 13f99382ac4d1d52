"""A host reading the compiled profiles answers checks without ever loading the profile
models: pydantic, its compiled core and what it drags in (hashlib's libcrypto among them)
were most of a host's resident memory, held for as long as the browser runs. The messages
sent all day (hello, check, outcome, identify, get_state) are read without models; the
others (the options page's) load them. Read from the host's own memory map (Linux)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.host.conftest import check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/PID/maps")

# shared objects a host on the normal path has no use for (each a few MB resident)
HEAVY = ("_pydantic_core", "libcrypto")


def mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_a_host_on_compiled_profiles_answers_without_the_profile_models(library_dir,
                                                                       host_factory):
    assert (library_dir / "profiles.compiled").exists()  # written when the profiles were added
    host = host_factory(library_dir)
    host.hello()
    # in the library's hours (the pinned clock): the schedule expects the Library persona
    verdict = host.ask({**check("c1", "davidleeking"), "action": "reply",
                        "context": {"reply_to": {"handle": "someone",
                                                 "text": "Is the Topeka library open?"}}})
    assert [r["code"] for r in verdict["reasons"]] == ["MODE_MISMATCH", "CONTEXT_MISMATCH"]
    assert "scheduled Mon–Fri 09:00–18:00 America/Chicago" in verdict["reasons"][0]["message"]
    assert verdict["suggestion"] == {"persona": "library", "site": "x",
                                     "handle": "topekalibrary", "kind": "user"}
    assert host.ask({"v": 1, "type": "outcome", "id": "o1", "check_id": "c1",
                     "outcome": "proceeded"})["type"] == "ok"
    identified = host.ask({"v": 1, "type": "identify", "id": "i1", "identities": [
        {"site": "x", "handle": "TopekaLibrary", "kind": "user"},
        {"site": "x", "handle": "someone_else", "kind": "user"}]})
    assert identified["personas"] == ["library", None]
    state = host.ask({"v": 1, "type": "get_state", "id": "s1"})
    assert state["effective_persona"] == "library"
    maps = mapped(host.proc.pid)
    assert [name for name in HEAVY if name in maps] == []


def test_without_compiled_profiles_the_host_validates_them_and_answers_alike(library_dir,
                                                                           host_factory):
    (library_dir / "profiles.compiled").unlink()  # the validating path: the models load
    host = host_factory(library_dir)
    host.hello()
    verdict = host.ask(check("c1", "davidleeking"))
    assert verdict["type"] == "verdict" and verdict["active_persona"] == "personal"
    assert "_pydantic_core" in mapped(host.proc.pid)  # what the test above tells apart
    assert (library_dir / "profiles.compiled").exists()  # written again for the next host
