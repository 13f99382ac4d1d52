"""How a host stops: SIGTERM (a browser or the system ending it) stops it as closing its
input does, answering nothing more and with the audit log written."""

from __future__ import annotations

import signal

from native_host.store.audit import AuditLog
from tests.host.conftest import WAIT
from tests.host.conftest import check as check_message


def test_sigterm_stops_the_host_cleanly_with_the_audit_written(library_dir, host_factory):
    host = host_factory(library_dir)
    host.hello()
    assert host.ask(check_message("c"))["type"] == "verdict"
    assert host.ask({"v": 1, "type": "outcome", "id": "o", "check_id": "c",
                     "outcome": "proceeded"})["type"] == "ok"
    host.proc.send_signal(signal.SIGTERM)
    assert host.proc.wait(WAIT) == 0
    [record] = AuditLog(library_dir).records()
    assert (record["check_id"], record["outcome"]) == ("c", "proceeded")
    assert "Traceback" not in host.stderr()
