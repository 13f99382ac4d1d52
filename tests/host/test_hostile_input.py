"""Input a page or a broken extension can produce, over the real host's pipes: lone
surrogates in every string, deep nesting, huge numbers, repeated keys, a `type` that is
not a string, a huge draft, and callers that are not our extension. The host answers each
with its documented code and goes on writing the audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from native_host.store.audit import AuditLog
from tests.host.conftest import HELLO, check, cli

LONE = "\ud800"  # what Firefox's JSON.stringify writes for a lone surrogate in page text


def raw(message: dict[str, Any]) -> bytes:
    """The frame body a browser sends: the surrogate as its \\u escape (ASCII JSON)."""
    return json.dumps(message).encode("ascii")


def acted_on(check_id: Any) -> dict[str, Any]:
    return {"v": 1, "type": "outcome", "id": f"o-{check_id}", "check_id": check_id,
            "outcome": "proceeded"}


def test_a_first_hello_whose_id_holds_a_lone_surrogate_is_answered(library_dir, host_factory):
    host = host_factory(library_dir)
    host.send(raw({**HELLO, "id": f"h{LONE}"}))
    ready = host.reply()
    assert ready["type"] == "ready" and ready["id"] == f"h{LONE}"
    assert host.ask({"v": 1, "type": "get_state", "id": "next"})["type"] == "state"
    assert host.close() == 0


@pytest.mark.parametrize("where", ["id", "identity.handle", "identity.display_name",
                                   "draft.text", "context.url", "context.reply_to.text",
                                   "context.reply_to.handle", "context.mentions",
                                   "context.target.handle"])
def test_a_lone_surrogate_in_any_check_field_gets_a_verdict_and_its_record_is_written(
        library_dir, host_factory, where):
    host = host_factory(library_dir)
    host.hello()
    message = {**check("c"), "context": {"reply_to": {"handle": "pat", "text": "hi"},
                                         "target": {"handle": "pat"}, "mentions": []}}
    part: Any = message
    *path, last = where.split(".")
    for key in path:
        part = part[key]
    part[last] = [f"a{LONE}"] if last == "mentions" else f"a{LONE}b"
    check_id = message["id"]
    host.send(raw(message))
    verdict = host.reply()
    assert verdict["type"] == "verdict" and verdict["id"] == check_id, verdict
    assert host.ask(acted_on(check_id))["type"] == "ok"
    for n in range(3):  # and the records after it still reach the disk
        host.ask(check(n))
        host.ask(acted_on(n))
    page = host.ask({"v": 1, "type": "audit", "id": "a", "limit": 10})
    assert [item["check_id"] for item in page["items"]] == [2, 1, 0, check_id]
    assert host.close() == 0
    records = list(AuditLog(library_dir).records())
    assert [r["check_id"] for r in records] == [check_id, 0, 1, 2]
    for path_ in (library_dir / "audit").glob("*.json"):
        path_.read_bytes().decode("utf-8")  # valid UTF-8 on disk


def test_a_lone_surrogate_in_hello_browser_and_policy_is_stored_without_raising(
        library_dir, host_factory):
    host = host_factory(library_dir)
    host.send(raw({**HELLO, "browser": f"fire{LONE}fox",
                   "policy": {f"k{LONE}": f"v{LONE}"}}))
    assert host.reply()["type"] == "ready"
    state = host.ask({"v": 1, "type": "set_mode", "id": "m", "mode": "library"})
    assert state["type"] == "state" and state["mode"] == "library"  # `by` holds the browser
    host.ask(check("c"))
    assert host.ask(acted_on("c"))["type"] == "ok"
    assert host.close() == 0
    [record] = AuditLog(library_dir).records()
    assert record["browser"] == f"fire{LONE}fox"
    shown = cli(library_dir, "audit", "--json")
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert json.loads(shown.stdout)["browser"] == f"fire{LONE}fox"
    assert cli(library_dir, "audit").returncode == 0


@pytest.mark.parametrize(("body", "code", "words"), [
    (b"[" * 1500 + b"]" * 1500, "bad_json", "nested more than 100 levels deep"),
    (b'{"v": 1, "type": "hello", "id": 1, "extension_version": "0", "browser": "b", '
     b'"policy": {"a": ' + b"[" * 150 + b"]" * 150 + b"}}", "bad_json", "more than 100 levels"),
    (b'{"v": 1, "type": "check", "id": 1, "draft": ' + b'{"text": ' * 1200 + b'""' +
     b"}" * 1201, "bad_json", "nested more than 100 levels deep"),
    (b'{"v": 1, "type": "get_state", "id": ' + b"7" * 5000 + b"}", "bad_json",
     "more than 4,300 digits"),
    (b'{"v": 1, "type": "audit", "id": 1, "limit": ' + b"9" * 4400 + b"}", "bad_json",
     "more than 4,300 digits"),
    (b'{"v": 1, "type": ["get_state"], "id": 1}', "unknown_type", "is an array, not a string"),
    (b'{"v": 1, "type": {"a": 1}, "id": 1}', "unknown_type", "is an object, not a string"),
    (b'{"v": 1, "type": "get_state", "id": 1, "id": 2}', "bad_json", "the key 'id' appears"),
    (b'{"v": 1, "type": "check", "id": 1, "site": "x", "action": "post", '
     b'"draft": {"text": "a", "text": "b"}}', "bad_json", "the key 'text' appears twice"),
], ids=["nesting", "nesting-150", "nesting-inside", "huge-id", "huge-limit", "type-list",
        "type-object", "duplicate-id", "duplicate-text"])
def test_hostile_frames_get_their_documented_code_and_no_traceback_is_logged(
        library_dir, host_factory, body, code, words):
    host = host_factory(library_dir)
    host.hello()
    host.send(body)
    error = host.reply()
    assert error["type"] == "error" and error["code"] == code, error
    assert words in error["message"]
    assert host.ask({"v": 1, "type": "get_state", "id": "after"})["type"] == "state"
    assert host.close() == 0
    assert "Traceback" not in host.stderr()
    assert "Traceback" not in (library_dir / "logs" / "host.log").read_text()


def test_a_huge_draft_is_answered_and_only_its_start_is_considered(library_dir,
                                                                  host_factory):
    host = host_factory(library_dir)
    host.hello()
    reply_to = {"handle": "pat", "text": "see you"}
    late = {**check("late", text="x " * 15_000_000 + "the topeka library"), "action": "reply",
            "context": {"reply_to": reply_to}}
    early = {**check("early", text="the topeka library"), "action": "reply",
             "context": {"reply_to": reply_to}}
    verdict = host.ask(late, timeout=120)  # a 30 MB frame: a generous bound, not a limit
    assert verdict["type"] == "verdict"
    assert "CONTENT_MISMATCH" not in [r["code"] for r in verdict["reasons"]]
    assert "CONTENT_MISMATCH" in [r["code"] for r in host.ask(early)["reasons"]]


@pytest.mark.parametrize("args", [["/tmp/evil.json"], ["/tmp/evil.JSON"],
                                  ["manifest.json", "someone@else.org"]])
def test_a_manifest_path_without_our_add_on_id_is_refused(library_dir, host_factory, args):
    host = host_factory(library_dir, args=args)
    error = host.read()
    assert error["code"] == "origin_not_allowed"
    assert host.proc.wait(30) == 1


def test_firefox_with_our_add_on_id_is_served(library_dir, host_factory):
    host = host_factory(library_dir, args=["/x/org.personaguard.host.json",
                                           "persona-guard@personaguard.org"])
    assert host.hello()["type"] == "ready"


def test_a_bug_is_logged_by_message_type_and_length_never_its_text(library_dir,
                                                                   host_factory):
    import sys

    from tests.host.conftest import ORIGIN

    broken = ("import native_host.host.handlers.check as check\n"
              "def broken(host, message):\n"
              "    raise ValueError('while reading ' + message.draft.text)\n"
              "check.handle = broken\n"
              "from native_host.host.host import main\n"
              f"main([{ORIGIN!r}])\n")
    host = host_factory(library_dir, command=[sys.executable, "-c", broken])
    host.hello()
    message = {**check("c", text="SECRET-DRAFT"), "action": "reply",
               "context": {"reply_to": {"handle": "pat", "text": "SECRET-REPLY"}}}
    assert host.ask(message)["code"] == "internal_error"
    assert host.close() == 0
    logged = (library_dir / "logs" / "host.log").read_text() + host.stderr()
    size = len(json.dumps(message).encode())
    assert f"a check message of {size} bytes: ValueError" in logged
    assert "SECRET" not in logged


def test_the_data_folder_and_every_file_in_it_are_the_owners_alone(library_dir: Path,
                                                                   host_factory):
    library_dir.chmod(0o755)  # as an older version, or a person, left it
    (library_dir / "logs").mkdir(exist_ok=True)
    (library_dir / "logs" / "host.log").write_text("")
    (library_dir / "logs" / "host.log").chmod(0o644)
    (library_dir / "profiles.json").chmod(0o644)
    host = host_factory(library_dir)
    host.hello()
    host.ask(check("c"))
    host.ask(acted_on("c"))
    host.ask({"v": 1, "type": "set_mode", "id": "m", "mode": "library"})
    assert host.close() == 0
    assert cli(library_dir, "mode", "auto").returncode == 0
    loose = [f"{path.relative_to(library_dir)} {path.stat().st_mode & 0o777:o}"
             for path in [library_dir, *library_dir.rglob("*")]
             if path.stat().st_mode & 0o077]
    assert loose == []
    names = {path.name for path in library_dir.rglob("*")}
    assert {"store.lock", "audit.lock", "host.log", "cli.log"} <= names
