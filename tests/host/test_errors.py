"""Every error code of PROTOCOL.md, over the real host's pipes, and the framing edge
cases: the host answers clearly and keeps serving (or exits promptly where it must)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from native_host.host.protocol import ErrorCode
from tests.host.conftest import HEADER, HELLO, ORIGIN, ROOT, check, env_for

GET_STATE = {"v": 1, "type": "get_state", "id": "after"}


def assert_still_serving(host) -> None:  # type: ignore[no-untyped-def]
    assert host.reply()["type"] == "state"


@pytest.mark.parametrize(("request_body", "code", "words"), [
    (b"{not json", "bad_json", "not UTF-8 JSON"),
    (b"\xff\xfe{}", "bad_json", "not UTF-8 JSON"),
    (b"[1, 2]", "bad_message", "must be a JSON object"),
    (b'{"v": 1, "type": "launch", "id": 1}', "unknown_type", "use one of: hello, check"),
    (b'{"v": 1, "id": 1}', "unknown_type", "has no 'type'"),
    (b'{"v": 2, "type": "get_state", "id": 1}', "unsupported_version", "version 2"),
    (b'{"v": 1, "type": "check", "id": 1, "site": "x"}', "bad_message",
     "required field 'action' is missing"),
    (b'{"v": 1, "type": "get_state", "id": 1, "extra": true}', "bad_message",
     "unknown field 'extra'"),
    (b'{"v": 1, "type": "check", "id": 1, "site": "x", "action": "shout"}', "bad_message",
     "'shout' is not allowed here"),
    (b'{"v": 1, "type": "set_mode", "id": 1, "mode": "library", "until": "2020-01-01T00:00Z"}',
     "bad_message", "is in the past"),
    (b'{"v": 1, "type": "audit", "id": 1, "limit": 0}', "bad_message", "limit"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_malformed_messages_get_a_clear_error_and_the_host_keeps_serving(
        library_dir, host_factory, request_body, code, words):
    host = host_factory(library_dir)
    host.hello()
    host.send(request_body)
    host.send(GET_STATE)
    error = host.reply()
    assert error["type"] == "error" and error["code"] == code, error
    assert words in error["message"]
    assert "Traceback" not in error["message"]
    assert_still_serving(host)


def test_an_error_names_the_request_id_when_it_could_be_read(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    error = host.ask({"v": 1, "type": "check", "id": "c9", "site": "x", "action": "post",
                      "identity": {"site": "x", "handle": "a", "knd": "user"}})
    assert error["id"] == "c9"
    assert error["message"].startswith("check message: identity.knd: unknown field 'knd'")
    assert "did you mean 'kind'" in error["message"]


def test_unknown_persona_names_the_known_ones(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    error = host.ask({"v": 1, "type": "set_mode", "id": 1, "mode": "wizard"})
    assert error["code"] == "unknown_persona"
    assert "use one of: auto, library, personal" in error["message"]


def test_unknown_check_for_an_outcome_of_a_check_never_answered(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    error = host.ask({"v": 1, "type": "outcome", "id": 1, "check_id": "nope",
                      "outcome": "proceeded"})
    assert error["code"] == "unknown_check" and "'nope'" in error["message"]


def test_an_outcome_may_name_any_of_the_last_thousand_checks_not_older(library_dir,
                                                                      host_factory):
    from native_host.host.recent import LIMIT

    host = host_factory(library_dir)
    host.hello()
    for n in range(LIMIT + 1):  # previews while the person types: 0 is the oldest
        assert host.ask(check(f"c{n}"))["type"] == "verdict"
    kept = host.ask({"v": 1, "type": "outcome", "id": "o1", "check_id": "c1",
                     "outcome": "proceeded"})
    assert kept["type"] == "ok"
    forgotten = host.ask({"v": 1, "type": "outcome", "id": "o2", "check_id": "c0",
                          "outcome": "proceeded"})
    assert forgotten["code"] == "unknown_check" and "'c0'" in forgotten["message"]


def test_bad_cursor(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    error = host.ask({"v": 1, "type": "audit", "id": 1, "limit": 5, "cursor": "x1"})
    assert error["code"] == "bad_cursor"


def test_store_error_when_the_store_cannot_be_written(library_dir, host_factory):
    lock = library_dir / "store.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()  # the lock cannot be opened, even by root: every write fails
    host = host_factory(library_dir)
    host.hello()
    error = host.ask({"v": 1, "type": "set_mode", "id": 1, "mode": "library"})
    assert error["code"] == "store_error" and str(library_dir) in error["message"]
    assert host.ask(check(1))["type"] == "verdict"  # checks go on


def test_reply_too_large_instead_of_a_frame_the_browser_would_drop(data_dir, host_factory):
    from native_host.store.store import Store

    accounts = ",".join(f'{{"site": "x", "handle": "account{n:05d}_with_a_long_name"}}'
                        for n in range(20_000))
    huge = ('{"schema": "persona-guard/profile@1", "id": "huge", "personas": {"many": '
            f'{{"label": "Many", "accounts": [{accounts}]}}}}}}').encode()
    Store(data_dir).add_profile(huge, "huge.json")
    host = host_factory(data_dir)
    assert host.ask(HELLO)["type"] == "ready"  # the state lists the first accounts only
    error = host.ask({"v": 1, "type": "get_profile", "id": "g"})  # the whole profile
    assert error["type"] == "error" and error["code"] == "reply_too_large"
    assert error["id"] == "g" and "1048576-byte limit" in error["message"]
    assert host.ask(check(1, "account00001_with_a_long_name"))["type"] == "verdict"


def test_frame_too_large_is_skipped_and_the_next_frame_answered(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    size = 64 * 1024 * 1024 + 1
    host.write(HEADER.pack(size))
    chunk = b" " * (1 << 20)
    for _ in range(size // len(chunk)):
        host.write(chunk)
    host.write(b" " * (size % len(chunk)))
    host.send(GET_STATE)
    error = host.reply()
    assert error["code"] == "frame_too_large" and str(size) in error["message"]
    assert_still_serving(host)


def test_a_2_gib_length_prefix_is_refused_without_reading_it_into_memory(library_dir,
                                                                        host_factory):
    host = host_factory(library_dir)
    host.hello()
    host.write(HEADER.pack(2**31))
    error = host.reply()
    assert error["code"] == "frame_too_large" and "2147483648" in error["message"]
    rss_kib = int(re.search(r"VmRSS:\s+(\d+)",
                            Path(f"/proc/{host.proc.pid}/status").read_text()).group(1))
    assert rss_kib < 200_000
    assert host.close() == 0


def test_raw_json_without_a_length_prefix_is_named_as_such(library_dir):
    """What a person piping a message into `persona-guard host` by hand sees: the error
    frame says the length prefix is missing (not "frame too large"), and no traceback."""
    done = subprocess.run([sys.executable, "-m", "native_host.cli", "host"],
                          input=b'{"v": 1, "type": "hello", "id": 1}\n', capture_output=True,
                          cwd=ROOT, env=env_for(library_dir), timeout=60)
    assert done.returncode == 0
    (length,) = HEADER.unpack(done.stdout[:4])
    error = json.loads(done.stdout[4:4 + length])
    assert error["code"] == "missing_length_prefix"
    assert "'{\"v\"'" in error["message"] and "4-byte length" in error["message"]
    assert "Traceback" not in done.stderr.decode()


def test_a_truncated_frame_is_reported_and_the_host_exits(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    host.write(HEADER.pack(100) + b'{"v": 1, "type"')
    host.proc.stdin.close()
    error = host.read()
    assert error["code"] == "truncated_frame" and "15 bytes into a frame of 100" in error[
        "message"]
    assert host.proc.wait(10) == 0


def test_eof_exits_cleanly_with_the_audit_written(library_dir, host_factory):
    """How quickly is bench/host_eof_exit.py's to measure; here, that it exits at all."""
    from native_host.store.audit import AuditLog

    host = host_factory(library_dir)
    host.hello()
    for n in range(20):
        host.ask(check(n))
        host.ask({"v": 1, "type": "outcome", "id": f"o{n}", "check_id": n,
                  "outcome": "proceeded"})
    host.proc.stdin.close()
    assert host.proc.wait(10) == 0
    assert len(list(AuditLog(library_dir).records())) == 20


def test_eof_before_any_message_exits_cleanly(library_dir, host_factory):
    host = host_factory(library_dir)
    assert host.close() == 0


def test_a_stray_print_never_reaches_the_stream(library_dir, host_factory):
    # a library that prints (and one that writes to fd 1 directly) while the host serves
    noisy = ("import os, threading, time\n"
             "stdout_pipe = os.fstat(1).st_ino\n"
             "def noise():\n"
             "    while os.fstat(1).st_ino == stdout_pipe:  # until the host is serving\n"
             "        time.sleep(0.001)\n"
             "    for _ in range(20):\n"
             "        print('stray print', flush=True); os.write(1, b'raw fd 1 write\\n')\n"
             "        time.sleep(0.005)\n"
             "threading.Thread(target=noise, daemon=True).start()\n"
             "from native_host.host.host import main\n"
             f"main([{ORIGIN!r}])\n")
    host = host_factory(library_dir, command=[sys.executable, "-c", noisy])
    print("stray print from the test itself")
    host.hello()
    for n in range(30):
        assert host.ask(check(n))["type"] == "verdict"
        time.sleep(0.002)
    assert host.close() == 0
    noise = host.stderr()
    assert "stray print" in noise and "raw fd 1 write" in noise


def test_a_bug_in_a_handler_is_an_internal_error_and_the_host_keeps_serving(
        library_dir, host_factory):
    broken = ("import native_host.host.handlers.get_state as get_state\n"
              "def broken(host, message):\n"
              "    raise RuntimeError('simulated bug')\n"
              "get_state.handle = broken\n"
              "from native_host.host.host import main\n"
              f"main([{ORIGIN!r}])\n")
    host = host_factory(library_dir, command=[sys.executable, "-c", broken])
    host.hello()
    error = host.ask(GET_STATE)
    assert error["code"] == "internal_error" and error["id"] == "after"
    assert str(library_dir / "logs" / "host.log") in error["message"]
    assert "Traceback" not in error["message"]
    assert host.ask(check(1))["type"] == "verdict"
    assert host.close() == 0
    logged = (library_dir / "logs" / "host.log").read_text()
    # the bug's type and where it happened, the message by its type and length only
    size = len(json.dumps(GET_STATE).encode())
    assert f"a get_state message of {size} bytes: RuntimeError" in logged
    assert "in broken" in logged


@pytest.mark.parametrize("args", [
    [ORIGIN],
    [ORIGIN, "--parent-window=4242"],
    [str(ROOT / "org.personaguard.host.json"), "persona-guard@personaguard.org"],
    [],
])
def test_the_arguments_browsers_pass_are_accepted(library_dir, host_factory, args):
    host = host_factory(library_dir, args=args)
    assert host.hello()["type"] == "ready"


@pytest.mark.parametrize("args", [
    ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"],
    ["/etc/firefox/org.personaguard.host.json", "evil@example.com"],
    ["--mystery"],
])
def test_an_origin_not_in_the_allowed_list_is_refused(library_dir, host_factory, args):
    host = host_factory(library_dir, args=args)
    error = host.read()
    assert error["code"] == ErrorCode.ORIGIN_NOT_ALLOWED
    assert "persona-guard install" in error["message"]
    assert host.proc.wait(5) == 1
    log = (library_dir / "logs" / "host.log").read_text()
    assert "refused to start" in log


def test_version_and_help(library_dir):
    import subprocess

    from native_host import __version__

    out = subprocess.run([sys.executable, "-m", "native_host", "--version"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"persona-guard {__version__}"
    out = subprocess.run([sys.executable, "-m", "native_host", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "debug/" in out.stdout


def test_every_error_code_is_in_the_protocol_table():
    table = (ROOT / "PROTOCOL.md").read_text().split("## Error codes", 1)[1]
    codes = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    assert codes == [code.value for code in ErrorCode]  # same order: append-only
