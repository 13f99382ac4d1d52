"""How the adapters do on the Instagram, Threads, Reddit and YouTube fixture pages, in
Chromium with the real host: the share of pages where the identity, its kind and the post
answered (or account acted on) are found, where a wrong-persona send is held with the
page's own handler never run, and where a right-persona send goes straight through once.

    .venv/bin/python scripts/site_fixture_report.py      # prints JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from native_host.browser.session import launch
from tests.e2e.harness import SITE_CASES, use_profiles
from tests.e2e.site_cases import PROFILE, SITES, acted, detected


def found_right(entry: dict[str, Any], found: dict[str, Any]) -> bool:
    expect, who = entry["expect"], found["identity"]
    return (who["handle"], who["kind"], found["action"], found["reply_to"], found["target"]) == (
        expect["handle"], expect["kind"], expect["action"], expect["reply_to"], expect["target"])


def attempt(what: Any) -> Any:
    try:
        return what()
    except Exception as error:  # a page the adapter cannot act on counts as a miss
        return {"error": f"{type(error).__name__}: {str(error).splitlines()[0]}"}


def main() -> None:
    cases = [c for c in SITE_CASES if c["site"] in SITES]
    rows = []
    with launch(profiles=[]) as session:
        session.wait_for_host()
        use_profiles(session, [PROFILE], "auto")
        for entry in cases:
            found = attempt(lambda e=entry: detected(session, e))
            wrong = attempt(lambda e=entry: acted(session, e, right=False))
            # With no identity to be right about (switched in another tab), only "held" counts.
            right = (attempt(lambda e=entry: acted(session, e, right=True))
                     if entry["expect"]["handle"] else None)
            rows.append({
                "site": entry["site"], "scenario": entry["scenario"],
                "found": "error" not in found and found_right(entry, found),
                "wrong_held": "error" not in wrong and bool(wrong.get("held"))
                and wrong["handler_runs"] == 0 and wrong["after_cancel"] == 0,
                "right_passed": None if right is None else
                ("error" not in right and not right["held"] and right["straight"]
                 and right["handler_runs"] == 1),
            })

    def share(key: str) -> dict[str, Any]:
        counted = [bool(r[key]) for r in rows if r[key] is not None]
        fraction = round(sum(counted) / len(counted), 3) if counted else None
        return {"ok": sum(counted), "of": len(counted), "fraction": fraction}

    report = {
        "pages": len(rows),
        "identity_kind_and_target_found": share("found"),
        "wrong_persona_held": share("wrong_held"),
        "right_persona_passed": share("right_passed"),
        "goal": 0.95,
        "misses": [r for r in rows
                   if not r["found"] or not r["wrong_held"] or r["right_passed"] is False],
        "by_site": {site: {k: share_of(rows, site, k)
                           for k in ("found", "wrong_held", "right_passed")} for site in SITES},
    }
    print(json.dumps(report, indent=2))


def share_of(rows: list[dict[str, Any]], site: str, key: str) -> str:
    counted = [r[key] for r in rows if r["site"] == site and r[key] is not None]
    return f"{sum(bool(v) for v in counted)}/{len(counted)}"


if __name__ == "__main__":
    main()
