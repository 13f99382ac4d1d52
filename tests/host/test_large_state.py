"""A large organisation's profile (60 personas of 500 accounts each) still connects: the
state fits in one frame because each persona lists its first accounts and says how many
it has, while the decision still knows every account."""

from __future__ import annotations

import json

from native_host.host.messages import OUTGOING_MODELS
from native_host.host.state import STATE_ACCOUNTS
from tests.host.conftest import check, cli

PERSONAS, ACCOUNTS = 60, 500


def large_profile() -> dict:
    return {"schema": "persona-guard/profile@1", "id": "county", "version": 1,
            "title": "County services",
            "personas": {f"desk{p}": {
                "label": f"Desk {p}", "color": "#0b5cad",
                "accounts": [{"site": "x", "handle": f"desk{p}_account{a}"}
                             for a in range(ACCOUNTS)]} for p in range(PERSONAS)}}


def test_the_state_of_a_large_set_fits_one_frame_and_every_account_still_counts(
        data_dir, host_factory):
    path = data_dir / "county.json"
    path.write_text(json.dumps(large_profile()))
    assert cli(data_dir, "profile", "add", str(path)).returncode == 0
    host = host_factory(data_dir)
    ready = host.hello()  # on a frame over 1 MiB this would be a reply_too_large error
    OUTGOING_MODELS["ready"].model_validate(ready)
    desk = ready["state"]["personas"]["desk7"]
    listed = STATE_ACCOUNTS // PERSONAS
    assert len(desk["accounts"]) == listed and desk["accounts_total"] == ACCOUNTS
    assert desk["accounts"][0] == {"site": "x", "handle": "desk7_account0"}
    # an account past those listed is still the persona's
    verdict = host.ask({**check("c1", f"desk7_account{ACCOUNTS - 1}")})
    assert verdict["type"] == "verdict" and verdict["active_persona"] == "desk7"
    state = host.ask({"v": 1, "type": "get_state", "id": "s1"})
    assert state["type"] == "state" and state["personas"]["desk59"]["accounts_total"] == ACCOUNTS
