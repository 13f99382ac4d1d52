"""A mode set until a time turns auto when that time passes, and every browser hears of
it. The one host test on a running clock: time has to pass for a mode to run out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.host.conftest import check

# Far enough ahead that a busy machine still delivers set_mode before it; the test takes
# that long.
MARGIN = timedelta(seconds=4)


def test_a_mode_that_runs_out_turns_auto_and_is_pushed(library_dir, host_factory,
                                                       pinned_clock):
    pinned_clock.pin(None)  # the wall clock, in this process and the host
    host = host_factory(library_dir)
    host.hello()
    # warm first (the first check loads the models and rules), so set_mode is quick
    assert host.ask(check(1))["type"] == "verdict"
    until = (datetime.now(UTC) + MARGIN).isoformat()
    state = host.ask({"v": 1, "type": "set_mode", "id": 1, "mode": "library", "until": until})
    assert state["type"] == "state", state
    assert state["mode"] == "library"
    pushed = host.wait_for_push(lambda m: m["mode"] == "auto")
    assert pushed["until"] is None
