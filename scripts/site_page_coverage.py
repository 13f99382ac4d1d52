"""How often the adapters get each site page right, as counts: the identity, its kind and
the reply target (or target) found; a wrong-persona submit held; a right-persona submit
let straight through. Plays every pages.json row with `checks` in Chromium with the real
extension and host (tests/e2e/site_play.py), and prints JSON.

    .venv/bin/python scripts/site_page_coverage.py [--site facebook] [--site linkedin]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from native_host.browser.session import launch
from tests.e2e.harness import SITE_PAGES, open_fixture
from tests.e2e.site_play import detected, play_right, play_wrong, scored, start

MEASURES = ("identity", "kind", "reply_target", "wrong_held", "right_passed")


def play(session: Any, entry: dict[str, Any]) -> dict[str, bool | None]:
    """One row's results; None where the row has nothing to measure (no right persona)."""
    checks = entry["checks"]
    start(session, entry)
    page = open_fixture(session, entry)
    try:
        got = scored(detected(session, page, entry), checks)
        result: dict[str, bool | None] = {
            "identity": got["identity"], "kind": got["kind"],
            "reply_target": got["reply_to"] and got["target"] and got["action"]}
        wrong = play_wrong(session, page, entry)
        result["wrong_held"] = wrong["verdict"]["decision"] != "allow" and wrong["submitted"] == 0
        if "switch" in checks:
            page.click(checks["switch"]["click"])
            again = scored(detected(session, page, entry), checks, checks["switch"]["identity"])
            result["identity"] = bool(result["identity"] and again["identity"])
            result["kind"] = bool(result["kind"] and again["kind"])
        if checks["right"] is None:
            result["right_passed"] = None
        else:
            right = play_right(session, page, entry)
            result["right_passed"] = (right["verdict"]["decision"] == "allow"
                                      and right["submitted"] == 1 and right["straight"] == 1
                                      and right["dialog"] is None)
        return result
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", help="only these sites (repeatable)")
    args = parser.parse_args()
    rows = [p for p in SITE_PAGES if not args.site or p["site"] in args.site]
    results: dict[str, dict[str, Any]] = {}
    with launch(profiles=[]) as session:
        session.wait_for_host()
        for entry in rows:
            name = f"{entry['site']}/{entry['scenario']}"
            try:
                results[name] = play(session, entry)
            except Exception as error:  # a failed row counts as missed, and says why
                results[name] = {**dict.fromkeys(MEASURES, False),
                                 "error": f"{type(error).__name__}: {str(error)[:200]}"}
    summary = {}
    for measure in MEASURES:
        values = [r[measure] for r in results.values() if r[measure] is not None]
        hits = sum(1 for v in values if v)
        summary[measure] = {"hits": hits, "of": len(values),
                            "fraction": round(hits / len(values), 3) if values else None}
    missed = {name: r for name, r in results.items()
              if any(r[m] is False for m in MEASURES)}
    print(json.dumps({"pages": len(results), "sites": sorted({p["site"] for p in rows}),
                      "summary": summary, "missed": missed}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
